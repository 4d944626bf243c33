/**
 * The benchmark: `npm run bench [-- --only data,engine,live,import,feel] [--contacts N] [--runs 5] …`.
 * Builds (or reuses) the cached 1M / 100k / 20M demo database and its DuckDB copy, then measures the
 * segment engine (issue 4), live incremental updates (issue 5), CSV import (issue 3), what a user
 * feels in the app's own process (issue 15, feel/) and — asked for with `--only …,warehouse` — the
 * same queries on PostgreSQL and DuckDB loaded by `warehouse push` (issue 18, warehouse.ts); prints
 * markdown tables, ends with every issue-15 target as met / not met / not run, and writes
 * .bench-cache/results-<date>.json (`targets` among the parts' results) and .md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../electron/backend/db/connection.js';
import { createBackend } from '../electron/backend/index.js';
import { CACHE, ensureData, NOW_MS, type DataInfo } from './data.js';
import { ensureDuck, openDuck, type DuckInfo } from './duck.js';
import { runEngine, setUpSegments, type Duck, type EngineRow } from './engine.js';
import { runImportBench } from './import.js';
import { runLive, type LiveResult } from './live.js';
import { feelTables, runFeel, type FeelResult } from './feel/index.js';
import { issueTargets } from './feel/issueTargets.js';
import { targetsTable } from './feel/targets.js';
import { dataTable, engineTable, importTable, liveTable, warehouseTable, type ImportLine } from './report.js';
import { runWarehouse } from './warehouse.js';

const PARTS = ['data', 'engine', 'live', 'import', 'warehouse', 'feel'] as const;
type Part = (typeof PARTS)[number];
/** Run when --only is absent (the warehouse part starts a PostgreSQL server and pushes the data: asked for). */
const DEFAULT_PARTS: readonly Part[] = ['data', 'engine', 'live', 'import', 'feel'];

const HELP = `Usage: npm run bench -- [options]
  --only LIST        comma-separated parts: data, engine, live, import, warehouse, feel
                     (default: data,engine,live,import,feel; warehouse = PostgreSQL + DuckDB via warehouse push;
                     feel = the app in its own process through its WebSocket API, docs/performance.md)
  --contacts N       contacts (default 1000000); accounts default N/10, interactions N*20
  --accounts N       accounts
  --interactions N   interactions
  --runs N           timed runs per measurement after one warm-up (default 5)
  --changes N        live: profile edits and direct interaction writes (default 300)
  --interaction-changes N  live: one-row CSV interaction imports (default 100; each loads the contact key map)
  --extra-live N     live: extra live profile segments besides Q1-Q6 (default 10)
  --import-rows N    feel: rows of the interaction import during the session (default 100000)
  --append N         feel: interactions appended to the database with 16 live segments (default = --interactions; 0 skips)
  --no-duckdb        skip the DuckDB comparison
  --keep-data        reuse the cached database even if the generator sources changed
  --help             this text`;

function log(s: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
}

/** Runs bench/import.ts's measurement and collects the lines it prints ("  step  rows  time  speed"). */
async function importPart(size: { contacts: number; accounts: number; interactions: number }): Promise<ImportLine[]> {
  const lines: ImportLine[] = [];
  const orig = console.log;
  console.log = (...args: unknown[]): void => {
    const s = args.map(String).join(' ');
    const m = /^\s+(\w+)\s+([\d,]+) rows\s+([\d.]+) s\s+([\d,]+) rows\/s/.exec(s);
    if (m)
      lines.push({
        step: m[1] ?? '',
        rows: Number((m[2] ?? '').replace(/,/g, '')),
        seconds: Number(m[3]),
        rowsPerSecond: Number((m[4] ?? '').replace(/,/g, '')),
      });
    orig(...args);
  };
  try {
    await runImportBench({ ...size, demo: false });
  } finally {
    console.log = orig;
  }
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      contacts: { type: 'string' },
      accounts: { type: 'string' },
      interactions: { type: 'string' },
      runs: { type: 'string' },
      changes: { type: 'string' },
      'extra-live': { type: 'string' },
      'interaction-changes': { type: 'string' },
      'import-rows': { type: 'string' },
      append: { type: 'string' },
      'no-duckdb': { type: 'boolean' },
      'keep-data': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const num = (name: string, v: string | undefined, def: number): number => {
    const n = v === undefined ? def : Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0, got "${v}"`);
    return n;
  };
  const parts = new Set<Part>();
  for (const p of (values.only ?? DEFAULT_PARTS.join(',')).split(',').map((x) => x.trim().toLowerCase())) {
    if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part "${p}" (parts: ${PARTS.join(', ')})`);
    parts.add(p as Part);
  }
  const contacts = num('contacts', values.contacts, 1_000_000);
  const size = {
    contacts,
    accounts: num('accounts', values.accounts, Math.max(1, Math.floor(contacts / 10))),
    interactions: num('interactions', values.interactions, contacts * 20),
  };
  const runs = Math.max(1, num('runs', values.runs, 5));
  const started = new Date();
  const results: Record<string, unknown> = {
    startedAt: started.toISOString(),
    now: new Date(NOW_MS).toISOString(),
    size,
    runs,
    node: process.version,
    cpus: os.cpus().length,
    // Other work on the machine inflates every number (and the event-loop lag most): recorded with the results.
    loadAverageAtStart: os.loadavg(),
    parts: [...parts],
  };
  const md: string[] = [];

  let data: DataInfo | null = null;
  let duckInfo: DuckInfo | null = null;
  const needsData = parts.has('data') || parts.has('engine') || parts.has('live') || parts.has('warehouse') || parts.has('feel');
  if (needsData) {
    data = ensureData(size, log, values['keep-data'] ?? false);
  }
  if (data && (parts.has('data') || parts.has('engine') || parts.has('feel')) && !values['no-duckdb']) {
    const backend = await createBackend({ dbPath: data.file, host: 'cli', now: () => NOW_MS, actor: 'bench' });
    try {
      duckInfo = await ensureDuck(backend.db, data, log);
    } finally {
      await backend.close();
    }
  }
  if (data) {
    const summary = {
      ...size,
      buildSeconds: data.buildSeconds,
      builtSeconds: data.builtSeconds,
      sqliteBytes: fs.statSync(data.file).size,
      duckBytes: duckInfo?.bytes ?? null,
      duckBuildSeconds: duckInfo?.buildSeconds ?? null,
    };
    results.data = summary;
    md.push('### Data', '', dataTable(summary), '');
  }

  if (data && parts.has('engine')) {
    const backend = await createBackend({ dbPath: data.file, host: 'cli', now: () => NOW_MS, actor: 'bench' });
    const duck: Duck | null = duckInfo ? await openDuck(duckInfo) : null;
    try {
      const engine: { rows: EngineRow[]; goLiveMs: Record<string, number> } = await runEngine(backend, duck, runs, log);
      results.engine = engine;
      md.push(
        `### Engine (median of ${runs} runs after a warm-up, as of ${new Date(NOW_MS).toISOString()})`,
        '',
        engineTable(engine.rows),
        '',
      );
      const mismatches = engine.rows.filter((r) => r.countsMatch === false);
      if (mismatches.length > 0)
        md.push(
          `**COUNT MISMATCH with DuckDB: ${mismatches.map((r) => `${r.id} ours ${r.count} vs DuckDB ${r.duckCount}`).join('; ')}**`,
          '',
        );
    } finally {
      duck?.close();
      await backend.close();
    }
  }

  if (data && parts.has('live')) {
    // The live part edits contacts and adds interactions: it works on a fresh copy, so the cached
    // database (and its DuckDB twin) keep the generated rows.
    const copy = data.file.replace(/\.db$/, '-live.db');
    for (const sfx of ['', '-wal', '-shm']) fs.rmSync(copy + sfx, { force: true });
    const t = Date.now();
    const src = openDatabase(data.file);
    src.pragma('wal_checkpoint(TRUNCATE)');
    src.close();
    fs.copyFileSync(data.file, copy);
    log(`live: working on a copy (${((Date.now() - t) / 1000).toFixed(1)} s to copy)`);
    const backend = await createBackend({ dbPath: copy, host: 'cli', now: () => NOW_MS, actor: 'bench' });
    try {
      await setUpSegments(backend, log);
      const live: LiveResult = await runLive(
        backend,
        {
          changes: num('changes', values.changes, 300),
          interactionChanges: num('interaction-changes', values['interaction-changes'], 100),
          extraLive: num('extra-live', values['extra-live'], 10),
          contacts: size.contacts,
        },
        log,
      );
      results.live = live;
      md.push('### Live incremental updates', '', liveTable(live), '');
    } finally {
      await backend.close();
      for (const sfx of ['', '-wal', '-shm']) fs.rmSync(copy + sfx, { force: true });
    }
  }

  if (data && parts.has('warehouse')) {
    const file = data.file;
    const open = (): ReturnType<typeof createBackend> => createBackend({ dbPath: file, host: 'cli', now: () => NOW_MS, actor: 'bench' });
    const warehouse = await runWarehouse(open, data, runs, log);
    results.warehouse = warehouse;
    md.push(`### Warehouse (cold: first run; warm: median of ${runs} after a warm-up)`, '', warehouseTable(warehouse), '');
    const bad = warehouse.rows.filter((r) => !r.countsMatch);
    if (bad.length > 0) {
      // Written to the results first, then the run fails: identical counts are the point of the comparison.
      md.push(`**COUNT MISMATCH between the engines: ${bad.map((r) => r.id).join(', ')}**`, '');
      process.exitCode = 1;
    }
  }

  if (parts.has('import')) {
    const lines = await importPart(size);
    results.import = lines;
    md.push('### Import', '', importTable(lines), '');
  }

  if (data && parts.has('feel')) {
    // The web host serves the built renderer and refuses to start without it.
    if (!fs.existsSync(path.resolve('dist/index.html'))) {
      log('feel: building the renderer once for the web host (npm run build:renderer) …');
      execFileSync('npm', ['run', 'build:renderer'], { stdio: 'inherit' });
    }
    const feel: FeelResult = await runFeel(
      {
        data,
        duck: duckInfo,
        runs,
        importRows: num('import-rows', values['import-rows'], 100_000),
        appendRows: num('append', values.append, size.interactions),
      },
      log,
    );
    results.feel = feel;
    md.push(
      `### What a user feels (the app in its own process, through its WebSocket API; warm: median of ${runs})`,
      '',
      feelTables(feel),
      '',
    );
  }

  // Every target of issue 15, met / not met / not run (a part that did not run is never met).
  const targets = issueTargets({
    feel: (results.feel as FeelResult | undefined) ?? null,
    import: (results.import as ImportLine[] | undefined) ?? null,
    live: results.live ?? null,
  });
  results.targets = targets;
  md.push(`### Targets (issue 15) at ${size.contacts} / ${size.accounts} / ${size.interactions}`, '', targetsTable(targets), '');

  results.finishedAt = new Date().toISOString();
  results.loadAverageAtEnd = os.loadavg();
  md.push(
    `Machine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(
        ' / ',
      )} (1/5/15 min) at the end of the run; started at ${(results.loadAverageAtStart as number[]).map((x) => x.toFixed(1)).join(' / ')}.`,
    '',
  );
  fs.mkdirSync(CACHE, { recursive: true });
  const out = path.join(CACHE, `results-${started.toISOString().slice(0, 16).replace(':', '-')}-${[...parts].join('+')}.json`);
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(out.replace(/\.json$/, '.md'), `${md.join('\n')}\n`);
  console.log(`\n${md.join('\n')}`);
  log(`results: ${path.relative(process.cwd(), out)} (and .md)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
