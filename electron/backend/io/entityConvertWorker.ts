/**
 * The convert thread of a two-thread entity import (entityPipeline.ts): it reads the file, checks and
 * converts its records (EntityConverter) with its own read-only connection for the lookup targets' keys,
 * and posts each batch packed; the import thread writes and commits them. It stays at most
 * {@link ENTITY_AHEAD} batches ahead of the commits, so memory stays bounded whatever the file's size, and
 * stops reading when the import is cancelled or stopped. Records are split into batches exactly as the
 * one-thread loop does (importJob.ts): `batchSize` records, unreadable ones and over-long cells included.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportErrorRow } from '../../../shared/models/import.js';
import { openDatabase } from '../db/connection.js';
// The CSV reader itself, not readers/source.ts: that loads the workbook reader too (~0.3-0.6 s of module
// loading per thread start, for a file the pipeline never takes: it is for CSV only).
import { CSV_LIMITS, inspectCsv, streamCsv, type CsvRecord } from './csvFile.js';
import { loadKeyMap } from './cells.js';
import { EntityConverter, packEntityBatch, packedEntityTransfer } from './entityConvert.js';
import { CTL_COMMITTED, CTL_STOP, ENTITY_AHEAD, type EntityConvertMessage, type EntityConvertRequest } from './entityPipeline.js';

const port = parentPort;
if (!port) throw new Error('the entity convert thread must run in a worker thread');
const req = workerData as EntityConvertRequest;
const post = (m: EntityConvertMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

async function run(): Promise<void> {
  const ctl = new Int32Array(req.control);
  const cancel = req.cancel ? new Int32Array(req.cancel) : null;
  const stopNow = (): boolean => Atomics.load(ctl, CTL_STOP) !== 0 || (cancel !== null && Atomics.load(cancel, 0) !== 0);
  const db = openDatabase(req.dbPath, { readonly: true });
  let converter: EntityConverter;
  try {
    converter = new EntityConverter(req.setup, new Map(req.setup.lookupTables.map((t) => [t.entity, loadKeyMap(db, t.table)])));
  } finally {
    // The key maps are loaded: the thread needs the database no more.
    db.close();
  }
  const head = inspectCsv(req.path, req.read);
  const pending: CsvRecord[] = [];
  const unreadable: ImportErrorRow[] = [];
  let bytes = 0;
  let sent = 0;
  const flush = (): void => {
    if (pending.length + unreadable.length === 0) return;
    const rowsIn = pending.length + unreadable.length;
    const packed = packEntityBatch(converter.convert(pending.splice(0)));
    post({ type: 'batch', packed, rowsIn, unread: unreadable.splice(0), bytes }, packedEntityTransfer(packed));
    sent++;
    // Never more than ENTITY_AHEAD batches waiting for their commit.
    for (;;) {
      const done = Atomics.load(ctl, CTL_COMMITTED);
      if (sent - done < ENTITY_AHEAD || stopNow()) break;
      Atomics.wait(ctl, CTL_COMMITTED, done, 250);
    }
  };
  const full = (): boolean => {
    if (pending.length + unreadable.length >= req.batchSize) flush();
    return !stopNow();
  };
  const { stopped } = await streamCsv(head, {
    onRecord: (rec) => {
      if (stopNow()) return false;
      let long = -1;
      for (let i = 0; i < rec.cells.length; i++) if ((rec.cells[i] as string).length > CSV_LIMITS.maxCellChars) long = i;
      if (long >= 0) {
        const reason = `cell of ${rec.cells[long]?.length} characters; the limit is ${CSV_LIMITS.maxCellChars}`;
        unreadable.push({ row: rec.row, column: req.header[long] ?? `${long + 1}`, value: rec.cells[long]?.slice(0, 100) ?? null, reason });
        return full();
      }
      pending.push(rec);
      return full();
    },
    onUnreadable: (row, reason) => unreadable.push({ row, column: null, value: null, reason: `unreadable CSV: ${reason}` }),
    onChunk: (b) => {
      bytes = b;
    },
  });
  const stop = stopped || stopNow();
  if (!stop) flush();
  post({ type: 'end', stopped: stop });
}

run().catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
