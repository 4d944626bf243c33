/**
 * The writer thread (see writer.ts): its own connection to the store, one job at a time, each job one
 * transaction. The main connection has already migrated the schema.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../../shared/api/result.js';
import { runWriteJob } from '../live/writeJobs.js';
import { openDatabase } from './connection.js';
import type { WriterMessage, WriterRequest } from './writer.js';

const port = parentPort;
if (!port) throw new Error('the writer must run in a worker thread');
const db = openDatabase((workerData as { dbPath: string }).dbPath, { skipMigrations: true });

function toError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.toError();
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

port.on('message', (msg: WriterRequest) => {
  let reply: WriterMessage;
  try {
    reply = { type: 'done', id: msg.id, output: runWriteJob(db, msg.job) };
  } catch (err) {
    reply = { type: 'failed', id: msg.id, error: toError(err) };
  }
  port.postMessage(reply);
});
