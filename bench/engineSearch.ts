/**
 * Where the time of a member search goes (issue 15), in one process on a copy of a bench database:
 * `node --expose-gc dist-electron/bench/engineSearch.js --db .bench-cache/bench-200000.db [--prepare] [--api]`.
 *
 * `--prepare` copies the database to `<db>.search.db`, puts a small segment live, lets the app's snapshot
 * builder write every column file and exits. Without it: opens that copy as the app does (web host options: pre-warm,
 * snapshots, builder), waits for pre-warm, puts a segment of ~89 % of contacts live (members written
 * by the writer thread, as in the feel bench), then runs the feel bench's five searches and prints
 * each one's wall time, the process's CPU time, the worker's loads and its cache memory. As in the feel
 * session, the searches start 1 s after the go-live's answer; the loads listed include the ones the
 * worker did in that second (a go-live's members are loaded between jobs, not by the first search).
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createBackend } from '../electron/backend/index.js';
import type { DynamicDefinition } from '../shared/segments/ast.js';
import { BIG_SEGMENT, SEARCH_TERMS } from './feel/session.js';
import { searchParts } from './engineSearchParts.js';
import { startApp } from './feel/app.js';

/** The feel session's big segment (~89 % of contacts), so both measure the same searches. */
const BIG = BIG_SEGMENT;
const SMALL_RULE = { kind: 'rule' as const, id: 'r1', field: 'address1_city', operator: 'eq' as const, values: ['Seattle'] };
const TERMS = SEARCH_TERMS;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, prepare: { type: 'boolean' }, api: { type: 'boolean' } } });
  if (!values.db) throw new Error('--db <bench database> is required');
  const copy = `${values.db}.search.db`;
  if (values.prepare) {
    fs.copyFileSync(values.db, copy);
    const b = await createBackend({ dbPath: copy, host: 'web' });
    // One live segment, as the app's databases have: pre-warm then prepares member searches too.
    const small: DynamicDefinition = {
      ...BIG,
      blocks: [
        {
          kind: 'profile',
          id: 'b1',
          combine: 'union',
          entity: 'contact',
          root: { kind: 'group', id: 'g', combinator: 'and', children: [SMALL_RULE] },
        },
      ],
    };
    const created = await b.dispatch('segments.create', { name: 'search: small', type: 'dynamic', definition: small });
    if (!created.ok) throw new Error(created.error.message);
    const live = await b.dispatch('segments.goLive', { id: (created.value as { id: string }).id });
    if (!live.ok) throw new Error(live.error.message);
    console.log('built', await b.evaluator.whenSnapshotsBuilt());
    await b.close();
    return;
  }
  if (values.api) return throughApi(copy);
  const t0 = performance.now();
  const backend = await createBackend({ dbPath: copy, host: 'web' });
  await backend.evaluator.whenWarm();
  console.log(
    `warm after ${(performance.now() - t0).toFixed(0)} ms; loadavg ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const created = await backend.dispatch('segments.create', { name: `search ${Date.now()}`, type: 'dynamic', definition: BIG });
  if (!created.ok) throw new Error(created.error.message);
  const id = (created.value as { id: string }).id;
  const seen = (await backend.evaluator.cacheStats()).loads.length;
  const live = await backend.dispatch('segments.goLive', { id });
  if (!live.ok) throw new Error(live.error.message);
  // As the feel session: the searches start 1 s after the go-live's answer.
  await new Promise((r) => setTimeout(r, 1000));
  const page = async (search: string | undefined): Promise<void> => {
    const w0 = performance.now();
    const c0 = cpuMs();
    const r = await backend.dispatch('segments.members', { id, limit: 100, ...(search === undefined ? {} : { search }) });
    if (!r.ok) throw new Error(r.error.message);
    const total = (r.value as { total: number }).total;
    console.log(
      `search ${JSON.stringify(search ?? null)}: ${(performance.now() - w0).toFixed(1)} ms wall, ${(cpuMs() - c0).toFixed(0)} ms CPU, total ${total}`,
    );
  };
  await page(undefined);
  for (const t of TERMS) await page(t);
  for (const t of TERMS) await page(t);
  const stats = await backend.evaluator.cacheStats();
  for (const l of stats.loads.slice(seen)) console.log(`  load ${l.what}: ${l.rows} rows ${l.ms.toFixed(1)} ms`);
  const mb = (n: number): string => (n / 1048576).toFixed(1);
  console.log(
    `worker cache MB: entities ${mb(stats.memory.entities)}, interactions ${mb(stats.memory.interactions)}, members ${mb(stats.memory.members)}; RSS ${mb(stats.rssBytes)}; loadavg ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  searchParts(copy, id, TERMS);
  // Deleted, not stopped: repeated runs on the same copy do not pile up 893k-member segments.
  await backend.dispatch('segments.stop', { id });
  await backend.dispatch('segments.delete', { id });
  await backend.close();
}

/**
 * `--api`: the same go-live and searches through the WebSocket API of the web host in its own process
 * (as the feel session: `segments.members` round trips), 20 s after it listened (pre-warm done).
 */
async function throughApi(copy: string): Promise<void> {
  const app = await startApp(copy, new Date().toISOString(), `${copy}.probe`);
  try {
    await new Promise((r) => setTimeout(r, 20_000));
    const { api } = app;
    const seg = (await api.must<{ id: string }>('segments.create', { name: `search ${Date.now()}`, type: 'dynamic', definition: BIG }))
      .value;
    const live = await api.must('segments.goLive', { id: seg.id });
    await new Promise((r) => setTimeout(r, 1000));
    console.log(
      `api: go-live ${live.ms.toFixed(0)} ms; loadavg ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    for (let round = 1; round <= 2; round++) {
      const ms: string[] = [];
      for (const text of TERMS) {
        const r = await api.must<{ total: number }>('segments.members', { id: seg.id, search: text, limit: 100 });
        ms.push(`${text} ${r.ms.toFixed(1)} (${r.value.total})`);
      }
      console.log(
        `api round ${round}: ${ms.join(', ')} ms; loadavg ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}`,
      );
    }
    await api.must('segments.stop', { id: seg.id });
    await api.must('segments.delete', { id: seg.id });
  } finally {
    await app.stop();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
