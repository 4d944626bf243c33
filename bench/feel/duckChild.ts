/**
 * DuckDB's side of the feel part, run as a CHILD process (so its memory is never counted in the
 * app's RSS, and every run starts with nothing loaded): `node duckChild.js <job.json>`.
 * The job names the DuckDB file, optional member materialisations to do first (untimed: Q5 reads
 * DuckDB's own materialised children), and one query: cold (open the file + first count, timed
 * together), warm same SQL (median of `runs` after one untimed run) and warm with one value changed per
 * call (median of the variants). Prints one JSON line with the figures.
 */
import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

export interface DuckJob {
  file: string;
  materialise?: { seg: string; sql: string }[];
  sql: string;
  changed: string[];
  runs: number;
}

export interface DuckFigures {
  coldMs: number;
  openMs: number;
  warmMs: number;
  changedMs: number;
  count: number;
  changedCounts: number[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

async function main(): Promise<void> {
  const job = JSON.parse(fs.readFileSync(process.argv[2] ?? '', 'utf8')) as DuckJob;
  const count = async (con: Awaited<ReturnType<DuckDBInstance['connect']>>, sql: string): Promise<number> =>
    Number((await con.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM (${sql})`)).getRows()[0]?.[0] ?? NaN);
  if (job.materialise?.length) {
    const inst = await DuckDBInstance.create(job.file, { threads: '2' });
    const con = await inst.connect();
    await con.run('DELETE FROM members');
    for (const m of job.materialise) await con.run(`INSERT INTO members SELECT '${m.seg}', rid FROM (${m.sql})`);
    await con.run('CHECKPOINT');
    con.closeSync();
    inst.closeSync();
  }
  const t0 = performance.now();
  const inst = await DuckDBInstance.create(job.file, { threads: '2' });
  const con = await inst.connect();
  const openMs = performance.now() - t0;
  const n = await count(con, job.sql);
  const coldMs = performance.now() - t0;
  await count(con, job.sql);
  const warm: number[] = [];
  for (let i = 0; i < job.runs; i++) {
    const t = performance.now();
    await count(con, job.sql);
    warm.push(performance.now() - t);
  }
  const changed: number[] = [];
  const changedCounts: number[] = [];
  for (const sql of job.changed) {
    const t = performance.now();
    changedCounts.push(await count(con, sql));
    changed.push(performance.now() - t);
  }
  con.closeSync();
  inst.closeSync();
  const out: DuckFigures = { coldMs, openMs, warmMs: median(warm), changedMs: median(changed), count: n, changedCounts };
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
