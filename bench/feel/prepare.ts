/**
 * Databases for the feel part: a copy of the cached bench database (with its column snapshots, the
 * `<db>.columns` folder beside it: they are the product's, so a cold start may use them), set up
 * in-process the way the app would leave it — Q1–Q6 live (and extra live segments when asked), the
 * snapshots written and flushed, the background builder idle (a file for every field and type) — then closed, so every app process after it starts from the files.
 */
import fs from 'node:fs';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { NOW_MS } from '../data.js';
import { liveSegment, setUpSegments } from '../engine.js';
import { extraDefinition } from '../live.js';

export function removeDb(file: string): void {
  for (const sfx of ['', '-wal', '-shm']) fs.rmSync(file + sfx, { force: true });
  fs.rmSync(`${file}.columns`, { recursive: true, force: true });
}

/** Copies `src` (checkpointed first) and its snapshot folder to `dst`. */
export function copyDb(src: string, dst: string): void {
  removeDb(dst);
  const db = openDatabase(src);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  fs.copyFileSync(src, dst);
  if (fs.existsSync(`${src}.columns`)) fs.cpSync(`${src}.columns`, `${dst}.columns`, { recursive: true });
}

/** A backend as the app runs it (host 'web': snapshots and prewarm on), with the bench's fixed clock. */
export function appBackend(file: string, now = NOW_MS): Promise<Backend> {
  return createBackend({ dbPath: file, host: 'web', now: () => now, actor: 'bench' });
}

/** Copies the bench database to `dst` and takes Q1–Q6 (and `extraLive` more) live; returns the segment ids. */
export async function prepareDb(src: string, dst: string, extraLive: number, log: (s: string) => void): Promise<Record<string, string>> {
  const t = Date.now();
  copyDb(src, dst);
  const backend = await appBackend(dst);
  try {
    const { ids } = await setUpSegments(backend, log);
    for (let i = 0; i < extraLive; i++) await liveSegment(backend, `bench:live-extra-${i}`, 'dynamic', extraDefinition(i));
    await backend.services.live.whenIdle();
    await backend.evaluator.flushSnapshots();
    // As a user's app leaves it after a while open: the background builder has written a current file for
    // every field and interaction type (docs/columnar-engine.md), so a first use reads a file.
    const tb = Date.now();
    const built = await backend.evaluator.whenSnapshotsBuilt();
    log(
      `feel: snapshot builder idle after ${((Date.now() - tb) / 1000).toFixed(1)} s (${built.built} files written, ${built.scans} table scans)`,
    );
    log(`feel: ${dst} ready (${6 + extraLive} live segments) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return ids;
  } finally {
    await backend.close();
  }
}

/** Interaction type ids by lower-cased name (for the DuckDB SQL). */
export function typeIdsOf(file: string): Record<string, number> {
  const db = openDatabase(file);
  try {
    const rows = db.prepare('SELECT id, name FROM interaction_types').all() as { id: number; name: string }[];
    return Object.fromEntries(rows.map((r) => [r.name.toLowerCase(), r.id]));
  } finally {
    db.close();
  }
}
