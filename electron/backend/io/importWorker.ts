/**
 * The import thread (importThread.ts): its own connection to the store (WAL), one import at a time. It
 * streams, converts and commits the file's batches and posts what happened (importJob.ts); the main
 * thread only dispatches and reports. The main connection has already migrated the schema.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.js';
import { runImportJob } from './importJob.js';
import type { ImportThreadRequest } from './importThread.js';

/** The import thread's nice value: below the app's threads, which answer the person using it. */
const IMPORT_NICE = 10;

const port = parentPort;
if (!port) throw new Error('the import thread must run in a worker thread');
const db = openDatabase((workerData as { dbPath: string }).dbPath, { skipMigrations: true });
port.postMessage({ type: 'ready', tid: yieldToTheApp() });

/**
 * Lowers this thread's CPU priority (nice +10; Linux, where a thread has its own id): on two cores the
 * import, the evaluator worker and the snapshot builder can all be busy, and the app's main thread —
 * which answers every API call — then waited for a time slice (a 100k-row import: API waits of 50-134
 * ms at load 6-8 while the main thread itself had no task over 12 ms; docs/performance.md). At a lower
 * priority the import takes the CPU the app leaves; alone on the machine it runs as fast. Returns the
 * thread's id, or null where threads cannot be told apart (then nothing changes).
 */
function yieldToTheApp(): number | null {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    os.setPriority(tid, Math.max(os.getPriority(tid), IMPORT_NICE));
    return tid;
  } catch {
    return null;
  }
}

port.on('message', (msg: ImportThreadRequest) => {
  const flag = new Int32Array(msg.cancel);
  void runImportJob(
    db,
    msg.job,
    (m) => port.postMessage(m),
    () => Atomics.load(flag, 0) !== 0,
  );
});
