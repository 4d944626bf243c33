/**
 * Excel workbooks (.xlsx) read directly with exceljs's streaming WorkbookReader: the workbook is never
 * loaded whole; rows arrive one at a time (a sheet stored before the shared strings is spooled to a
 * temporary file by exceljs, not to memory). The first row of the chosen sheet is the header. Cells stay
 * typed: numbers are written as plain numbers (`1234.5`, never a locale's form) and date cells as ISO
 * (`YYYY-MM-DD`, or the full UTC instant when they carry a time), so they go through the same value
 * pipeline as CSV text and parse without any locale or date format.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type ExcelJSModule from 'exceljs';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { CsvHead, CsvRecord, StreamHandlers } from '../csvFile.js';
import { CSV_LIMITS } from '../csvFile.js';
import { DELIMITERS } from './delimiter.js';

/**
 * exceljs, loaded when the first workbook is read: loading it took 0.3–0.6 s, which every import thread
 * paid at its start even for a CSV file (its module graph reaches this file through readers/source.ts).
 */
let excel: Promise<typeof ExcelJSModule> | null = null;
const loadExcel = (): Promise<typeof ExcelJSModule> => (excel ??= import('exceljs').then((m) => m.default));

/** A workbook starts with the zip signature. */
export function isZip(path: string): boolean {
  const fd = fs.openSync(path, 'r');
  try {
    const b = Buffer.alloc(4);
    const n = fs.readSync(fd, b, 0, 4, 0);
    return n === 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  } finally {
    fs.closeSync(fd);
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** One cell's value as the text the import's value pipeline reads. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const day = `${pad(v.getUTCFullYear(), 4)}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    const ms = v.getTime() % 86_400_000;
    return ms === 0 ? day : v.toISOString();
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string; formula?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o || 'formula' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error !== undefined) return '';
  }
  return String(v);
}

/** Cells of an exceljs row (`values` is 1-based and sparse) as texts, padded to `width`. */
export function rowCells(values: unknown, width: number): string[] {
  const vals = Array.isArray(values) ? (values as unknown[]) : [];
  const n = Math.max(width, vals.length - 1);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = cellText(vals[i + 1]);
  // Trailing empty cells past the header are formatting, not data.
  while (out.length > width && out[out.length - 1] === '') out.pop();
  return out;
}

/** One row as exceljs delivers it. */
export interface SheetRow {
  number: number;
  values: unknown;
}

/** What {@link visit} calls. */
export interface Visit {
  /** Sheet names (known once the workbook part has been read). */
  onSheets(names: string[]): void;
  /** A row of the chosen sheet; return (or resolve) false to stop; a promise pauses the reading. */
  onRow(row: SheetRow): boolean | Promise<boolean>;
  onBytes?(bytes: number): void;
}

/** Streams the chosen sheet's rows (`sheet` null = the first). Resolves `stopped` when a visitor stopped. */
export async function visit(path: string, sheet: string | null, v: Visit): Promise<{ stopped: boolean; found: boolean; names: string[] }> {
  // Before the stream exists: its byte counter below starts it flowing, and the reader must see every chunk.
  const ExcelJS = await loadExcel();
  const input = fs.createReadStream(path, { highWaterMark: 1024 * 1024 });
  let bytes = 0;
  input.on('data', (c) => {
    bytes += c.length;
    v.onBytes?.(bytes);
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let names: string[] = [];
  try {
    for await (const ws of reader) {
      const model = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model;
      names = (model?.sheets ?? []).map((s) => s.name);
      v.onSheets(names);
      const name = (ws as unknown as { name?: string }).name ?? '';
      if (sheet !== null && name !== sheet) continue;
      for await (const row of ws) {
        const go = v.onRow(row as unknown as SheetRow);
        if (!(typeof go === 'boolean' ? go : await go)) return { stopped: true, found: true, names };
      }
      return { stopped: false, found: true, names };
    }
    return { stopped: false, found: false, names };
  } catch (e) {
    throw new ApiFailure('invalid_input', `${path}: this workbook could not be read (${e instanceof Error ? e.message : String(e)}).`, [
      { path: 'path', message: 'not a readable .xlsx workbook' },
    ]);
  } finally {
    input.destroy();
  }
}

/** The head of a workbook plus up to `limit` data rows (one pass over the start of the sheet). */
export async function inspectXlsx(path: string, sheet: string | undefined, limit: number): Promise<{ head: CsvHead; sample: CsvRecord[] }> {
  const totalBytes = fs.statSync(path).size;
  let header: string[] | null = null;
  let hasData = false;
  const sample: CsvRecord[] = [];
  const refuse = (message: string): never => {
    throw new ApiFailure('invalid_input', `${path}: ${message}`, [{ path: 'sheet', message }]);
  };
  const r = await visit(path, sheet ?? null, {
    onSheets: () => undefined,
    onRow: (row) => {
      if (header === null) {
        header = rowCells(row.values, 0).map((h) => h.trim());
        return true;
      }
      hasData = true;
      if (sample.length >= limit) return false;
      sample.push({ cells: rowCells(row.values, header.length), row: row.number });
      return true;
    },
  });
  if (!r.found) refuse(sheet ? `the workbook has no sheet "${sheet}" (sheets: ${r.names.join(', ')}).` : 'the workbook has no sheets.');
  const h: string[] = header ?? refuse(`the sheet "${sheet ?? r.names[0] ?? ''}" is empty.`);
  if (h.length > CSV_LIMITS.maxColumns)
    refuse(`the sheet has ${h.length} columns; the limit is ${CSV_LIMITS.maxColumns} columns per file.`);
  const seen = new Set<string>();
  h.forEach((name, i) => {
    if (name === '') refuse(`no header row: column ${i + 1} of the first row has no name.`);
    if (seen.has(name.toLowerCase())) refuse(`the header names column "${name}" twice.`);
    seen.add(name.toLowerCase());
  });
  const chosen = sheet ?? r.names[0] ?? 'Sheet1';
  const head: CsvHead = {
    path,
    totalBytes,
    header: h,
    lineEnd: 'lf',
    hasData,
    encoding: 'utf-8',
    delimiter: ',',
    // A `;` CSV opened in Excel with another list separator keeps each line in one cell: the same guard.
    wholeLine: h.length === 1 ? (DELIMITERS.find((c) => h[0]?.includes(c)) ?? null) : null,
    reading: {
      format: 'xlsx',
      encoding: null,
      encodingReason: null,
      delimiter: null,
      delimiterConfidence: 1,
      delimiterChosen: false,
      sheet: chosen,
      sheets: r.names,
    },
  };
  return { head, sample };
}

/** A batch of rows from the reading worker (xlsxWorker.ts), or its end, or its failure. */
export type XlsxWorkerMessage =
  { kind: 'rows'; rows: { cells: string[]; row: number }[]; bytes: number } | { kind: 'end' } | { kind: 'error'; message: string };

/** What the reading worker is started with. */
export interface XlsxWorkerInit {
  path: string;
  sheet: string | null;
  width: number;
}

/** In dev and tests the worker is TypeScript run through tsx's CommonJS hook (as evaluator/host.ts does). */
function workerSpec(): { file: string; execArgv: string[] } {
  const isTs = __filename.endsWith('.ts');
  return { file: path.join(__dirname, isTs ? 'xlsxWorker.ts' : 'xlsxWorker.js'), execArgv: isTs ? ['--require', 'tsx/cjs'] : [] };
}

/**
 * Streams the data rows of the workbook's sheet (header skipped) through the handlers. The workbook is
 * unzipped and parsed on a worker thread (xlsxWorker.ts), a few batches ahead of the import, which
 * converts and writes on this thread meanwhile: parsing XML is most of an .xlsx import's CPU time, and
 * the two cores work in parallel. The worker is ended when the import stops.
 */
export function streamXlsx(head: CsvHead, h: StreamHandlers): Promise<{ stopped: boolean }> {
  const spec = workerSpec();
  const init: XlsxWorkerInit = { path: head.path, sheet: head.reading.sheet, width: head.header.length };
  const worker = new Worker(spec.file, { workerData: init, execArgv: spec.execArgv });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on('message', (m: XlsxWorkerMessage) => {
      if (settled) return;
      if (m.kind === 'error') return finish(() => reject(new ApiFailure('invalid_input', m.message)));
      if (m.kind === 'end') return finish(() => resolve({ stopped: false }));
      try {
        for (const rec of m.rows) if (!h.onRecord(rec)) return finish(() => resolve({ stopped: true }));
        h.onChunk(Math.min(m.bytes, head.totalBytes));
      } catch (e) {
        return finish(() => reject(e));
      }
      worker.postMessage('more');
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the workbook reader stopped (exit code ${code})`))));
  });
}
