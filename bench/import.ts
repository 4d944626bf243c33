/**
 * Import benchmark: generates (once, cached in .bench-cache/) CSV files of accounts, contacts and
 * interactions, imports them into a fresh database through the real import service, and reports rows/s.
 * Targets (issue 3): 1M contacts ≤ 10 s, 20M interactions ≤ 90 s on a 2-core machine.
 *
 *   npm run bench:import -- [--contacts N] [--accounts N] [--interactions N] [--demo] [--formats] [--append] [--lag]
 *
 * `--demo` also times the demo generator at the same sizes (direct inserts, no CSV). `--formats` instead
 * times the contacts import from other shapes (`;` Windows-1252, UTF-16 LE tab, .xlsx: importFormats.ts).
 * `--append` imports the interactions file a second time (the append path, the table as big as the file;
 * `--append-no-bulk` the same batch by batch, to compare);
 * `--lag` then imports 100k interactions while a 5 ms timer measures the main thread's lag and `start`'s answer.
 * `--interactions 0` runs the accounts and contacts steps only (the 1M contacts target on its own).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EventBus } from '../electron/backend/events.js';
import { openDatabase } from '../electron/backend/db/connection.js';
import { ImportService } from '../electron/backend/io/importService.js';
import { generateDemo } from '../electron/backend/demo/generate.js';
import { sfc32, zipf } from '../electron/backend/demo/prng.js';
import type { ImportOptions } from '../shared/api/contract/imports.js';
import { runFormatsBench } from './importFormats.js';

/** Generated files and the bench database (gitignored); relative to where the bench runs (the repo root). */
const CACHE = path.resolve('.bench-cache');
const TYPES = ['EmailSent', 'EmailOpened', 'EmailClicked', 'FormSubmitted', 'EventRegistration', 'WebsiteVisited'];
const CITIES = ['Seattle', 'London', 'Berlin', 'Paris', 'München', 'Tokyo', 'São Paulo', 'Oslo', 'Dublin', 'Madrid'];

/** Writes a file line by line through a buffer (never the whole file in memory). */
function writeLines(file: string, header: string, rows: number, line: (i: number) => string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let buf: string[] = [header];
  for (let i = 0; i < rows; i++) {
    buf.push(line(i));
    if (buf.length >= 20_000) {
      fs.writeSync(fd, `${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length > 0) fs.writeSync(fd, `${buf.join('\n')}\n`);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
}

function ensureCsv(name: string, make: (file: string) => void): string {
  fs.mkdirSync(CACHE, { recursive: true });
  const file = path.join(CACHE, name);
  if (!fs.existsSync(file)) {
    const t = Date.now();
    make(file);
    console.log(`  generated ${name} (${(fs.statSync(file).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  return file;
}

/** One measured step (also written to the results file). */
export interface ImportStep {
  step: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** CPU time of this process (all threads, SQLite's sorter helpers included): comparable on a busy machine. */
  cpuSeconds: number;
  /** 1-minute load average when the step ended (2 cores: above 2, every wall time includes waiting). */
  loadAverage: number;
}

async function timedImport(
  db: ReturnType<typeof openDatabase>,
  opts: ImportOptions,
  rows: number,
  label: string,
  bulkBytes?: number,
): Promise<ImportStep> {
  const svc = new ImportService({
    db,
    events: new EventBus(),
    now: Date.now,
    onDataChanged: () => {},
    ...(bulkBytes ? { bulkBytes } : {}),
  });
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const { id } = await svc.start(opts);
  const s = await svc.wait(id);
  await svc.stopAll();
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  const used = process.cpuUsage(cpu);
  if (s.status !== 'completed' || s.imported !== rows) throw new Error(`${label}: ${JSON.stringify(s)}`);
  const step: ImportStep = {
    step: label,
    rows,
    seconds: secs,
    rowsPerSecond: rows / secs,
    cpuSeconds: (used.user + used.system) / 1e6,
    loadAverage: os.loadavg()[0] ?? 0,
  };
  // The first four columns are parsed by run.ts (keep their shape).
  console.log(
    `  ${label.padEnd(14)} ${rows.toLocaleString('en-US').padStart(12)} rows  ${secs.toFixed(1).padStart(6)} s  ${Math.round(rows / secs)
      .toLocaleString('en-US')
      .padStart(10)} rows/s  cpu ${step.cpuSeconds.toFixed(1)} s  load ${step.loadAverage.toFixed(1)}`,
  );
  return step;
}

/** The bench's interactions file: zipf-distributed contacts, six types, timestamps over two years. */
function writeInteractions(f: string, rows: number, contacts: number): void {
  const rng = sfc32(2);
  const who = zipf(contacts, 0.8, 100);
  const start = Date.UTC(2024, 0, 1);
  const span = 730 * 86_400_000;
  writeLines(f, 'interactiontype,contactid,timestamp,messageId,url,visitDuration', rows, (i) => {
    const type = TYPES[Math.floor(rng() * TYPES.length)] ?? 'EmailSent';
    const ts = new Date(start + Math.floor((i / rows) * span)).toISOString();
    const email = type.startsWith('Email');
    return `${type},C${who(rng) + 1},${ts},${email ? `MSG-${i % 400}` : ''},${email ? '' : `https://example.com/p${i % 50}`},${type === 'WebsiteVisited' ? 1 + (i % 600) : ''}`;
  });
}

/** What the main thread felt during a 100k-row interaction import. */
export interface LagProbe {
  /** `imports.start` from call to answer. */
  startMs: number;
  /** Longest gap between 5 ms timer ticks beyond their due time, and the 99th percentile, while the import ran. */
  maxLagMs: number;
  p99LagMs: number;
  /** Longest wait of a small query on the main connection (issued every tick). */
  maxQueryMs: number;
  seconds: number;
  loadAverage: number;
}

/** Imports `file` (100k interactions) while a 5 ms timer measures how late the main event loop runs it. */
async function lagProbe(db: ReturnType<typeof openDatabase>, file: string): Promise<LagProbe> {
  const svc = new ImportService({ db, events: new EventBus(), now: Date.now, onDataChanged: () => {} });
  const lags: number[] = [];
  let maxQueryMs = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - last - 5));
    last = now;
    const q = performance.now();
    db.prepare('SELECT count(*) FROM imports').get();
    maxQueryMs = Math.max(maxQueryMs, performance.now() - q);
  }, 5);
  // As in the app: the preview started the import thread while the user looked at the mapping.
  await svc.warm();
  const t0 = performance.now();
  const { id } = await svc.start({ kind: 'interactions', path: file });
  const startMs = performance.now() - t0;
  const s = await svc.wait(id);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(tick);
  await svc.stopAll();
  if (s.status !== 'completed') throw new Error(`lag probe import: ${JSON.stringify(s)}`);
  lags.sort((a, b) => a - b);
  const probe: LagProbe = {
    startMs,
    maxLagMs: lags[lags.length - 1] ?? 0,
    p99LagMs: lags[Math.floor(lags.length * 0.99)] ?? 0,
    maxQueryMs,
    seconds,
    loadAverage: os.loadavg()[0] ?? 0,
  };
  console.log(
    `  100k import: start answered in ${startMs.toFixed(1)} ms; main-thread lag max ${probe.maxLagMs.toFixed(1)} ms, p99 ${probe.p99LagMs.toFixed(1)} ms; ` +
      `query max ${maxQueryMs.toFixed(1)} ms; ${seconds.toFixed(1)} s; load ${probe.loadAverage.toFixed(1)}`,
  );
  return probe;
}

export async function runImportBench(o: {
  append?: boolean;
  /** `--append-no-bulk`: the append goes batch by batch (bulk threshold out of reach), to compare. */
  appendBulkBytes?: number;
  lag?: boolean;
  contacts: number;
  accounts: number;
  interactions: number;
  demo: boolean;
  formats?: boolean;
}): Promise<void> {
  console.log(`Import benchmark: ${o.accounts} accounts, ${o.contacts} contacts, ${o.interactions} interactions`);
  const accounts = ensureCsv(`accounts-${o.accounts}.csv`, (f) =>
    writeLines(
      f,
      'accountid,name,industry,numberofemployees,revenue',
      o.accounts,
      (i) => `A${i + 1},Company ${i + 1},Industry ${i % 20},${(i * 7919) % 5000},${((i * 104729) % 10_000_000) / 100}`,
    ),
  );
  const contacts = ensureCsv(`contacts-${o.contacts}-${o.accounts}.csv`, (f) => {
    const rng = sfc32(1);
    writeLines(
      f,
      'contactid,fullname,emailaddress1,address1_city,birthdate,createdon,donotbulkemail,lifetimevalue,parentcustomerid',
      o.contacts,
      (i) =>
        `C${i + 1},Person ${i + 1},person${i + 1}@example.com,${CITIES[i % CITIES.length]},19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10},2024-0${1 + (i % 9)}-0${1 + (i % 9)}T10:00:00Z,${rng() < 0.06 ? 'yes' : 'no'},${(rng() * 5000).toFixed(2)},${rng() < 0.15 ? '' : `A${1 + Math.floor(rng() * o.accounts)}`}`,
    );
  });
  if (o.formats) return runFormatsBench(CACHE, accounts, contacts, o.contacts);
  // `--interactions 0`: the accounts and contacts steps only (no interactions file).
  const interactions =
    o.interactions > 0
      ? ensureCsv(`interactions-${o.interactions}-${o.contacts}.csv`, (f) => writeInteractions(f, o.interactions, o.contacts))
      : null;

  // A fresh database every run (the CSVs above are reused).
  const dbFile = path.join(CACHE, 'import-bench.db');
  for (const s of ['', '-wal', '-shm']) fs.rmSync(dbFile + s, { force: true });
  const db = openDatabase(dbFile);
  const steps: ImportStep[] = [];
  let lag: LagProbe | null = null;
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  try {
    console.log('  step           rows             time      speed');
    steps.push(await timedImport(db, { kind: 'entity', entity: 'account', path: accounts, key: 'accountid' }, o.accounts, 'accounts'));
    steps.push(
      await timedImport(
        db,
        { kind: 'entity', entity: 'contact', path: contacts, key: 'contactid', lookups: { parentcustomerid: 'account' } },
        o.contacts,
        'contacts',
      ),
    );
    if (interactions) steps.push(await timedImport(db, { kind: 'interactions', path: interactions }, o.interactions, 'interactions'));
    if (interactions && o.append)
      steps.push(await timedImport(db, { kind: 'interactions', path: interactions }, o.interactions, 'append', o.appendBulkBytes));
    if (o.lag)
      lag = await lagProbe(
        db,
        ensureCsv(`interactions-100000-${o.contacts}.csv`, (f) => writeInteractions(f, 100_000, o.contacts)),
      );
  } finally {
    db.close();
  }
  const total = steps.reduce((a, x) => a + x.seconds, 0);
  console.log(
    `  total: ${total.toFixed(1)} s, cpu ${steps.reduce((a, x) => a + x.cpuSeconds, 0).toFixed(1)} s (load average ${loadAtStart.map((x) => x.toFixed(1)).join(' / ')} at start)`,
  );
  const out = path.join(CACHE, `results-${startedAt.toISOString().slice(0, 16).replace(':', '-')}-import-detail.json`);
  fs.writeFileSync(
    out,
    `${JSON.stringify({ startedAt: startedAt.toISOString(), node: process.version, cpus: os.cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg(), sizes: o, steps, totalSeconds: total, lag }, null, 2)}\n`,
  );
  console.log(`  results: ${path.relative(process.cwd(), out)}`);
  if (o.demo) {
    const demoFile = path.join(CACHE, 'demo-bench.db');
    for (const s of ['', '-wal', '-shm']) fs.rmSync(demoFile + s, { force: true });
    const demoDb = openDatabase(demoFile);
    try {
      const r = generateDemo(demoDb, { contacts: o.contacts, accounts: o.accounts, interactions: o.interactions });
      console.log(
        `  demo generator: ${r.contacts} contacts, ${r.accounts} accounts, ${r.interactions} interactions in ${(r.ms / 1000).toFixed(1)} s`,
      );
    } finally {
      demoDb.close();
    }
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      contacts: { type: 'string' },
      accounts: { type: 'string' },
      interactions: { type: 'string' },
      demo: { type: 'boolean' },
      formats: { type: 'boolean' },
      append: { type: 'boolean' },
      'append-no-bulk': { type: 'boolean' },
      lag: { type: 'boolean' },
    },
  });
  const contacts = Number(values.contacts ?? 1_000_000);
  runImportBench({
    contacts,
    accounts: Number(values.accounts ?? Math.max(1, Math.floor(contacts / 10))),
    interactions: Number(values.interactions ?? 20_000_000),
    demo: values.demo ?? false,
    formats: values.formats ?? false,
    append: (values.append ?? false) || (values['append-no-bulk'] ?? false),
    ...(values['append-no-bulk'] ? { appendBulkBytes: Number.MAX_SAFE_INTEGER } : {}),
    lag: values.lag ?? false,
  }).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
