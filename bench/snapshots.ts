/**
 * Cold-start figures of the column snapshots (issue 15), at a size given on the command line
 * (`npm run bench:snapshots -- 200000 2000000`; contacts, interactions; accounts = contacts / 10).
 * Each mode runs on its own copy of the cached bench database, through a fresh evaluator worker with
 * nothing loaded:
 *   tables     snapshots off (how it was): every first use reads the tables
 *   build      snapshots on, none on disk yet, with the background builder (as the app runs): first
 *              uses read the tables while the builder writes a file for every field and type
 *   snapshots  a restart on the same file once the builder is done: every first use reads a file,
 *              including the field and the type no query had read before the restart
 * and measures: the first estimate of Q1–Q4 and Q6 (Q5 needs live segments), the first use of a
 * field and of an interaction type no query read (emailaddress1, WebsiteVisited), and the first
 * estimate after 100k interactions are appended by another connection and reported as an import
 * reports them (`contactRids: 'many'`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../electron/backend/db/connection.js';
import { EvaluatorHost } from '../electron/backend/evaluator/host.js';
import type { DynamicDefinition } from '../shared/segments/ast.js';
import { ensureData, NOW_MS } from './data.js';
import { QUERIES } from './queries.js';

const contacts = Number(process.argv[2] ?? 200_000);
const interactions = Number(process.argv[3] ?? 2_000_000);
const log = (s: string): void => console.log(s);

const emailRule: DynamicDefinition = {
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g',
        combinator: 'and',
        children: [{ kind: 'rule', id: 'r', field: 'emailaddress1', operator: 'contains', values: ['@gmail'] }],
      },
    },
  ],
};
const visits: DynamicDefinition = {
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'interaction',
      id: 'b1',
      combine: 'union',
      interactionType: 'WebsiteVisited',
      count: { op: 'atLeast', value: 2 },
      window: { kind: 'last', amount: 30, unit: 'days' },
    },
  ],
};

async function first(host: EvaluatorHost, def: DynamicDefinition, key: string): Promise<{ ms: number; total: number }> {
  const t0 = performance.now();
  const r = await host.estimate({ definition: def, timeZone: 'UTC', now: NOW_MS }, key);
  return { ms: performance.now() - t0, total: r.total };
}

async function run(mode: 'tables' | 'build' | 'snapshots', db: string): Promise<Record<string, string>> {
  const t0 = performance.now();
  const host = new EvaluatorHost({ dbPath: db, snapshots: mode !== 'tables', buildSnapshots: mode !== 'tables' });
  await host.warmUp();
  const out: Record<string, string> = { 'worker start': `${(performance.now() - t0).toFixed(0)} ms` };
  for (const q of QUERIES) {
    if (!q.definition) continue;
    const r = await first(host, q.definition, q.id);
    out[q.id] = `${r.ms.toFixed(0)} ms (${r.total})`;
  }
  out['new field'] = `${(await first(host, emailRule, 'f')).ms.toFixed(0)} ms`;
  out['new type'] = `${(await first(host, visits, 'v')).ms.toFixed(0)} ms`;
  // 100k interactions appended (as an import appends them), reported as an import reports them.
  const main = openDatabase(db, { skipMigrations: true });
  const type = main.prepare("SELECT id FROM interaction_types WHERE name = 'EmailOpened'").pluck().get() as number;
  const add = main.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');
  main.transaction(() => {
    for (let i = 0; i < 100_000; i++) add.run(type, 1 + ((i * 7919) % contacts), NOW_MS - ((i * 104_729) % (30 * 86_400_000)));
  })();
  main.close();
  host.notifyDataChanged({ kind: 'interactions', types: ['EmailOpened'], contactRids: 'many' });
  const q3 = QUERIES.find((q) => q.id === 'Q3')?.definition;
  if (q3) {
    const r = await first(host, q3, 'after');
    out['Q3 after 100k import'] = `${r.ms.toFixed(0)} ms (${r.total})`;
  }
  const t1 = performance.now();
  await host.flushSnapshots();
  out['snapshot writes finished'] = `${(performance.now() - t1).toFixed(0)} ms after`;
  if (mode !== 'tables') {
    const built = await host.whenSnapshotsBuilt();
    out['background builder idle'] = `${(performance.now() - t0).toFixed(0)} ms after start (${built.built} files, ${built.scans} scans)`;
  }
  const stats = await host.cacheStats();
  out.loads = stats.loads.map((l) => `${l.what} ${l.ms.toFixed(0)}ms`).join('; ');
  out['process RSS'] =
    `${(stats.rssBytes / 1e6).toFixed(0)} MB (main thread, worker and builder; peak ${(process.resourceUsage().maxRSS / 1e3).toFixed(0)} MB)`;
  await host.close();
  return out;
}

async function main(): Promise<void> {
  const info = ensureData({ contacts, accounts: Math.round(contacts / 10), interactions }, log);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-bench-snap-'));
  try {
    const copy = (name: string): string => {
      const f = path.join(work, name);
      fs.copyFileSync(info.file, f);
      // The copy is migrated here (generations and their triggers), outside every timing.
      openDatabase(f).close();
      return f;
    };
    const a = copy('tables.db');
    log(`load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.table(await run('tables', a));
    const b = copy('snap.db');
    log(`load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.table(await run('build', b));
    // A restart on the same file, every part built: the 100k rows the build run appended are read by id range.
    log(`load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.table(await run('snapshots', b));
    log(`load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
