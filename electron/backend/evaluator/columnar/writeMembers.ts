/**
 * Materialise from a bitset: compare it with the segment's current members chunk by chunk and write
 * only the chunks that differ (db/memberStore.ts keeps members in chunks of 1,024 rids), in ONE short
 * IMMEDIATE transaction. The evaluation ran before, outside the transaction; the current members are
 * (re)checked inside it, so a membership change committed meanwhile by the main connection is diffed
 * correctly.
 */
import type { Db } from '../../db/connection.js';
import {
  deleteMemberChunksFrom,
  MEMBER_CHUNK_SIZE,
  putMemberChunk,
  storedMemberChunk,
  storedMembersFromChunk,
} from '../../db/memberStore.js';
import { forEachBit, popcount32, type Bitset } from './bitset.js';
import type { ColumnarEngine } from './engine.js';

const WORDS_PER_CHUNK = MEMBER_CHUNK_SIZE >>> 5;

/**
 * Makes the stored members equal to `next`, given `current` (the stored members as a bitset of the
 * same length). Stored rids beyond the bitset's range (contacts deleted since) are dropped. Returns
 * the number of members added and removed.
 */
export function writeMemberBits(db: Db, segmentId: string, next: Bitset, current: Bitset): { added: number; removed: number } {
  if (next.length !== current.length) throw new Error('writeMemberBits: bitsets of different lengths');
  const limit = next.length * 32;
  const chunks = Math.ceil(next.length / WORDS_PER_CHUNK);
  let added = 0;
  let removed = 0;
  // Rids the bitset cannot hold: in any chunk after the last one it covers …
  removed += storedMembersFromChunk(db, segmentId, chunks);
  deleteMemberChunksFrom(db, segmentId, chunks);
  // … and in the last chunk when the bitset covers it only partly.
  let rewriteLast = false;
  if (chunks > 0 && limit % MEMBER_CHUNK_SIZE !== 0) {
    const beyond = storedMemberChunk(db, segmentId, chunks - 1).filter((r) => r >= limit).length;
    removed += beyond;
    rewriteLast = beyond > 0;
  }
  for (let c = 0; c < chunks; c++) {
    const start = c * WORDS_PER_CHUNK;
    const end = Math.min(start + WORDS_PER_CHUNK, next.length);
    let differs = rewriteLast && c === chunks - 1;
    for (let w = start; w < end; w++) {
      const x = next[w]! ^ current[w]!;
      if (x === 0) continue;
      differs = true;
      added += popcount32(x & next[w]!);
      removed += popcount32(x & current[w]!);
    }
    if (!differs) continue;
    const rids: number[] = [];
    forEachBit(next.subarray(start, end), (r) => rids.push(start * 32 + r));
    putMemberChunk(db, segmentId, c, rids);
  }
  return { added, removed };
}

/** Makes the stored members of `segmentId` equal to `members`; returns the members added and removed. */
export function writeMembers(db: Db, engine: ColumnarEngine, segmentId: string, members: Bitset): { added: number; removed: number } {
  const write = db.transaction(() => {
    const current = engine.currentMembers(segmentId, members.length);
    const counts = writeMemberBits(db, segmentId, members, current);
    return { ...counts, version: engine.currentDataVersion };
  });
  const { added, removed, version } = write.immediate();
  engine.membersWritten(segmentId, members, version);
  return { added, removed };
}
