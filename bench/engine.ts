/**
 * Engine part (issue 4): the fixed queries through the real worker host — estimate and materialise —
 * against hand-written DuckDB SQL over the same rows, with the main thread's event-loop lag.
 * Segments are created, taken live and torn down through the real services; every name starts with
 * "bench:" and leftovers of an earlier run are deleted first.
 */
import type { Backend } from '../electron/backend/index.js';
import type { CompoundDefinition, SegmentDefinition } from '../shared/segments/ast.js';
import { NOW_MS } from './data.js';
import { duckCount, duckMaterialise, type openDuck } from './duck.js';
import { QUERIES, type BenchQuery } from './queries.js';
import { LagMonitor, median, timed } from './stats.js';

export interface EngineRow {
  id: BenchQuery['id'];
  title: string;
  count: number;
  /** Main-thread round trip through the worker host, median of `runs` after a warm-up (ms). */
  estimateMs: number;
  /** The first estimate of the query (cold: includes loading the columns / logs it reads), ms. */
  firstEstimateMs: number;
  /** How the worker ran it: 'columnar', 'mixed' (some blocks in SQL) or 'sql'. */
  path: string;
  /** The worker's own timing of the same estimates (median ms). */
  estimateWorkerMs: number;
  /** Materialise into an empty segment (a fresh draft copy per run, as a first go-live writes), median ms. */
  materialiseMs: number;
  /** Materialise of the live segment whose members are already current (evaluation + empty diff), median ms. */
  refreshMs: number;
  /** Going live once (validation, full evaluation on the worker, membership + history write), ms. */
  goLiveMs: number;
  duckCount: number | null;
  duckCountMs: number | null;
  duckMaterialiseMs: number | null;
  /** Our estimate / DuckDB count (≤ 1 means we are at least as fast). */
  ratio: number | null;
  countsMatch: boolean | null;
  /** Main-thread event-loop delay while our estimates and materialisations ran (ms). */
  lagMaxMs: number;
  lagP99Ms: number;
}

export type Duck = Awaited<ReturnType<typeof openDuck>>;

/** Deletes every "bench:" segment of an earlier run (dependants first, forced). */
export async function deleteBenchSegments(backend: Backend): Promise<void> {
  const rows = backend.db
    .prepare(`SELECT id, type FROM segments WHERE name LIKE 'bench:%' ORDER BY CASE type WHEN 'compound' THEN 0 ELSE 1 END`)
    .all() as {
    id: string;
  }[];
  for (const r of rows) await backend.services.segments.delete({ id: r.id, force: true });
}

/** Creates a segment and takes it live; returns its id. */
export async function liveSegment(
  backend: Backend,
  name: string,
  type: 'dynamic' | 'compound',
  definition: SegmentDefinition,
): Promise<string> {
  const seg = backend.services.segments.create({ name, type, definition, timeZone: 'UTC' });
  await backend.services.live.goLive(seg.id);
  return seg.id;
}

export const compoundOf = (q1: string, q3: string, q4: string): CompoundDefinition => ({
  kind: 'compound',
  version: 1,
  blocks: [
    { kind: 'segment', id: 'b1', combine: 'union', segmentId: q1 },
    { kind: 'segment', id: 'b2', combine: 'union', segmentId: q3 },
    { kind: 'segment', id: 'b3', combine: 'except', segmentId: q4 },
  ],
});

/** Interaction type ids by lower-cased name (for the DuckDB SQL). */
export function typeIds(backend: Backend): Record<string, number> {
  const rows = backend.db.prepare('SELECT id, name FROM interaction_types').all() as { id: number; name: string }[];
  return Object.fromEntries(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

/**
 * Takes the benchmark segments live (Q1, Q3, Q4 first: Q5 is their compound) and returns their ids.
 * Going live is timed too (it is a full evaluation plus the membership write).
 */
export async function setUpSegments(
  backend: Backend,
  log: (s: string) => void,
): Promise<{ ids: Record<BenchQuery['id'], string>; goLiveMs: Record<string, number> }> {
  await deleteBenchSegments(backend);
  const ids: Partial<Record<BenchQuery['id'], string>> = {};
  const goLiveMs: Record<string, number> = {};
  for (const q of QUERIES) {
    const t = performance.now();
    const def = q.definition ?? compoundOf(ids.Q1 ?? '', ids.Q3 ?? '', ids.Q4 ?? '');
    ids[q.id] = await liveSegment(backend, `bench:${q.id}`, q.definition ? 'dynamic' : 'compound', def);
    goLiveMs[q.id] = performance.now() - t;
    log(`  ${q.id} live in ${goLiveMs[q.id]?.toFixed(0)} ms`);
  }
  return { ids: ids as Record<BenchQuery['id'], string>, goLiveMs };
}

export async function runEngine(
  backend: Backend,
  duck: Duck | null,
  runs: number,
  log: (s: string) => void,
): Promise<{ rows: EngineRow[]; goLiveMs: Record<string, number> }> {
  log('engine: taking the benchmark segments live …');
  const { ids, goLiveMs } = await setUpSegments(backend, log);
  const types = typeIds(backend);
  const host = backend.evaluator;
  const lag = new LagMonitor();
  const rows: EngineRow[] = [];
  for (const q of QUERIES) {
    const segId = ids[q.id];
    // The stored definition (for Q5 the compound over the live children's ids).
    const definition = backend.services.segments.get(segId).definition;
    lag.start();
    const t0 = performance.now();
    const first = await host.estimate({ definition, timeZone: 'UTC', now: NOW_MS }, `bench-${q.id}`);
    const firstEstimateMs = performance.now() - t0;
    // One more untimed run so the evaluator's code is JIT-warm, as in a running app (the first run above
    // is reported on its own as the cold estimate); the worker's own time comes from the same runs.
    await host.estimate({ definition, timeZone: 'UTC', now: NOW_MS }, `bench-${q.id}`);
    const workerTimes: number[] = [];
    const est = await timed(runs, async () => {
      const out = await host.estimate({ definition, timeZone: 'UTC', now: NOW_MS }, `bench-${q.id}`);
      workerTimes.push(out.durationMs);
      return out;
    });
    workerTimes.shift(); // timed()'s own warm-up run
    // A fresh draft copy per run: its member list starts empty, like a first go-live. Creating and
    // deleting the copies is harness work, so the lag monitor is paused for it.
    let copy = '';
    let k = 0;
    const makeCopy = async (): Promise<void> => {
      lag.pause();
      if (copy) await backend.services.segments.delete({ id: copy, force: true });
      copy = backend.services.segments.create({
        name: `bench:copy-${q.id}-${k++}`,
        type: q.definition ? 'dynamic' : 'compound',
        definition,
        timeZone: 'UTC',
      }).id;
      lag.resume();
    };
    const mat = await timed(runs, () => host.materialise(copy, NOW_MS), makeCopy);
    lag.pause();
    await backend.services.segments.delete({ id: copy, force: true });
    lag.resume();
    const refresh = await timed(runs, () => host.materialise(segId, NOW_MS));
    const l = lag.stop();
    const row: EngineRow = {
      id: q.id,
      title: q.title,
      count: est.result.total,
      estimateMs: median(est.times),
      firstEstimateMs,
      path: first.path ?? 'sql',
      estimateWorkerMs: median(workerTimes),
      materialiseMs: median(mat.times),
      refreshMs: median(refresh.times),
      goLiveMs: goLiveMs[q.id] ?? Number.NaN,
      duckCount: null,
      duckCountMs: null,
      duckMaterialiseMs: null,
      ratio: null,
      countsMatch: null,
      lagMaxMs: l.maxMs,
      lagP99Ms: l.p99Ms,
    };
    if (mat.result.size !== row.count) log(`!!! ${q.id}: materialised ${mat.result.size} members but the estimate counted ${row.count}`);
    if (duck) {
      const sql = q.duckSql(types);
      const dc = await timed(runs, () => duckCount(duck.con, sql));
      const dm = await timed(runs, () => duckMaterialise(duck.con, q.id, sql));
      row.duckCount = dc.result;
      row.duckCountMs = median(dc.times);
      row.duckMaterialiseMs = median(dm.times);
      row.ratio = row.estimateMs / median(dc.times);
      row.countsMatch = dc.result === row.count;
      if (!row.countsMatch) log(`!!! COUNT MISMATCH ${q.id}: ours ${row.count}, DuckDB ${dc.result}`);
    }
    log(
      `  ${q.id} [${row.path}] first ${row.firstEstimateMs.toFixed(0)} ms, n=${row.count} estimate ${row.estimateMs.toFixed(1)} ms (worker ${row.estimateWorkerMs.toFixed(1)}) materialise ${row.materialiseMs.toFixed(1)} ms refresh ${row.refreshMs.toFixed(1)} ms` +
        (row.duckCountMs !== null
          ? ` | DuckDB n=${row.duckCount} ${row.duckCountMs.toFixed(1)} / ${row.duckMaterialiseMs?.toFixed(1)} ms`
          : '') +
        ` | lag max ${row.lagMaxMs.toFixed(1)} ms`,
    );
    rows.push(row);
  }
  const stats = await host.cacheStats();
  const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;
  log(
    `  columnar cache: entities ${mb(stats.memory.entities)}, interactions ${mb(stats.memory.interactions)}, members ${mb(stats.memory.members)}; worker-process RSS ${mb(stats.rssBytes)}`,
  );
  for (const l of stats.loads) log(`    loaded ${l.what}: ${l.rows} rows in ${l.ms.toFixed(0)} ms`);
  return { rows, goLiveMs };
}
