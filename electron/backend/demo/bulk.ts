/** Fast bulk writes for generated data: multi-row prepared INSERTs and a per-batch stats accumulator. */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';

const ROWS_PER_STATEMENT = 50;

/** Buffers rows and inserts them ROWS_PER_STATEMENT at a time (the caller owns the transaction). */
export class BulkWriter {
  private readonly full: Statement<unknown[]>;
  private buf: (string | number | null)[] = [];
  private rows = 0;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly columns: string[],
  ) {
    this.full = db.prepare(this.sql(ROWS_PER_STATEMENT));
  }

  private sql(rows: number): string {
    const one = `(${this.columns.map(() => '?').join(',')})`;
    return `INSERT INTO "${this.table}" (${this.columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array(rows).fill(one).join(',')}`;
  }

  add(row: (string | number | null)[]): void {
    for (const v of row) this.buf.push(v);
    if (++this.rows === ROWS_PER_STATEMENT) {
      this.full.run(this.buf);
      this.buf = [];
      this.rows = 0;
    }
  }

  flush(): void {
    if (this.rows > 0) this.db.prepare(this.sql(this.rows)).run(this.buf);
    this.buf = [];
    this.rows = 0;
  }
}

/** Sums (count, first, last) per (contact, type) for one transaction, then upserts `contact_type_stats`. */
export class StatsAccumulator {
  private readonly pairs = new Map<number, { n: number; min: number; max: number }>();
  private readonly upsert: Statement<unknown[]>;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(
      'INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT(contact_rid, type_id) DO UPDATE SET n = n + excluded.n, first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)',
    );
  }

  add(contactRid: number, typeId: number, ts: number): void {
    const k = contactRid * 1024 + typeId;
    const p = this.pairs.get(k);
    if (!p) this.pairs.set(k, { n: 1, min: ts, max: ts });
    else {
      p.n++;
      if (ts < p.min) p.min = ts;
      if (ts > p.max) p.max = ts;
    }
  }

  /** Writes and clears the accumulated pairs (call inside the same transaction as the inserts). */
  flush(): void {
    const sorted = [...this.pairs.entries()].sort((a, b) => a[0] - b[0]);
    for (const [k, p] of sorted) this.upsert.run(Math.floor(k / 1024), k % 1024, p.n, p.min, p.max);
    this.pairs.clear();
  }
}
