/**
 * The import thread (importThread.ts): its own connection to the store (WAL), one import at a time. It
 * streams, converts and commits the file's batches and posts what happened (importJob.ts); the main
 * thread only dispatches and reports. The main connection has already migrated the schema.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.js';
import { runImportJob } from './importJob.js';
import type { ImportThreadRequest } from './importThread.js';

const port = parentPort;
if (!port) throw new Error('the import thread must run in a worker thread');
const db = openDatabase((workerData as { dbPath: string }).dbPath, { skipMigrations: true });
port.postMessage({ type: 'ready' });

port.on('message', (msg: ImportThreadRequest) => {
  const flag = new Int32Array(msg.cancel);
  void runImportJob(
    db,
    msg.job,
    (m) => port.postMessage(m),
    () => Atomics.load(flag, 0) !== 0,
    msg.cancel,
  );
});
