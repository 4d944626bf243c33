/**
 * The evaluator worker started before the backend is built. The web host calls {@link startEvaluatorEarly}
 * in its first lines, so the worker boots and pre-warms while the main thread still loads the rest of
 * the app: at 1M contacts a first estimate right after the host listened otherwise found the worker
 * not yet booted (it was created ~20 ms before listening and booted in ~90 ms) and then loaded every
 * column itself (docs/performance.md, session 9). The backend's EvaluatorHost adopts the worker when it
 * asks for the same one (same database file and options); any other worker started early is stopped.
 *
 * Only for a database this app version has already migrated and that is in WAL mode (read from the
 * file's header): the worker reads the schema as it is, and must never race the main connection's
 * migration or its switch of journal mode.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SCHEMA_VERSION } from '../db/migrations/index.js';
import type { WorkerInit, WorkerMessage } from './protocol.js';
import { workerSpec } from './workerSpec.js';

/** What the early start needs to know besides the database (the rest of WorkerInit is made here). */
export type EarlyOptions = Omit<WorkerInit, 'cancel'>;

/** A worker started early, with the messages it sent before its host took it (in order). */
export interface EarlyWorker {
  worker: Worker;
  cancel: SharedArrayBuffer;
  buffered: WorkerMessage[];
}

/**
 * The worker an app host's backend asks for (backend/index.ts: host 'electron' or 'web' pre-warms, keeps
 * snapshots and runs their builder). test/integration/earlyEvaluator.test.ts proves a web backend adopts it.
 */
export function appWorkerOptions(dbPath: string): EarlyOptions {
  return { dbPath, engine: 'columnar', prewarm: true, snapshots: true, builder: true };
}

let early: (EarlyWorker & { key: string; gone: boolean; stopBuffering: () => void }) | null = null;

const keyOf = (o: EarlyOptions): string =>
  JSON.stringify([path.resolve(o.dbPath), o.engine ?? 'columnar', o.prewarm === true, o.snapshots === true, o.builder === true]);

/**
 * Whether the file at `dbPath` is an SQLite database of this schema version in WAL mode, read from its
 * 100-byte header (user_version at offset 60, big-endian; read and write format 2 = WAL at 18 and 19).
 * A migration committed but not yet checkpointed leaves an older version in the file: no early start
 * then, which is the safe side.
 */
export function readyForEarlyStart(dbPath: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dbPath, 'r');
    const h = Buffer.alloc(100);
    if (fs.readSync(fd, h, 0, 100, 0) < 100) return false;
    if (h.toString('latin1', 0, 16) !== 'SQLite format 3\0') return false;
    return h[18] === 2 && h[19] === 2 && h.readUInt32BE(60) === SCHEMA_VERSION;
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Starts the worker for `options` now, if the database allows it (see above); the worker, or null. */
export function startEvaluatorEarly(options: EarlyOptions): Worker | null {
  if (early || !readyForEarlyStart(options.dbPath)) return null;
  const cancel = new SharedArrayBuffer(4);
  const { file, execArgv } = workerSpec();
  // Pre-warm waits for the host's word (EvaluatorHost.releasePrewarm, after listening): only the boot
  // overlaps the host's start, not the column reads that delayed its listening in session 9.
  const worker = new Worker(file, { workerData: { ...options, cancel, holdPrewarm: true } satisfies WorkerInit, execArgv });
  const buffered: WorkerMessage[] = [];
  const keep = (msg: WorkerMessage): void => {
    buffered.push(msg);
  };
  worker.on('message', keep);
  // A worker that failed or stopped before it was adopted is not handed over: the host starts its own.
  const gone = (): void => {
    if (early?.worker === worker) early.gone = true;
  };
  worker.on('error', gone);
  worker.on('exit', gone);
  early = { worker, cancel, buffered, key: keyOf(options), gone: false, stopBuffering: () => worker.off('message', keep) };
  return worker;
}

/**
 * The early worker when it was started for exactly these options (it stops buffering: the caller
 * attaches its own listeners, then replays `buffered`); otherwise null, and a worker started early
 * for other options is stopped.
 */
export function takeEarlyWorker(options: EarlyOptions): EarlyWorker | null {
  const e = early;
  early = null;
  if (!e) return null;
  if (e.gone || e.key !== keyOf(options)) {
    void e.worker.terminate();
    return null;
  }
  e.stopBuffering();
  return { worker: e.worker, cancel: e.cancel, buffered: e.buffered };
}

/** Stops a worker started early that no backend took (the host failed to start). */
export async function stopEarlyEvaluator(): Promise<void> {
  const e = early;
  early = null;
  if (e) await e.worker.terminate();
}
