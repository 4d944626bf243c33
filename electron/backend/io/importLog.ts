/**
 * The import log (migrations 010, 026): what each import changed, written by its batches in their own
 * transactions so that "Undo this import" (importUndo.ts) can take it back exactly. An entity batch
 * records, for every existing record it touches for the first time in this import, the record's stored
 * values before the write (`import_rows`), and the rid range of the records it created (`import_created`,
 * one row per run of batches: a million new records are one row, not a million); an interactions batch
 * records the id range it appended. Catalog growth is recorded in `imports.created`.
 */
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';

/** The catalog an import added, kept as JSON in `imports.created`. */
export interface ImportCreated {
  /** The entity it created (entity imports), or null. */
  entity: string | null;
  /** Entity fields it created (entity imports). */
  fields: string[];
  /** Interaction types it created. */
  types: string[];
  /** Interaction fields it created, per type. */
  typeFields: { type: string; field: string }[];
}

export const NOTHING_CREATED: ImportCreated = { entity: null, fields: [], types: [], typeFields: [] };

/** Values per inner JSON array: SQLite functions take at most 127 arguments. */
const GROUP = 100;

/** SQL building the JSON of a row's prior values: an array of arrays of at most {@link GROUP} columns. */
export function priorJsonSql(columns: readonly string[]): string {
  const groups: string[] = [];
  for (let i = 0; i < columns.length; i += GROUP)
    groups.push(
      `json_array(${columns
        .slice(i, i + GROUP)
        .map((c) => `"${c}"`)
        .join(',')})`,
    );
  return `json_array(${groups.join(',')})`;
}

/** The JSON path of column `i` in {@link priorJsonSql}'s array. */
export function priorPath(i: number): string {
  return `$[${Math.floor(i / GROUP)}][${i % GROUP}]`;
}

/** Records one import's writes into an entity table (built once per import; statements prepared per call). */
export class EntityImportLog {
  private readonly priorSql: string;

  constructor(
    private readonly db: Db,
    private readonly seq: number,
    table: string,
    /** Stored columns the import writes (not the key): what `prior` holds, in this order. */
    readonly columns: readonly string[],
  ) {
    // A record this import created (in one of its ranges) stays "created": its values before are none.
    this.priorSql =
      `INSERT OR IGNORE INTO import_rows (seq, rid, prior) SELECT @seq, rid, ${priorJsonSql(columns)} ` +
      `FROM "${table}" WHERE key IN (SELECT value FROM json_each(@keys)) ` +
      `AND NOT EXISTS (SELECT 1 FROM import_created c WHERE c.seq = @seq AND c.first_rid <= rid AND c.last_rid >= rid)`;
  }

  /** Before the batch's upsert: the prior values of the existing records among `keys`. */
  beforeWrite(keys: readonly string[]): void {
    if (keys.length > 0) stmt(this.db, this.priorSql).run({ seq: this.seq, keys: JSON.stringify(keys) });
  }

  /**
   * After the upsert: the records above `maxRidBefore`, up to `maxRidAfter`, were created by it (rids are
   * appended, one writer). The range continues the import's previous one when nothing came between.
   */
  afterWrite(maxRidBefore: number, maxRidAfter: number): void {
    if (maxRidAfter <= maxRidBefore) return;
    const extended = stmt(this.db, 'UPDATE import_created SET last_rid = ? WHERE seq = ? AND last_rid = ?').run(
      maxRidAfter,
      this.seq,
      maxRidBefore,
    );
    if (extended.changes === 0)
      stmt(this.db, 'INSERT INTO import_created (seq, first_rid, last_rid) VALUES (?, ?, ?)').run(this.seq, maxRidBefore + 1, maxRidAfter);
  }
}

/**
 * What an entity import logged, rid → its stored values before the import (JSON, {@link priorJsonSql}'s
 * shape) or null when the import created the record: its `import_rows` (prior values; created records of
 * imports from before migration 026) and its created ranges, where a record logged with prior values first
 * stays an overwritten one.
 */
export function entityImportLog(db: Db, seq: number): Map<number, string | null> {
  const log = new Map<number, string | null>();
  const rows = db.prepare('SELECT rid, prior FROM import_rows WHERE seq = ? ORDER BY rid').raw();
  for (const [rid, prior] of rows.iterate(seq) as IterableIterator<[number, string | null]>) log.set(rid, prior);
  const ranges = db.prepare('SELECT first_rid, last_rid FROM import_created WHERE seq = ? ORDER BY first_rid').raw();
  for (const [first, last] of ranges.all(seq) as [number, number][])
    for (let rid = first; rid <= last; rid++) if (!log.has(rid)) log.set(rid, null);
  return log;
}

/** Records the interactions an import appended (ids `first..last`). */
export function logInteractionRange(db: Db, seq: number, first: number, last: number): void {
  if (last < first) return;
  stmt(db, 'INSERT OR REPLACE INTO import_interactions (seq, first_id, last_id) VALUES (?, ?, ?)').run(seq, first, last);
}

/** Adds to the catalog growth recorded for an import (call inside the batch's transaction). */
export function addCreated(db: Db, importId: string, more: Partial<ImportCreated>): void {
  const now = readCreated(db, importId);
  const merged: ImportCreated = {
    entity: more.entity ?? now.entity,
    fields: [...new Set([...now.fields, ...(more.fields ?? [])])],
    types: [...new Set([...now.types, ...(more.types ?? [])])],
    typeFields: [...now.typeFields, ...(more.typeFields ?? [])].filter(
      (tf, i, all) => all.findIndex((o) => o.type === tf.type && o.field === tf.field) === i,
    ),
  };
  db.prepare('UPDATE imports SET created = ? WHERE id = ?').run(JSON.stringify(merged), importId);
}

/** The catalog growth recorded for an import. */
export function readCreated(db: Db, importId: string): ImportCreated {
  const json = db.prepare('SELECT created FROM imports WHERE id = ?').pluck().get(importId) as string | null | undefined;
  return json ? { ...NOTHING_CREATED, ...(JSON.parse(json) as Partial<ImportCreated>) } : { ...NOTHING_CREATED };
}

/** The next import sequence number (call in the transaction that inserts the import). */
export function nextImportSeq(db: Db): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM imports').pluck().get() as number) ?? 1;
}

/** What an import that ended before writing a row records: its request, and why it stopped. */
export interface EndedEarly {
  id: string;
  kind: 'entity' | 'interactions';
  file: string;
  target: string;
  options: string;
  startedAt: number;
  totalBytes: number;
}

/**
 * Records an import that wrote nothing — refused by its checks, cancelled or failed before its first
 * row — as ended, with the reason. Only its own `imports` row is written (with a sequence number, so
 * the history stays in order); nothing else changed.
 */
export function recordEndedEarly(
  db: Db,
  e: EndedEarly,
  status: 'refused' | 'cancelled' | 'failed',
  message: string,
  finishedAt: number,
): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO imports (id, seq, kind, file, target, options, status, started_at, finished_at, total_bytes, message, created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      e.id,
      nextImportSeq(db),
      e.kind,
      e.file,
      e.target,
      e.options,
      status,
      e.startedAt,
      finishedAt,
      e.totalBytes,
      message,
      JSON.stringify(NOTHING_CREATED),
    );
  }).immediate();
}
