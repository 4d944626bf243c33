/**
 * A big CSV import on both cores: a convert thread (convertThread.ts) reads the file and checks and converts
 * its records — keys, lookups, timestamps, cells, choice options — while the import thread writes and commits
 * the batches it receives. Two kinds plug into the same thread and the same flow control:
 *
 * - `entity`: EntityConverter (entityConvert.ts) with the key maps of the lookup targets; the import thread
 *   upserts with `EntitySink.write`. Not used when the entity looks itself up (`EntitySink.convertsAhead`:
 *   those keys come from rows earlier batches wrote).
 * - `interaction`: InteractionConverter (interactionConvert.ts) with the contact keys; the import thread
 *   inserts with `InteractionSink.writeConverted` (type ids, new types and fields, the summary).
 *
 * Batches cross packed — typed arrays and one string each — not as a structured clone per value (its
 * deserialisation alone cost ~0.26 CPU s per 200k contact rows on the inserting thread). Everything else keeps
 * its meaning: each batch is one transaction (a kill or a cancel leaves whole batches), errors name their row
 * and column, options are written with the batch whose rows added them, progress and the data change are per
 * committed batch, and the convert thread never runs more than {@link AHEAD} batches ahead of the commits.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportErrorRow } from '../../../shared/models/import.js';
import type { ReadChoices } from './readers/source.js';
import { CONVERT_YOUNG_GENERATION_MB, type EntityConvertSetup, type PackedEntityBatch } from './entityConvert.js';
import type { ConvertSetup, PackedBatch } from './interactionConvert.js';

/** Batches the convert thread may have sent and not yet seen committed. */
export const AHEAD = 2;
/** Slots of the control array: batches committed (the convert thread waits on it), and stop (non-zero: read no further). */
export const CTL_COMMITTED = 0;
export const CTL_STOP = 1;

/** Which converter the thread runs, and what it is built from (plain data: it is posted to the thread). */
export type ConvertKind =
  | { kind: 'entity'; setup: EntityConvertSetup }
  /** `contactKeys`: all contact keys loaded at the start ('bulk') or looked up one by one ('point', cells.ts). */
  | { kind: 'interaction'; setup: ConvertSetup; contactKeys: 'bulk' | 'point' };

/** What a batch of each kind crosses as. */
export interface PackedOf {
  entity: PackedEntityBatch;
  interaction: PackedBatch;
}

/** What the convert thread is started with. */
export interface ConvertRequest {
  convert: ConvertKind;
  /** The database file (the thread opens it read-only for the keys its converter resolves). */
  dbPath: string;
  /** The CSV file and how to read it (delimiter and encoding as the import detected them). */
  path: string;
  read: ReadChoices;
  batchSize: number;
  header: string[];
  control: SharedArrayBuffer;
  /** The import's cancel flag (importThread.ts), when it has one: the reading stops at the next record. */
  cancel: SharedArrayBuffer | null;
}

/** Messages from the convert thread, in order. */
export type ConvertMessage<P = PackedOf[keyof PackedOf]> =
  /** `rowsIn` records were read (`unread` of them unreadable or with an over-long cell) up to `bytes` of the file. */
  | { type: 'batch'; packed: P; rowsIn: number; unread: ImportErrorRow[]; bytes: number }
  | { type: 'end'; stopped: boolean }
  | { type: 'error'; message: string };

/** One batch as the import thread commits it. */
export interface PipelineBatch<B> {
  batch: B;
  rowsIn: number;
  unread: ImportErrorRow[];
  bytes: number;
}

/** Built, the thread is the compiled .js; in dev and tests TypeScript through tsx (as importThread.ts). */
function workerSpec(): { file: string; execArgv: string[] } {
  const isTs = __filename.endsWith('.ts');
  return { file: path.join(__dirname, isTs ? 'convertThread.ts' : 'convertThread.js'), execArgv: isTs ? ['--require', 'tsx/cjs'] : [] };
}

/**
 * Runs the convert thread over the file, handing each batch, unpacked by `unpack`, to `commit` in file order
 * (it returns false to stop: cancelled or failed). Resolves with `stopped` once the file is read or the import
 * stopped; rejects when the convert thread fails or dies (the batches committed so far stay). `started`, when
 * given, hears of the thread as it is created.
 */
export function runConvertThread<K extends ConvertKind['kind'], B>(
  req: Omit<ConvertRequest, 'control' | 'convert'> & { convert: Extract<ConvertKind, { kind: K }> },
  unpack: (p: PackedOf[K]) => B,
  commit: (b: PipelineBatch<B>) => boolean,
  started?: (thread: Worker) => void,
): Promise<{ stopped: boolean }> {
  const control = new SharedArrayBuffer(8);
  const ctl = new Int32Array(control);
  const { file, execArgv } = workerSpec();
  // The entity converter's batches make ~30 MB of short-lived values each: a bigger young generation
  // (entityConvert.ts, measured there) keeps them from being promoted. The interactions one is not measured.
  const resourceLimits = req.convert.kind === 'entity' ? { maxYoungGenerationSizeMb: CONVERT_YOUNG_GENERATION_MB } : {};
  const worker = new Worker(file, { workerData: { ...req, control } satisfies ConvertRequest, execArgv, resourceLimits });
  started?.(worker);
  return new Promise((resolve, reject) => {
    let settled = false;
    const end = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      Atomics.store(ctl, CTL_STOP, 1);
      Atomics.notify(ctl, CTL_COMMITTED);
      // The thread has nothing left to give; ending it frees its connection and its read-ahead at once.
      void worker.terminate().then(fn, fn);
    };
    worker.on('message', (m: ConvertMessage<PackedOf[K]>) => {
      if (settled) return;
      if (m.type === 'error') return end(() => reject(new Error(m.message)));
      if (m.type === 'end') return end(() => resolve({ stopped: m.stopped }));
      let go: boolean;
      try {
        go = commit({ batch: unpack(m.packed), rowsIn: m.rowsIn, unread: m.unread, bytes: m.bytes });
      } catch (e) {
        return end(() => reject(e instanceof Error ? e : new Error(String(e))));
      }
      if (!go) return end(() => resolve({ stopped: true }));
      Atomics.add(ctl, CTL_COMMITTED, 1);
      Atomics.notify(ctl, CTL_COMMITTED);
    });
    worker.on('error', (e) => end(() => reject(e)));
    worker.on('exit', (code) => end(() => reject(new Error(`the convert thread stopped (exit code ${code})`))));
  });
}
