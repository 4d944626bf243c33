/**
 * "Import 20M interactions into a database that already has 20M and 16 live segments ≤ 120 s, members
 * current at the end": a fresh copy of the bench database with Q1–Q6 and 10 extra live segments (as the
 * live part sets them up), the app in its own process, the CSV uploaded (untimed: the desktop app reads
 * the file where it lies), then `imports.start` until `import.finished` — which the import service
 * sends only after live segments have taken in its last change, so the clock stops when the import
 * finished AND live segments are idle. Then, with the app stopped, every live segment's stored members
 * are compared with a fresh evaluation (a new backend, snapshots off: it reads the tables).
 *
 * The CSV (`.bench-cache/feel-interactions-<rows>-<contacts>.csv`, made once) names the bench
 * database's own contacts (the import part's CSVs use other keys) and its interaction types.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { createBackend } from '../../electron/backend/index.js';
import type { ImportSummary } from '../../shared/models/import.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import { CACHE, NOW_MS } from '../data.js';
import { startApp } from './app.js';
import { startProber } from './prober.js';
import { prepareDb } from './prepare.js';
import { parseLagLines, windowStats, type WindowStats } from './targets.js';

export interface AppendResult {
  rows: number;
  imported: number;
  liveSegments: number;
  seconds: number;
  startAnswerMs: number;
  membersCurrent: boolean;
  mismatches: string[];
  wait: WindowStats;
  rssMaxMB: number | null;
}

function ensureCsv(dbFile: string, rows: number, log: (s: string) => void): string {
  const db = openDatabase(dbFile, { readonly: true });
  const contacts = db.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
  const file = path.join(CACHE, `feel-interactions-${rows}-${contacts}.csv`);
  if (fs.existsSync(file)) {
    db.close();
    return file;
  }
  const t = Date.now();
  const keys = db.prepare('SELECT key FROM ent_contact ORDER BY rid').pluck().all() as string[];
  const types = db.prepare('SELECT name FROM interaction_types ORDER BY id').pluck().all() as string[];
  db.close();
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let buf = ['interactiontype,contactid,timestamp'];
  let seed = 20;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const span = 730 * 86_400_000;
  for (let i = 0; i < rows; i++) {
    const ts = new Date(NOW_MS - span + Math.floor(((i + rnd()) / rows) * span)).toISOString();
    buf.push(`${types[Math.floor(rnd() * types.length)]},${keys[Math.floor(rnd() * rnd() * keys.length)]},${ts}`);
    if (buf.length >= 50_000) {
      fs.writeSync(fd, `${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, `${buf.join('\n')}\n`);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  log(`feel: wrote ${path.basename(file)} (${(fs.statSync(file).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return file;
}

/** Compares every live bench segment's stored members with a fresh evaluation; returns the mismatches. */
async function compareMembers(file: string): Promise<string[]> {
  const backend = await createBackend({ dbPath: file, host: 'cli', now: () => NOW_MS, actor: 'bench' });
  const bad: string[] = [];
  try {
    const segs = backend.db
      .prepare(`SELECT id, name, definition, time_zone FROM segments WHERE status = 'live' AND name LIKE 'bench:%' ORDER BY name`)
      .all() as { id: string; name: string; definition: string; time_zone: string }[];
    const stored = backend.db.prepare('SELECT contact_rid FROM segment_members WHERE segment_id = ? ORDER BY contact_rid').pluck();
    for (const s of segs) {
      const want = await backend.evaluator.definitionMemberRids({
        definition: JSON.parse(s.definition) as SegmentDefinition,
        timeZone: s.time_zone,
        now: NOW_MS,
      });
      const have = stored.all(s.id) as number[];
      const same = have.length === want.length && have.every((r, i) => r === want[i]);
      if (!same) bad.push(`${s.name}: stored ${have.length}, fresh ${want.length}`);
    }
  } finally {
    await backend.close();
  }
  return bad;
}

export async function runAppend(src: string, rows: number, probeDir: string, log: (s: string) => void): Promise<AppendResult> {
  const csv = ensureCsv(src, rows, log);
  const file = src.replace(/\.db$/, '-append.db');
  await prepareDb(src, file, 10, log);
  const liveSegments = (() => {
    const db = openDatabase(file, { readonly: true });
    const n = db.prepare(`SELECT count(*) FROM segments WHERE status = 'live'`).pluck().get() as number;
    db.close();
    return n;
  })();
  const app = await startApp(file, new Date(NOW_MS).toISOString(), path.join(probeDir, 'append.jsonl'));
  let done: { seconds: number; startAnswerMs: number; imported: number; from: number; to: number };
  let samples: [number, number][];
  try {
    const handle = await app.upload(csv);
    const prober = await startProber(app.port);
    try {
      log(`feel: appending ${rows} interactions with ${liveSegments} live segments …`);
      const from = Date.now();
      const t = performance.now();
      const started = await app.api.must<{ id: string }>('imports.start', { kind: 'interactions', path: handle });
      const fin = await app.api.waitFor<ImportSummary>('import.finished', (s) => s.id === started.value.id, 3_600_000);
      done = { seconds: (performance.now() - t) / 1000, startAnswerMs: started.ms, imported: fin.imported, from, to: Date.now() };
    } finally {
      samples = await prober.stop();
    }
  } finally {
    await app.stop();
  }
  const lines = parseLagLines(fs.existsSync(app.probeFile) ? fs.readFileSync(app.probeFile, 'utf8') : '');
  const rss = lines.reduce((m, l) => Math.max(m, l.rss), 0);
  log(`feel: append finished in ${done.seconds.toFixed(1)} s (${done.imported} imported); comparing members with a fresh evaluation …`);
  const mismatches = await compareMembers(file);
  if (mismatches.length) log(`!!! members not current after the append: ${mismatches.join('; ')}`);
  return {
    rows,
    imported: done.imported,
    liveSegments,
    seconds: done.seconds,
    startAnswerMs: done.startAnswerMs,
    membersCurrent: mismatches.length === 0,
    mismatches,
    wait: windowStats({ from: done.from, to: done.to }, samples, lines),
    rssMaxMB: rss > 0 ? rss / 1048576 : null,
  };
}
