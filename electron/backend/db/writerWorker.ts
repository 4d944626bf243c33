/**
 * The writer thread (see writer.ts): its own connection to the store, one job at a time, each job one
 * transaction. The main connection has already migrated the schema.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../../shared/api/result.js';
import { runWriteJob } from '../live/writeJobs.js';
import { openDatabase } from './connection.js';
import type { CheckpointResult, WriterInit, WriterMessage, WriterRequest } from './writer.js';

const port = parentPort;
if (!port) throw new Error('the writer must run in a worker thread');
const init = workerData as WriterInit;
const db = openDatabase(init.dbPath, { skipMigrations: true });

/** Copies committed WAL frames back into the database file; never waits for readers or writers. */
function checkpoint(): CheckpointResult {
  const row = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
  return row[0] ?? { busy: 0, log: 0, checkpointed: 0 };
}

// The main connection's checkpoints run here (writer.ts), between jobs: a job is never interrupted.
if (init.checkpointEveryMs > 0) setInterval(checkpoint, init.checkpointEveryMs).unref();

function toError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.toError();
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

port.on('message', (msg: WriterRequest) => {
  let reply: WriterMessage;
  try {
    const output = msg.job.kind === 'checkpoint' ? checkpoint() : runWriteJob(db, msg.job);
    reply = { type: 'done', id: msg.id, output };
  } catch (err) {
    reply = { type: 'failed', id: msg.id, error: toError(err) };
  }
  port.postMessage(reply);
});
