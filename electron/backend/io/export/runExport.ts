/**
 * Runs one export: pulls batches of typed rows, writes them to a temporary file next to the target
 * (so a half-written file never carries the final name), reports progress after every batch, yields
 * to other work between batches, and stops with `cancelled` when its signal fires — removing the
 * partial file either way it fails.
 */
import fs from 'node:fs';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { TypedValue } from '../../../../shared/values/format.js';
import { openTableFile, type AboutRows, type TableColumn, type TableFormat } from './tableFile.js';

/** Everything one export needs; `nextBatch` answers null after the last batch. */
export interface ExportRun {
  path: string;
  format: TableFormat;
  columns: readonly TableColumn[];
  /** Zone date-times are written in (the segment's; the user's for the contacts grid). */
  timeZone: string;
  sheetName: string;
  /** What the file is about (Excel writes it on an "About" sheet; CSV stays one table). */
  about?: AboutRows;
  nextBatch: () => (readonly TypedValue[])[] | null;
  onProgress: (rowsDone: number) => void;
  signal: AbortSignal;
}

export async function runExport(run: ExportRun): Promise<{ path: string; rows: number }> {
  const tmp = `${run.path}.partial`;
  const writer = openTableFile(tmp, run.format, run.columns, run.timeZone, run.sheetName, run.about);
  let done = 0;
  try {
    for (;;) {
      if (run.signal.aborted) throw new ApiFailure('cancelled', `The export to ${run.path} was cancelled; no file was written.`);
      const batch = run.nextBatch();
      if (batch === null) break;
      await writer.writeRows(batch);
      done += batch.length;
      run.onProgress(done);
      // Let other work (IPC, events, a cancel) run between batches.
      await new Promise((r) => setImmediate(r));
    }
    await writer.finish();
    fs.renameSync(tmp, run.path);
  } catch (err) {
    writer.abort();
    fs.rmSync(tmp, { force: true });
    if (err instanceof ApiFailure) throw err;
    throw new ApiFailure('internal', `Could not write ${run.path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { path: run.path, rows: done };
}
