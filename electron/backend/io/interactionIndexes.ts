/**
 * The indexes of the interaction log and its per-contact summary (`contact_type_stats`): dropped for a
 * bulk load, rebuilt (and the summary recomputed) when it ends or, after a kill, at the next start.
 */
import type { Db } from '../db/connection.js';
import { CatalogRepo, type EntityDef } from '../catalog/catalogRepo.js';

/**
 * A bulk load (a big file into an empty `interactions`, see importService.ts) drops the secondary indexes
 * of `interactions` and of `contact_type_stats` and leaves `contact_type_stats` alone while it loads:
 * each of them is written at random positions, so every batch commit would rewrite most of their pages,
 * and upserting the summary per batch costs more than loading the rows. At the end the summary is
 * recomputed from the log in one pass and the indexes are built by sorting. The dropped summary index
 * marks the unfinished state durably: after a crash the next start finishes the job (whole batches of
 * rows are in the log; the summary is derived from it).
 */
const INTERACTION_INDEXES = [
  // The per-contact index first: the summary is then read through it while its pages are still cached.
  'CREATE INDEX IF NOT EXISTS interactions_contact_type_ts ON interactions(contact_rid, type_id, ts)',
  'CREATE INDEX IF NOT EXISTS interactions_type_ts_contact ON interactions(type_id, ts, contact_rid)',
];
const STATS_INDEX = 'contact_type_stats_type_last';
/**
 * Page cache while the end of a bulk load runs (KiB). SQLite's sorter cuts its input into runs of about
 * the cache size, sorts each run (on a helper thread with `PRAGMA threads`) and merges them; runs of
 * 256 MiB sorted an 8M-row index in 10 CPU s against 15 CPU s for the one 1 GiB in-memory list
 * (docs/performance.md). Only used while building; the previous size is restored.
 */
const BUILD_CACHE_KIB = 256 * 1024;

/**
 * Runs `build` with the sorter settings of an index build: runs spilled to temporary files
 * (`temp_store = FILE`; with the connection's `MEMORY` SQLite sorts everything in one in-memory list,
 * single-threaded, whatever `threads` says) and a helper thread for sorting and merging them. The page
 * cache (`cacheKiB`) sets the size of a run: the default suits tens of millions of rows; an entity's
 * lookup index passes a small one (entityImport.ts says why).
 *
 * When the temporary folder cannot take the runs (full, or gone), `build` runs once more sorting in
 * memory: slower and single-threaded, but the indexes get built. This also runs when a database opens
 * after a bulk load was cut short (importService.ts), where a failure would keep the database from opening.
 * `build` must be safe to run again after a failed attempt (statements that failed left nothing behind:
 * each CREATE INDEX, or the transaction around it, is rolled back whole).
 */
export function withBuildSorter<T>(db: Db, build: () => T, cacheKiB = BUILD_CACHE_KIB): T {
  const threads = db.pragma('threads', { simple: true }) as number;
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const temp = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('threads = 2');
  db.pragma(`cache_size = -${cacheKiB}`);
  db.pragma('temp_store = FILE');
  try {
    try {
      return build();
    } catch (e) {
      if (!tempSpaceFailure(e)) throw e;
      db.pragma('temp_store = MEMORY');
      return build();
    }
  } finally {
    db.pragma(`threads = ${threads}`);
    db.pragma(`cache_size = ${cache}`);
    db.pragma(`temp_store = ${temp}`);
  }
}

/** SQLite's codes for a temporary file it could not create or write (disk full, I/O error, cannot open). */
export function tempSpaceFailure(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_FULL' || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR'));
}

const hasIndex = (db: Db, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").get(name) !== undefined;

/**
 * Finishes a bulk load (or one cut short): builds the missing interaction indexes, and when the summary
 * index is missing recomputes `contact_type_stats` from the log and builds its index, in one transaction.
 * Cheap when nothing is missing (the check at every start).
 */
export function ensureInteractionIndexes(db: Db): void {
  ensureLookupIndexes(db);
  const statsPending = !hasIndex(db, STATS_INDEX);
  const missing = INTERACTION_INDEXES.filter((sql) => !hasIndex(db, /EXISTS (\w+)/.exec(sql)?.[1] ?? ''));
  if (missing.length === 0 && !statsPending) return;
  withBuildSorter(db, () => {
    const [first, ...rest] = missing;
    if (first) db.exec(first);
    if (statsPending) {
      db.transaction(() => {
        db.exec('DELETE FROM contact_type_stats');
        // Read through the (contact_rid, type_id, ts) index: already in the summary's key order, no sort.
        db.exec(
          'INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) ' +
            'SELECT contact_rid, type_id, count(*), min(ts), max(ts) FROM interactions GROUP BY contact_rid, type_id ORDER BY contact_rid, type_id',
        );
        db.exec(`CREATE INDEX IF NOT EXISTS ${STATS_INDEX} ON contact_type_stats(type_id, last_ts, contact_rid)`);
      }).immediate();
    }
    for (const sql of rest) db.exec(sql);
  });
}

/**
 * Starts a bulk load (inside the schema transaction): drops the indexes {@link ensureInteractionIndexes}
 * rebuilds. `keepTimeIndex`: a file in time order keeps `(type_id, ts, contact_rid)` — into an empty log its
 * rows land at the end of their type's range; appended to a log, they merge into each type's range in order,
 * one moving position per type. Either way a handful of hot pages, so upkeep in the loop (on the inserting
 * thread, beside the convert thread) is cheaper than sorting the whole index at the end, which nothing
 * overlaps (20M rows onto 20M over the same span: 30.7 CPU s of upkeep against 47.7 to drop and re-sort).
 */
export function dropInteractionIndexes(db: Db, keepTimeIndex = false): void {
  db.exec(
    `${keepTimeIndex ? '' : 'DROP INDEX IF EXISTS interactions_type_ts_contact; '}DROP INDEX IF EXISTS interactions_contact_type_ts; DROP INDEX IF EXISTS ${STATS_INDEX};`,
  );
}

/**
 * Adds the batch's rows (ids after `?`) to the summary, set-wise. `NOT INDEXED` keeps the planner on the
 * rowid range: otherwise it scans the whole `(contact_rid, type_id, ts)` index to get the GROUP BY order
 * for free — every row of the log for a one-row import. The batch is sorted in a small temp B-tree instead.
 */
export const STATS_ADD_SQL =
  'INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) ' +
  'SELECT contact_rid, type_id, count(*), min(ts), max(ts) FROM interactions NOT INDEXED WHERE id > ? GROUP BY contact_rid, type_id ORDER BY contact_rid, type_id ' +
  'ON CONFLICT(contact_rid, type_id) DO UPDATE SET n = n + excluded.n, first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)';

/** The index every lookup field has (catalogRepo.ts creates it with the field). */
const lookupIndex = (table: string, column: string): { name: string; sql: string } => ({
  name: `${table}_${column}`,
  sql: `CREATE INDEX IF NOT EXISTS "${table}_${column}" ON "${table}"("${column}")`,
});

/** The lookup-field indexes of one entity's table. */
export function lookupIndexes(def: EntityDef): { name: string; sql: string }[] {
  return def.fields.filter((f) => f.type === 'lookup').map((f) => lookupIndex(def.table, f.column));
}

/**
 * A bulk entity load (entityImport.ts) drops its table's lookup-field indexes while it loads — each row
 * lands at a random place in them, so every batch commit rewrote most of their pages: 0.5 of the 1.1 CPU s
 * SQLite spent on 200k contacts with one lookup — and builds them by sorting when it ends. Whatever
 * lookup index is missing (a load cut short by a kill) is built here, at the next start. Cheap when none is.
 */
export function ensureLookupIndexes(db: Db): void {
  const missing = new CatalogRepo(db)
    .entities()
    .flatMap(lookupIndexes)
    .filter((ix) => !hasIndex(db, ix.name));
  if (missing.length === 0) return;
  withBuildSorter(db, () => db.transaction(() => missing.forEach((ix) => db.exec(ix.sql))).immediate());
}
