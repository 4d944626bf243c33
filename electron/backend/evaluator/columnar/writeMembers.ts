/**
 * Materialise from a bitset: diff against the segment's current members and write the joiners and
 * leavers in ONE short IMMEDIATE transaction with prepared multi-row statements. The evaluation ran
 * before, outside the transaction; the current members are (re)checked inside it, so a membership
 * change committed meanwhile by the main connection is diffed correctly.
 */
import type { Db } from '../../db/connection.js';
import { andNotInPlace, forEachBit, type Bitset } from './bitset.js';
import type { ColumnarEngine } from './engine.js';

/** Rows per multi-row statement (2 parameters each for inserts: far below SQLite's 32,766 limit). */
const CHUNK = 500;

function chunked(db: Db, sqlFor: (n: number) => string, segmentId: string, rids: number[], paramsFor: (segmentId: string, chunk: number[]) => unknown[]): number {
  let changes = 0;
  const full = rids.length >= CHUNK ? db.prepare(sqlFor(CHUNK)) : null;
  for (let i = 0; i < rids.length; i += CHUNK) {
    const chunk = rids.slice(i, i + CHUNK);
    const stmt = chunk.length === CHUNK && full ? full : db.prepare(sqlFor(chunk.length));
    changes += stmt.run(paramsFor(segmentId, chunk)).changes;
  }
  return changes;
}

const insertSql = (n: number): string => `INSERT OR IGNORE INTO segment_members (segment_id, contact_rid) VALUES ${Array.from({ length: n }, () => '(?, ?)').join(', ')}`;
const deleteSql = (n: number): string => `DELETE FROM segment_members WHERE segment_id = ? AND contact_rid IN (${Array.from({ length: n }, () => '?').join(', ')})`;

/** Makes segment_members of `segmentId` equal to `members`; returns the rows added and removed. */
export function writeMembers(db: Db, engine: ColumnarEngine, segmentId: string, members: Bitset): { added: number; removed: number } {
  const write = db.transaction(() => {
    const current = engine.currentMembers(segmentId, members.length);
    const joiners = andNotInPlace(members.slice(), current);
    const leavers = andNotInPlace(current.slice(), members);
    const join: number[] = [];
    const leave: number[] = [];
    forEachBit(joiners, (r) => join.push(r));
    forEachBit(leavers, (r) => leave.push(r));
    // Stale rows beyond the contact rid space (contacts deleted since) leave too.
    let removed = db.prepare('DELETE FROM segment_members WHERE segment_id = ? AND contact_rid >= ?').run(segmentId, members.length * 32).changes;
    removed += chunked(db, deleteSql, segmentId, leave, (s, c) => [s, ...c]);
    const added = chunked(db, insertSql, segmentId, join, (s, c) => c.flatMap((r) => [s, r]));
    return { added, removed, version: engine.currentDataVersion };
  });
  const { added, removed, version } = write.immediate();
  engine.membersWritten(segmentId, members, version);
  return { added, removed };
}
