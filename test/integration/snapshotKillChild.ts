/**
 * Child process for the snapshot kill test: evaluates the snapshot definitions on the columnar engine
 * (the worker's code, in this process) with snapshots on, so stale files are rebuilt and written. When
 * the write of a file matching PATTERN reaches chunk CHUNK ('last' = the final chunk, before fsync and
 * rename) it prints "mid <file>" and stops dead until the parent's SIGKILL arrives: a kill in the
 * middle of writing a snapshot, at a chosen moment rather than a guessed delay. With MODE 'builder' it
 * runs the background builder's pass (every field and type) instead of the estimates.
 */
import fs from 'node:fs';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { ColumnarEngine } from '../../electron/backend/evaluator/columnar/engine.js';
import { snapshotDir, SnapshotStore } from '../../electron/backend/evaluator/columnar/snapshot/store.js';
import { runEstimate } from '../../electron/backend/evaluator/jobs.js';
import { SnapshotBuilder } from '../../electron/backend/evaluator/columnar/snapshot/builder.js';
import { SNAPSHOT_DEFS } from './columnSnapshotDefs.js';

const [dbPath, pattern, chunk, now, mode] = process.argv.slice(2);
if (!dbPath || !pattern || !chunk || !now) throw new Error('usage: snapshotKillChild DB PATTERN CHUNK|last NOW');

const dir = snapshotDir(dbPath);
if (!dir) throw new Error('no snapshot folder for this database');
const store = new SnapshotStore(dir);
const match = new RegExp(pattern);
store.probe = (file, i, n) => {
  if (!match.test(file) || i !== (chunk === 'last' ? n - 1 : Number(chunk))) return;
  fs.writeSync(1, `mid ${file}\n`);
  // Stop here, with the temp file open and partly written, until SIGKILL (never returns).
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};

const db = openDatabase(dbPath, { skipMigrations: true });
if (mode === 'builder') {
  void new SnapshotBuilder(db, store).pass().then(() => fs.writeSync(1, 'done\n'));
} else {
  const engine = new ColumnarEngine(db, store);
  for (const def of Object.values(SNAPSHOT_DEFS))
    runEstimate(db, { kind: 'estimate', definition: def, timeZone: 'UTC', now: Number(now) }, undefined, false, engine);
  void store.flush().then(() => fs.writeSync(1, 'done\n'));
}
