/**
 * The evaluator worker thread: opens its own connection to the store and runs jobs one at a time.
 * Everything slow (segment queries, materialisation) happens here, so the main thread's event loop
 * never waits on SQLite for a segment.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../../shared/api/result.js';
import { openDatabase } from '../db/connection.js';
import { runEstimate, runMaterialise, runQuery, type BeforeStep } from './jobs.js';
import type { HostMessage, WorkerInit, WorkerMessage } from './protocol.js';

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('evaluator worker must run in a worker thread');

// The main connection has already migrated the schema; this one only reads and writes memberships.
const db = openDatabase(init.dbPath, { skipMigrations: true });
const cancel = new Int32Array(init.cancel);

const send = (msg: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

function toError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.toError();
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

port.on('message', (msg: HostMessage) => {
  if (msg.type !== 'job') return;
  const { id, job } = msg;
  const beforeStep: BeforeStep = (step, steps) => {
    if (Atomics.load(cancel, 0) === id) throw new ApiFailure('cancelled', 'The evaluation was cancelled (superseded by a newer one).');
    send({ type: 'progress', id, step, steps });
  };
  try {
    if (job.kind === 'estimate') send({ type: 'done', id, output: runEstimate(db, job, beforeStep) });
    else if (job.kind === 'materialise') send({ type: 'done', id, output: runMaterialise(db, job, beforeStep) });
    else {
      const output = runQuery(db, job);
      send({ type: 'done', id, output }, [output.rids.buffer as ArrayBuffer]);
    }
  } catch (err) {
    send({ type: 'failed', id, error: toError(err) });
  }
});

send({ type: 'ready' });
