/**
 * The convert thread of a two-thread interactions import (interactionPipeline.ts): it reads the file,
 * checks and converts its records (interactionConvert.ts) with its own read-only connection for the
 * contact keys, and posts each batch packed in typed arrays; the import thread inserts and commits them.
 * It stays at most {@link AHEAD} batches ahead of the commits (a shared counter it waits on), so memory
 * stays bounded whatever the file's size, and stops reading when the import is cancelled or stopped.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportErrorRow } from '../../../shared/models/import.js';
import { openDatabase } from '../db/connection.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import { CSV_LIMITS, type CsvRecord } from './csvFile.js';
import { openSource } from './readers/source.js';
import { pointKeyLookup, type KeyLookup } from './cells.js';
import { KeyIndex } from './keyIndex.js';
import { InteractionConverter, packBatch, packedTransfer } from './interactionConvert.js';
import { AHEAD, CTL_COMMITTED, CTL_STOP, type ConvertRequest, type ConvertMessage } from './interactionPipeline.js';

const port = parentPort;
if (!port) throw new Error('the convert thread must run in a worker thread');
const req = workerData as ConvertRequest;
const post = (m: ConvertMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

async function run(): Promise<void> {
  const ctl = new Int32Array(req.control);
  const cancel = req.cancel ? new Int32Array(req.cancel) : null;
  const stopNow = (): boolean => Atomics.load(ctl, CTL_STOP) !== 0 || (cancel !== null && Atomics.load(cancel, 0) !== 0);
  const db = openDatabase(req.dbPath, { readonly: true });
  let keys: KeyLookup;
  try {
    const contact = new CatalogRepo(db).entity('contact');
    keys = !contact
      ? new Map<string, number>()
      : req.contactKeys === 'point'
        ? pointKeyLookup(db, contact.table)
        : KeyIndex.load(db, contact.table);
  } catch (e) {
    db.close();
    throw e;
  }
  const converter = new InteractionConverter(req.setup, keys);
  const source = await openSource(req.opts.path, req.opts);
  const pending: CsvRecord[] = [];
  const unreadable: ImportErrorRow[] = [];
  let bytes = 0;
  let sent = 0;
  const flush = (): void => {
    if (pending.length + unreadable.length === 0) return;
    const rowsIn = pending.length + unreadable.length;
    const packed = packBatch(converter.convert(pending.splice(0)));
    post({ type: 'batch', packed, rowsIn, unread: unreadable.splice(0), bytes }, packedTransfer(packed));
    sent++;
    // Never more than AHEAD batches waiting for their commit.
    for (;;) {
      const done = Atomics.load(ctl, CTL_COMMITTED);
      if (sent - done < AHEAD || stopNow()) break;
      Atomics.wait(ctl, CTL_COMMITTED, done, 250);
    }
  };
  const full = (): boolean => {
    if (pending.length + unreadable.length >= req.batchSize) flush();
    return !stopNow();
  };
  try {
    const { stopped } = await source.stream({
      onRecord: (rec) => {
        if (stopNow()) return false;
        let long = -1;
        for (let i = 0; i < rec.cells.length; i++) if ((rec.cells[i] as string).length > CSV_LIMITS.maxCellChars) long = i;
        if (long >= 0) {
          const reason = `cell of ${rec.cells[long]?.length} characters; the limit is ${CSV_LIMITS.maxCellChars}`;
          unreadable.push({
            row: rec.row,
            column: req.header[long] ?? `${long + 1}`,
            value: rec.cells[long]?.slice(0, 100) ?? null,
            reason,
          });
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
  } finally {
    db.close();
  }
}

run().catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
