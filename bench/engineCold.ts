/**
 * Where the time of a first estimate goes right after opening a database (issue 15), per query Q1–Q6:
 * `node --expose-gc dist-electron/bench/engineCold.js --db .bench-cache/bench-200000.db [--prepare] [--started] [--wait ms] [--query Q6] [--api]`.
 *
 * `--prepare` copies the database to `<db>.cold.db` and takes Q1–Q6 live there as the feel bench does
 * (bench/feel/prepare.ts; the segment ids go to `<db>.cold.json`). Without it: per query a fresh
 * backend as the app builds it (web host: pre-warm, snapshots, builder), then its first estimate — at
 * once, as the feel bench's "in-process cold" (or, with `--started`, after the worker has started) —
 * printed with the wall time, the worker's own evaluation time, the process's CPU time and what the
 * worker loaded before answering. `--api`: instead, per query a fresh app process (the built web host, as
 * the feel bench starts it: bench/feel/app.ts), its first estimate through the WebSocket API as soon as
 * it listens — the feel bench's "API cold", without the rest of the feel part.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { EstimateResult } from '../shared/api/contract/engine.js';
import { NOW_MS } from './data.js';
import { startApp } from './feel/app.js';
import { appBackend, prepareDb, typeIdsOf } from './feel/prepare.js';
import { apiEstimate } from './feel/queries.js';
import { QUERIES, queryCase } from './feel/variants.js';

const NOW_ISO = new Date(NOW_MS).toISOString();

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * CPU time of all this process's threads so far (ms, Linux /proc/self/task/<tid>/schedstat; NaN
 * elsewhere). Around one estimate it is the estimate's own CPU: pre-warm pauses while a job runs, so on
 * a shared machine it says what the wall time would be on a quiet one.
 */
function threadsCpuMs(): number {
  try {
    let ns = 0;
    for (const tid of fs.readdirSync('/proc/self/task'))
      ns += Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0] ?? 0);
    return ns / 1e6;
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      prepare: { type: 'boolean' },
      started: { type: 'boolean' },
      query: { type: 'string' },
      wait: { type: 'string' },
      api: { type: 'boolean' },
    },
  });
  if (!values.db) throw new Error('--db <bench database> is required');
  const file = `${values.db}.cold.db`;
  if (values.prepare) {
    const ids = await prepareDb(values.db, file, 0, (s) => console.log(s));
    fs.writeFileSync(`${values.db}.cold.json`, JSON.stringify(ids));
    return;
  }
  const ids = JSON.parse(fs.readFileSync(`${values.db}.cold.json`, 'utf8')) as Record<string, string>;
  const types = typeIdsOf(file);
  console.log(
    `loadavg ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const wanted = QUERIES.filter((x) => !values.query || x.id === values.query);
  if (values.api) {
    for (const q of wanted) await apiCold(file, q.id, queryCase(q, 0, ids, types).definition);
    return;
  }
  for (const q of wanted) {
    const t0 = performance.now();
    const c0 = cpuMs();
    const backend = await appBackend(file);
    const opened = performance.now() - t0;
    try {
      if (values.started) await backend.evaluator.warmUp();
      // As the API's first estimate comes: after the app process has started listening (~1 s at 200k).
      if (values.wait) await new Promise((r) => setTimeout(r, Number(values.wait)));
      const before = (await backend.evaluator.cacheStats()).loads.length;
      const t1 = performance.now();
      const tc = threadsCpuMs();
      const r = await backend.dispatch('segments.estimate', {
        definition: queryCase(q, 0, ids, types).definition,
        timeZone: 'UTC',
        now: NOW_ISO,
      });
      const wall = performance.now() - t1;
      const estimateCpu = threadsCpuMs() - tc;
      if (!r.ok) throw new Error(r.error.message);
      const out = r.value as EstimateResult;
      const cpu = cpuMs() - c0;
      const stats = await backend.evaluator.cacheStats();
      console.log(
        `${q.id}: open ${opened.toFixed(0)} ms, first estimate ${wall.toFixed(0)} ms wall (worker ${out.durationMs.toFixed(0)} ms, ` +
          `CPU of all threads meanwhile ${estimateCpu.toFixed(0)} ms), ` +
          `CPU since open ${cpu.toFixed(0)} ms, total ${out.total}`,
      );
      console.log(`    (${before} loads before the estimate was asked for; after it:)`);
      for (const l of stats.loads.slice(before)) console.log(`    ${l.what}: ${l.rows} rows ${l.ms.toFixed(1)} ms`);
    } finally {
      await backend.close();
    }
  }
  console.log(
    `loadavg ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

/** A fresh app process on `file`; its first estimate of `definition` through the API as soon as it listens. */
async function apiCold(file: string, id: string, definition: unknown): Promise<void> {
  const app = await startApp(file, NOW_ISO, `${file}.probe-${id}.jsonl`);
  try {
    // The worker's own time of the first estimate too: the rest is the round trip and the wait for the worker.
    const cold = await app.api.must<EstimateResult>('segments.estimate', { definition, timeZone: 'UTC', now: NOW_ISO });
    const next = await apiEstimate(app.api)(definition);
    console.log(
      `${id}: API first estimate ${cold.ms.toFixed(0)} ms (worker ${cold.value.durationMs.toFixed(0)} ms; process listened after ` +
        `${app.listeningAt - app.spawnedAt} ms), second ${next.ms.toFixed(1)} ms, total ${cold.value.total}; loadavg ${os.loadavg()[0]?.toFixed(2)}`,
    );
  } finally {
    await app.stop();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
