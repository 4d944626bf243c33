/**
 * A big entity import on both cores: a convert thread (entityConvertWorker.ts) reads the file and checks and
 * converts its records (EntityConverter, entityConvert.ts: keys, lookups, cells, choice options) while the
 * import thread upserts and commits the batches it receives (EntitySink.write). Batches cross packed — one
 * string and three typed arrays — not as a structured clone per value. Everything else keeps its meaning:
 * each batch is one transaction (a kill or a cancel leaves whole batches), errors name their row and column,
 * options are written with the batch whose rows added them, progress and the data change are per committed
 * batch, and the convert thread never runs more than {@link ENTITY_AHEAD} batches ahead. Not used when the
 * entity looks itself up (EntitySink.convertsAhead: those keys come from rows earlier batches wrote).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportErrorRow } from '../../../shared/models/import.js';
import type { ReadChoices } from './readers/source.js';
import {
  CONVERT_YOUNG_GENERATION_MB,
  unpackEntityBatch,
  type EntityBatch,
  type EntityConvertSetup,
  type PackedEntityBatch,
} from './entityConvert.js';

/** Batches the convert thread may have sent and not yet seen committed. */
export const ENTITY_AHEAD = 2;
/** Slots of the control array: batches committed (the convert thread waits on it), and stop (non-zero: read no further). */
export const CTL_COMMITTED = 0;
export const CTL_STOP = 1;

/** What the convert thread is started with. */
export interface EntityConvertRequest {
  setup: EntityConvertSetup;
  /** The database file (the thread opens it read-only for the lookup targets' keys). */
  dbPath: string;
  /** The file and how to read it (delimiter, encoding). */
  path: string;
  read: ReadChoices;
  batchSize: number;
  header: string[];
  control: SharedArrayBuffer;
  /** The import's cancel flag (importThread.ts), when it has one: the reading stops at the next record. */
  cancel: SharedArrayBuffer | null;
}

/** Messages from the convert thread, in order. */
export type EntityConvertMessage =
  /** `rowsIn` records were read (`unread` of them unreadable or with an over-long cell) up to `bytes` of the file. */
  | { type: 'batch'; packed: PackedEntityBatch; rowsIn: number; unread: ImportErrorRow[]; bytes: number }
  | { type: 'end'; stopped: boolean }
  | { type: 'error'; message: string };

/** One batch as the import thread commits it. */
export interface EntityPipelineBatch {
  batch: EntityBatch;
  rowsIn: number;
  unread: ImportErrorRow[];
  bytes: number;
}

/** Built, the thread is the compiled .js; in dev and tests TypeScript through tsx (as importThread.ts). */
function workerSpec(): { file: string; execArgv: string[] } {
  const isTs = __filename.endsWith('.ts');
  return {
    file: path.join(__dirname, isTs ? 'entityConvertWorker.ts' : 'entityConvertWorker.js'),
    execArgv: isTs ? ['--require', 'tsx/cjs'] : [],
  };
}

/**
 * Runs the convert thread over the file, handing each batch to `commit` in file order (it returns false to
 * stop: cancelled or failed). Resolves with `stopped` once the file is read or the import stopped; rejects
 * when the convert thread fails or dies (the batches committed so far stay).
 */
export function runEntityConvertThread(
  req: Omit<EntityConvertRequest, 'control'>,
  commit: (b: EntityPipelineBatch) => boolean,
): Promise<{ stopped: boolean }> {
  const control = new SharedArrayBuffer(8);
  const ctl = new Int32Array(control);
  const { file, execArgv } = workerSpec();
  const worker = new Worker(file, {
    workerData: { ...req, control } satisfies EntityConvertRequest,
    execArgv,
    resourceLimits: { maxYoungGenerationSizeMb: CONVERT_YOUNG_GENERATION_MB },
  });
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
    worker.on('message', (m: EntityConvertMessage) => {
      if (settled) return;
      if (m.type === 'error') return end(() => reject(new Error(m.message)));
      if (m.type === 'end') return end(() => resolve({ stopped: m.stopped }));
      let go: boolean;
      try {
        go = commit({ batch: unpackEntityBatch(m.packed), rowsIn: m.rowsIn, unread: m.unread, bytes: m.bytes });
      } catch (e) {
        return end(() => reject(e instanceof Error ? e : new Error(String(e))));
      }
      if (!go) return end(() => resolve({ stopped: true }));
      Atomics.add(ctl, CTL_COMMITTED, 1);
      Atomics.notify(ctl, CTL_COMMITTED);
    });
    worker.on('error', (e) => end(() => reject(e)));
    worker.on('exit', (code) => end(() => reject(new Error(`the entity convert thread stopped (exit code ${code})`))));
  });
}
