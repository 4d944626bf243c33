/**
 * Q1–Q6 as a user meets them, per query: cold (a fresh backend / a fresh app process on the prepared
 * database, nothing loaded but the snapshot files), warm with the same definition (median of `runs`
 * after one untimed call) and warm with one value changed per call (median of `runs`, variants.ts),
 * in-process (`backend.dispatch`, what Electron's IPC calls) and through the web host's WebSocket API;
 * DuckDB the same way in a child process per query (duckChild.ts), with the ratios app / DuckDB.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { EstimateResult } from '../../shared/api/contract/engine.js';
import { CACHE, NOW_MS } from '../data.js';
import type { DuckInfo } from '../duck.js';
import { median } from '../stats.js';
import { startApp, type ApiClient } from './app.js';
import type { DuckFigures, DuckJob } from './duckChild.js';
import { appBackend } from './prepare.js';
import { QUERIES, queryCase } from './variants.js';

export interface Figures {
  coldMs: number;
  warmMs: number;
  changedMs: number;
}

export interface QueryFeel {
  id: string;
  title: string;
  count: number;
  inProcess: Figures;
  /** Through the WebSocket API; `startMs`: spawn of the fresh process until it listened. */
  api: Figures & { startMs: number };
  duck: DuckFigures | null;
  /** API / DuckDB, cold and warm (same definition) and warm changed. */
  ratio: Figures | null;
  countsMatch: boolean | null;
}

const NOW_ISO = new Date(NOW_MS).toISOString();
type Estimate = (input: unknown) => Promise<{ ms: number; total: number }>;

/** Warm same (median of runs after one untimed call) and warm changed (median of runs, k = 1…runs). */
async function warm(
  estimate: Estimate,
  def: (k: number) => unknown,
  runs: number,
  totals: number[] = [],
): Promise<{ warmMs: number; changedMs: number }> {
  await estimate(def(0));
  const same: number[] = [];
  for (let i = 0; i < runs; i++) same.push((await estimate(def(0))).ms);
  const changed: number[] = [];
  for (let k = 1; k <= runs; k++) {
    const r = await estimate(def(k));
    changed.push(r.ms);
    totals.push(r.total);
  }
  return { warmMs: median(same), changedMs: median(changed) };
}

const estimateInput = (definition: unknown): unknown => ({ definition, timeZone: 'UTC', now: NOW_ISO });

export function apiEstimate(api: ApiClient): Estimate {
  return async (definition) => {
    const a = await api.must<EstimateResult>('segments.estimate', estimateInput(definition));
    return { ms: a.ms, total: a.value.total };
  };
}

function duckFigures(duck: DuckInfo, job: DuckJob): DuckFigures {
  const file = path.join(CACHE, 'feel-duck-job.json');
  fs.writeFileSync(file, JSON.stringify(job));
  const out = execFileSync(process.execPath, [path.join(__dirname, 'duckChild.js'), file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as DuckFigures;
}

export async function runQueries(
  file: string,
  ids: Record<string, string>,
  types: Record<string, number>,
  duck: DuckInfo | null,
  runs: number,
  probeDir: string,
  log: (s: string) => void,
): Promise<QueryFeel[]> {
  const rows: QueryFeel[] = [];
  for (const q of QUERIES) {
    const def = (k: number): unknown => queryCase(q, k, ids, types).definition;
    // In-process: a fresh backend as the app builds it (snapshots on), its first estimate = cold.
    const backend = await appBackend(file);
    let inProcess: Figures;
    let count: number;
    try {
      const est: Estimate = async (definition) => {
        const t = performance.now();
        const r = await backend.dispatch('segments.estimate', estimateInput(definition));
        if (!r.ok) throw new Error(`bench: ${q.id} estimate failed: ${r.error.message}`);
        return { ms: performance.now() - t, total: (r.value as EstimateResult).total };
      };
      const cold = await est(def(0));
      count = cold.total;
      inProcess = { coldMs: cold.ms, ...(await warm(est, def, runs)) };
    } finally {
      await backend.close();
    }
    // Through the API: a fresh app process on the same files.
    const app = await startApp(file, NOW_ISO, path.join(probeDir, `cold-${q.id}.jsonl`));
    let api: QueryFeel['api'];
    // The changed definitions' counts, compared with DuckDB's for the same changes.
    const changedTotals: number[] = [];
    try {
      const est = apiEstimate(app.api);
      const cold = await est(def(0));
      if (cold.total !== count) log(`!!! ${q.id}: the app counted ${cold.total}, in-process ${count}`);
      api = { coldMs: cold.ms, startMs: app.listeningAt - app.spawnedAt, ...(await warm(est, def, runs, changedTotals)) };
    } finally {
      await app.stop();
    }
    let duckF: DuckFigures | null = null;
    if (duck) {
      const c = (k: number): string => queryCase(q, k, ids, types).duckSql;
      const materialise =
        q.id === 'Q5'
          ? QUERIES.filter((x) => x.id !== 'Q5').map((x) => ({ seg: x.id, sql: queryCase(x, 0, ids, types).duckSql }))
          : undefined;
      duckF = duckFigures(duck, {
        file: duck.file,
        sql: c(0),
        changed: Array.from({ length: runs }, (_, i) => c(i + 1)),
        runs,
        ...(materialise ? { materialise } : {}),
      });
    }
    const row: QueryFeel = {
      id: q.id,
      title: q.title,
      count,
      inProcess,
      api,
      duck: duckF,
      ratio: duckF
        ? { coldMs: api.coldMs / duckF.coldMs, warmMs: api.warmMs / duckF.warmMs, changedMs: api.changedMs / duckF.changedMs }
        : null,
      countsMatch: duckF ? duckF.count === count && duckF.changedCounts.every((c, i) => c === changedTotals[i]) : null,
    };
    if (row.countsMatch === false)
      log(
        `!!! COUNT MISMATCH ${q.id}: ours ${count} (changed ${changedTotals.join(' ')}), DuckDB ${duckF?.count} (${duckF?.changedCounts.join(' ')})`,
      );
    log(
      `  ${q.id} n=${count} in-process cold ${inProcess.coldMs.toFixed(0)} / warm ${inProcess.warmMs.toFixed(1)} / changed ${inProcess.changedMs.toFixed(1)} ms;` +
        ` API cold ${api.coldMs.toFixed(0)} (start ${api.startMs} ms) / warm ${api.warmMs.toFixed(1)} / changed ${api.changedMs.toFixed(1)} ms` +
        (duckF
          ? `; DuckDB cold ${duckF.coldMs.toFixed(0)} / warm ${duckF.warmMs.toFixed(1)} / changed ${duckF.changedMs.toFixed(1)} ms`
          : ''),
    );
    rows.push(row);
  }
  return rows;
}
