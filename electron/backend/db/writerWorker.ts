/**
 * The writer thread (see writer.ts): its own connection to the store, one job at a time, each job one
 * transaction. The main connection has already migrated the schema.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../../shared/api/result.js';
import { runWriteJob } from '../live/writeJobs.js';
import { openDatabase } from './connection.js';
import { WRITER_CACHE_KIB, type CheckpointResult, type WriterInit, type WriterMessage, type WriterRequest } from './writer.js';

const port = parentPort;
if (!port) throw new Error('the writer must run in a worker thread');
const init = workerData as WriterInit;
const db = openDatabase(init.dbPath, { skipMigrations: true });
// A page cache of 4 MiB instead of better-sqlite3's 16 MB default (SQLITE_DEFAULT_CACHE_SIZE=-16000): the
// jobs write and read large ranges once, so a full cache buys nothing, but it stays allocated for the
// life of the thread once a go-live has filled it (writer.ts, WRITER_CACHE_KIB).
db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);

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
