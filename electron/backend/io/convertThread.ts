/**
 * The convert thread of a two-thread import (convertPipeline.ts): it reads the CSV, splits it into batches
 * exactly as the one-thread loop does (RecordBatch: `batchSize` records, refused ones included), converts
 * each batch with the converter its request names, reading the keys it resolves through its own read-only
 * connection, and posts it packed; the import thread writes and commits them. It stays at most
 * {@link AHEAD} batches ahead of the commits (a shared counter it waits on), so memory stays bounded
 * whatever the file's size, and stops reading when the import is cancelled or stopped.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
// The CSV reader itself, not readers/source.ts: that loads the workbook reader too (~0.3-0.6 s of module
// loading per thread start, for a file the pipeline never takes: it is for CSV only).
import { inspectCsv, streamCsv, type CsvRecord } from './csvFile.js';
import { loadKeyMap, pointKeyLookup, type KeyLookup } from './cells.js';
import { KeyIndex } from './keyIndex.js';
import { EntityConverter, packEntityBatch, packedEntityTransfer } from './entityConvert.js';
import { InteractionConverter, packBatch, packedTransfer } from './interactionConvert.js';
import { batchHandlers, RecordBatch } from './recordBatch.js';
import {
  AHEAD,
  CTL_COMMITTED,
  CTL_STOP,
  type ConvertKind,
  type ConvertMessage,
  type ConvertRequest,
  type PackedOf,
} from './convertPipeline.js';

const port = parentPort;
if (!port) throw new Error('the convert thread must run in a worker thread');
const req = workerData as ConvertRequest;
const post = (m: ConvertMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

/** A converter ready to run: a batch's records in, its packed form and the buffers to move out. */
interface Converting {
  convert(records: CsvRecord[]): { packed: PackedOf[keyof PackedOf]; transfer: ArrayBuffer[] };
  /** Ends what the converter still reads from (a point lookup's connection). */
  close(): void;
}

/** Builds the request's converter; its keys are read here, through a read-only connection of the thread's own. */
function converting(kind: ConvertKind, dbPath: string): Converting {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    if (kind.kind === 'entity') {
      const maps = new Map(kind.setup.lookupTables.map((t) => [t.entity, loadKeyMap(db, t.table)]));
      const converter = new EntityConverter(kind.setup, maps);
      // The key maps are loaded: the thread needs the database no more.
      db.close();
      return {
        convert: (records) => {
          const packed = packEntityBatch(converter.convert(records));
          return { packed, transfer: packedEntityTransfer(packed) };
        },
        close: () => undefined,
      };
    }
    const contact = new CatalogRepo(db).entity('contact');
    const point = contact !== undefined && kind.contactKeys === 'point';
    const keys: KeyLookup = !contact
      ? new Map<string, number>()
      : point
        ? pointKeyLookup(db, contact.table)
        : KeyIndex.load(db, contact.table);
    // Point lookups read the contacts as the file goes; otherwise everything is loaded.
    if (!point) db.close();
    const converter = new InteractionConverter(kind.setup, keys);
    return {
      convert: (records) => {
        const packed = packBatch(converter.convert(records));
        return { packed, transfer: packedTransfer(packed) };
      },
      close: () => {
        if (db.open) db.close();
      },
    };
  } catch (e) {
    if (db.open) db.close();
    throw e;
  }
}

async function run(): Promise<void> {
  const ctl = new Int32Array(req.control);
  const cancel = req.cancel ? new Int32Array(req.cancel) : null;
  const stopNow = (): boolean => Atomics.load(ctl, CTL_STOP) !== 0 || (cancel !== null && Atomics.load(cancel, 0) !== 0);
  const converter = converting(req.convert, req.dbPath);
  try {
    const head = inspectCsv(req.path, req.read);
    const batch = new RecordBatch(req.header);
    let bytes = 0;
    let sent = 0;
    const flush = (): void => {
      const rowsIn = batch.size;
      if (rowsIn === 0) return;
      const { records, unread } = batch.take();
      const { packed, transfer } = converter.convert(records);
      post({ type: 'batch', packed, rowsIn, unread, bytes }, transfer);
      sent++;
      // Never more than AHEAD batches waiting for their commit.
      for (;;) {
        const done = Atomics.load(ctl, CTL_COMMITTED);
        if (sent - done < AHEAD || stopNow()) break;
        Atomics.wait(ctl, CTL_COMMITTED, done, 250);
      }
    };
    const { stopped } = await streamCsv(
      head,
      batchHandlers(batch, {
        stop: stopNow,
        added: () => {
          if (batch.size >= req.batchSize) flush();
          return !stopNow();
        },
        bytes: (done) => {
          bytes = done;
        },
      }),
    );
    const stop = stopped || stopNow();
    if (!stop) flush();
    post({ type: 'end', stopped: stop });
  } finally {
    converter.close();
  }
}

run().catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
