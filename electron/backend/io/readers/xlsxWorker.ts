/**
 * The workbook reading thread of an .xlsx import (xlsxFile.ts `streamXlsx`): unzips and parses the
 * sheet with exceljs's streaming reader and posts its data rows, as cell texts, in batches. At most
 * {@link AHEAD} batches are in flight: the main thread asks for more ('more') as it consumes them, so a
 * slow import never makes this thread buffer the sheet.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { rowCells, visit, type XlsxWorkerInit, type XlsxWorkerMessage } from './xlsxFile.js';

const BATCH = 2000;
const AHEAD = 4;

const port = parentPort;
const init = workerData as XlsxWorkerInit;
let credits = AHEAD;
let wake: (() => void) | null = null;
port?.on('message', () => {
  credits++;
  wake?.();
  wake = null;
});

const send = (m: XlsxWorkerMessage): void => port?.postMessage(m);

async function main(): Promise<void> {
  let rows: { cells: string[]; row: number }[] = [];
  let bytes = 0;
  let header = true;
  const flush = async (): Promise<void> => {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    send({ kind: 'rows', rows, bytes });
    rows = [];
  };
  await visit(init.path, init.sheet, {
    onSheets: () => undefined,
    onBytes: (b) => {
      bytes = b;
    },
    onRow: (row) => {
      if (header) {
        header = false;
        return true;
      }
      rows.push({ cells: rowCells(row.values, init.width), row: row.number });
      return rows.length < BATCH ? true : flush().then(() => true);
    },
  });
  if (rows.length > 0) await flush();
  send({ kind: 'end' });
}

main().catch((e: unknown) => send({ kind: 'error', message: e instanceof Error ? e.message : String(e) }));
