/**
 * Table-by-table comparison of two SQLite database files, for the kill tests: every table in the
 * schema (user tables, not SQLite's own), rows as they are minus the columns that legitimately differ
 * between two runs — wall-clock times (`at`, `*_at`, `duration_ms`) and the random ids of log rows —
 * and rows sorted by their remaining values, so the order rows were written in does not matter.
 */
import { openDatabase } from '../../electron/backend/db/connection.js';

/** Per table: its rows (time and id columns removed), each as JSON, sorted. */
export type TableSnapshot = Map<string, string[]>;

/** Columns left out of every comparison: wall-clock times, which differ between any two runs. */
export const TIME_COLUMN = /^(at|.*_at|duration_ms)$/;

/** Columns that are random by design, per table: the data generation tokens (migration 018) and the database id. */
export const RANDOM_COLUMNS: Record<string, readonly string[]> = { data_generations: ['gen'] };

export interface SnapshotOptions {
  /** Extra columns to leave out, per table (e.g. random uuids of log rows). */
  ignoreColumns?: Record<string, readonly string[]>;
  /** Tables to leave out, with the reason (kept in the signature so each exclusion is explained). */
  ignoreTables?: Record<string, string>;
}

/** Reads every table of `dbPath` (opened without migrations, read as it is on disk). */
export function snapshotTables(dbPath: string, opts: SnapshotOptions = {}): TableSnapshot {
  const db = openDatabase(dbPath, { skipMigrations: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    const out: TableSnapshot = new Map();
    for (const t of tables) {
      if (opts.ignoreTables?.[t] !== undefined) continue;
      const extra = new Set([...(opts.ignoreColumns?.[t] ?? []), ...(RANDOM_COLUMNS[t] ?? [])]);
      const cols = (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(t) as string[]).filter(
        (c) => !TIME_COLUMN.test(c) && !extra.has(c),
      );
      const list = cols.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
      const rows = cols.length === 0 ? [] : (db.prepare(`SELECT ${list} FROM "${t}"`).raw().all() as unknown[][]);
      out.set(t, rows.map((r) => JSON.stringify(r)).sort());
    }
    return out;
  } finally {
    db.close();
  }
}

/**
 * The differences between two snapshots, one line per table that differs (missing table, or up to
 * three rows only in one side); empty when they are equal.
 */
export function diffSnapshots(expected: TableSnapshot, actual: TableSnapshot): string[] {
  const problems: string[] = [];
  for (const t of new Set([...expected.keys(), ...actual.keys()])) {
    const a = expected.get(t);
    const b = actual.get(t);
    if (!a || !b) {
      problems.push(`${t}: only in the ${a ? 'expected' : 'actual'} database`);
      continue;
    }
    // Both sides are sorted: equal exactly when equal element by element (a set comparison would miss
    // a row that one side holds twice and the other once, beside another row held the other way round).
    if (a.length === b.length && a.every((r, i) => r === b[i])) continue;
    const left = new Set(a);
    const right = new Set(b);
    const onlyA = a.filter((r) => !right.has(r));
    const onlyB = b.filter((r) => !left.has(r));
    problems.push(
      `${t}: ${a.length} vs ${b.length} rows; expected only ${onlyA.slice(0, 3).join(' ')}; actual only ${onlyB.slice(0, 3).join(' ')}`,
    );
  }
  return problems;
}
