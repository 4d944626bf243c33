/**
 * The snapshot builder thread (builder.ts): its own read connection, lowest CPU priority, one pass
 * `quietMs` after start and one after every burst of committed changes (`quietMs` after the last one), so the
 * evaluator worker finds a current file for every field and interaction type on first use.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/connection.js';
import { SnapshotBuilder, type BuildPass } from './builder.js';
import { SnapshotStore } from './store.js';

/** Data the builder thread starts with. */
export interface BuilderInit {
  dbPath: string;
  /** The snapshot folder (`<db>.columns`). */
  dir: string;
  /** Quiet time after the last change before a pass starts (an import commits in many batches). */
  quietMs: number;
}

/** Host → builder. `seq` numbers the changes, so the host can wait for a pass that saw a given one. */
export type BuilderCommand = { type: 'changed'; seq: number };

/** Builder → host: after each pass, and when nothing is left to build (`seq`: last change that pass saw). */
export type BuilderMessage =
  { type: 'pass'; pass: BuildPass } | { type: 'idle'; seq: number; built: number; scans: number } | { type: 'failed'; message: string };

const init = workerData as BuilderInit;
const port = parentPort;
if (!port) throw new Error('the snapshot builder must run in a worker thread');

// Lowest priority for this thread only (on Linux a thread id is a valid target of setpriority): the
// evaluator worker and the main thread win every contested CPU slice. Elsewhere this is a no-op.
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 19);
} catch {
  // not Linux, or not allowed: the builder still runs, at normal priority
}

const db = openDatabase(init.dbPath, { skipMigrations: true, readonly: true });
let seenSeq = 0;
let passSeq = 0;
let dirty = true;
let running = false;
let timer: NodeJS.Timeout | null = null;
const totals = { built: 0, scans: 0 };
const builder = new SnapshotBuilder(db, new SnapshotStore(init.dir), () => dirty);

const send = (m: BuilderMessage): void => port.postMessage(m);

function schedule(delay: number): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void run();
  }, delay);
}

async function run(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (dirty) {
      dirty = false;
      passSeq = seenSeq;
      const pass = await builder.pass();
      totals.built += pass.built.length;
      totals.scans += pass.scans;
      if (pass.built.length > 0 || pass.scans > 0) send({ type: 'pass', pass });
      // Interrupted by a change: wait for quiet again instead of chasing an import batch by batch.
      if (dirty) return schedule(init.quietMs);
    }
    send({ type: 'idle', seq: passSeq, ...totals });
  } catch (err) {
    send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  } finally {
    running = false;
  }
}

port.on('message', (m: BuilderCommand) => {
  if (m.type !== 'changed') return;
  seenSeq = Math.max(seenSeq, m.seq);
  dirty = true;
  if (!running) schedule(init.quietMs);
});

// The first pass too waits `quietMs`: the first clicks after opening a database go first.
schedule(init.quietMs);
