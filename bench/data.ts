/**
 * Benchmark data: the 1M contacts / 100k accounts / 20M interactions demo database, built once with
 * `generateDemo` and cached in .bench-cache/ together with a DuckDB copy of the same rows. The cache is
 * keyed by a hash of the generator's sources and the sizes, so a changed generator rebuilds it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../electron/backend/db/connection.js';
import { generateDemo } from '../electron/backend/demo/generate.js';

export const CACHE = path.resolve('.bench-cache');
/** The fixed "now" of every benchmark query (and the demo data's end time), so results are reproducible. */
export const NOW_MS = Date.UTC(2026, 0, 1);

export interface DataSize {
  contacts: number;
  accounts: number;
  interactions: number;
}

export interface DataInfo {
  file: string;
  key: string;
  size: DataSize;
  /** Seconds spent generating now; null when the cached copy was reused. */
  buildSeconds: number | null;
  /** From the marker file: how long the cached copy took to build. */
  builtSeconds: number;
  bytes: number;
}

/** Hash of the generator sources (found next to the compiled bench, in the repo's electron/backend/demo). */
function generatorVersion(): string {
  const dir = path.resolve('electron/backend/demo');
  const h = crypto.createHash('sha256');
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))
    .sort()) {
    h.update(f);
    h.update(fs.readFileSync(path.join(dir, f)));
  }
  return h.digest('hex').slice(0, 12);
}

function removeDb(file: string): void {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
}

/** Returns the cached benchmark database, building it first when missing or stale. */
export function ensureData(size: DataSize, log: (s: string) => void, reuseAny = false): DataInfo {
  fs.mkdirSync(CACHE, { recursive: true });
  const key = `${generatorVersion()}-${size.contacts}-${size.accounts}-${size.interactions}`;
  const file = path.join(CACHE, `bench-${size.contacts}.db`);
  const marker = `${file}.json`;
  const prev = fs.existsSync(marker) ? (JSON.parse(fs.readFileSync(marker, 'utf8')) as { key?: string; seconds?: number }) : {};
  const sameSize = prev.key?.endsWith(`-${size.contacts}-${size.accounts}-${size.interactions}`) ?? false;
  if (fs.existsSync(file) && prev.key && (prev.key === key || (reuseAny && sameSize))) {
    if (prev.key !== key) log(`data: the generator changed (${prev.key} → ${key}); reusing the old data because of --keep-data`);
    log(`data: reusing ${path.relative(process.cwd(), file)} (generator ${prev.key})`);
    return { file, key: prev.key, size, buildSeconds: null, builtSeconds: prev.seconds ?? 0, bytes: fs.statSync(file).size };
  }
  log(`data: building ${size.contacts} contacts / ${size.accounts} accounts / ${size.interactions} interactions (generator ${key}) …`);
  fs.rmSync(marker, { force: true });
  removeDb(file);
  const t = process.hrtime.bigint();
  const db = openDatabase(file);
  try {
    // A 1 GiB page cache while generating: the per-batch contact_type_stats upserts hit a 3.6M-row
    // B-tree at random, and with SQLite's default 2 MiB cache the load slowed down about 7× as it grew.
    db.pragma('cache_size = -1048576');
    let lastLog = 0;
    generateDemo(db, {
      ...size,
      seed: 20260101,
      endMs: NOW_MS,
      onProgress: (phase, done, total) => {
        const now = Date.now();
        if (now - lastLog > 10_000 || done === total) {
          lastLog = now;
          log(`  ${phase} ${done}/${total}`);
        }
      },
    });
    // No ANALYZE: the app never runs it after an import either, so the bench sees the plans users get.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  fs.writeFileSync(marker, JSON.stringify({ key, seconds, at: new Date().toISOString() }));
  log(`data: built in ${seconds.toFixed(1)} s`);
  return { file, key, size, buildSeconds: seconds, builtSeconds: seconds, bytes: fs.statSync(file).size };
}
