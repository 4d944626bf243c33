/**
 * Data generations (migration 018): a token per table, replaced by triggers in the same transaction as
 * every UPDATE or DELETE of that table's rows, so a snapshot built at one token is known stale once
 * the token differs. Inserts do not change it: rows are appended with rising rids/ids (INTEGER PRIMARY
 * KEY, one writer), so a snapshot plus the rows after its last rid is the table now, and an import
 * never has to invalidate one. A random token (not a counter) cannot repeat after a rollback, a
 * restored backup or a lost commit.
 */
import crypto from 'node:crypto';
import type { Db } from '../../../db/connection.js';

/** The table of tokens (created by migration 018). */
export const GENERATIONS_TABLE = 'data_generations';

/** Row of `data_generations` holding this database's random identity (a copy elsewhere keeps it; see docs). */
const DB_ID_ROW = ':db';

const triggerNames = (table: string): [string, string] => [`ss_gen_upd_${table}`, `ss_gen_del_${table}`];
const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Creates the generations table and this database's identity row if missing (migration 018). */
export function createGenerationsTable(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${GENERATIONS_TABLE} (tbl TEXT PRIMARY KEY, gen INTEGER NOT NULL) WITHOUT ROWID`);
  db.prepare(`INSERT OR IGNORE INTO ${GENERATIONS_TABLE} (tbl, gen) VALUES (?, ?)`).run(DB_ID_ROW, randomToken());
}

function randomToken(): bigint {
  return crypto.randomBytes(8).readBigInt64LE();
}

/**
 * Installs the UPDATE and DELETE triggers of `table` (if missing) and gives the table a fresh token
 * in the same statement batch: a table that lived without triggers for a while (a rebuilt table loses
 * its triggers) must not match any snapshot taken before. Call inside the transaction that creates or
 * rebuilds the table when there is one.
 */
export function installGenerationTriggers(db: Db, table: string): void {
  if (!db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = ?`).get(GENERATIONS_TABLE)) return; // before migration 018
  if (!db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(table)) return; // a catalog row without its table
  const [upd, del] = triggerNames(table);
  const bump = `UPDATE ${GENERATIONS_TABLE} SET gen = random() WHERE tbl = ${lit(table)};`;
  db.exec(`CREATE TRIGGER IF NOT EXISTS ${q(upd)} AFTER UPDATE ON ${q(table)} BEGIN ${bump} END`);
  db.exec(`CREATE TRIGGER IF NOT EXISTS ${q(del)} AFTER DELETE ON ${q(table)} BEGIN ${bump} END`);
  db.prepare(`INSERT INTO ${GENERATIONS_TABLE} (tbl, gen) VALUES (?, ?) ON CONFLICT(tbl) DO UPDATE SET gen = excluded.gen`).run(
    table,
    randomToken(),
  );
}

/** What a snapshot is checked against: the database's identity and the table's token. */
export interface TableVersion {
  dbId: string;
  gen: string;
}

/**
 * The current version of `table`, or null when its snapshots cannot be trusted (no generations table
 * yet, or a trigger is missing: writes would go unseen). Read inside the caller's read transaction.
 */
export function tableVersion(db: Db, table: string): TableVersion | null {
  const [upd, del] = triggerNames(table);
  const n = db
    .prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? AND name IN (?, ?)`)
    .pluck()
    .get(table, upd, del) as number;
  if (n !== 2) return null;
  const read = db.prepare(`SELECT gen FROM ${GENERATIONS_TABLE} WHERE tbl = ?`).pluck().safeIntegers(true);
  const dbId = read.get(DB_ID_ROW) as bigint | undefined;
  const gen = read.get(table) as bigint | undefined;
  if (dbId === undefined || gen === undefined) return null;
  return { dbId: dbId.toString(), gen: gen.toString() };
}

/**
 * Runs `fn` inside one read transaction (one consistent view of the database), unless the connection
 * is already in a transaction (then that one is the view).
 */
export function inReadTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  db.exec('BEGIN');
  try {
    return fn();
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}
