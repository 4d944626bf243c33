/**
 * Step evaluation against a live child's stored members (finding 3 of docs/performance.md): EXCEPT and
 * INTERSECT with a segment block probe the stored members (one chunk by primary key) per remaining row when the
 * result so far is not larger than the child, and list the child's members otherwise. Both paths
 * must give the same members.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, DynamicDefinition } from '../../../shared/segments/ast.js';
import { fixtureCatalog } from '../../../test/fixtures/segmentCatalog.js';
import { createFixtureStore, makeTempDir, removeTempDir, type FixtureStore } from '../../../test/integration/differentialStore.js';
import { compileBlocks } from '../segments/compile.js';
import { insertRecords } from '../values/storedValue.js';
import { MEMBER_PROBE, probesMembers, runStepCounts, STEP_TABLE } from './steps.js';

const ctx = { now: Date.parse('2026-03-15T12:00:00Z'), timeZone: 'UTC' };
let dir: string;
let store: FixtureStore;

beforeAll(() => {
  dir = makeTempDir('segsteps-');
  store = createFixtureStore(`${dir}/steps.sqlite`, fixtureCatalog());
  const db = store.db;
  insertRecords(
    db,
    'ent_contact',
    [],
    Array.from({ length: 20 }, (_, i) => ({ rid: i + 1, key: `c${i + 1}` })),
  );
  const member = db.prepare('INSERT INTO segment_members (segment_id, contact_rid) VALUES (?, ?)');
  for (let i = 1; i <= 20; i += 3) member.run('seg-a', i); // 1, 4, 7, 10, 13, 16, 19
});
afterAll(() => {
  store.close();
  removeTempDir(dir);
});

const everyone: Block = {
  kind: 'profile',
  id: 'b1',
  combine: 'union',
  entity: 'contact',
  root: { kind: 'group', id: 'g1', combinator: 'and', children: [] },
};
const def = (combine: 'except' | 'intersect'): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [everyone, { kind: 'segment', id: 'b2', combine, segmentId: 'seg-a' }],
});

function run(combine: 'except' | 'intersect'): { counts: number[]; members: number[]; probed: boolean } {
  const blocks = compileBlocks(def(combine), store.storage, ctx);
  const second = blocks[1];
  if (!second) throw new Error('two blocks expected');
  const probed = probesMembers(store.db, second, 20);
  const counts = runStepCounts(store.db, blocks).blockCounts;
  const members = store.db.prepare(`SELECT rid FROM ${STEP_TABLE} ORDER BY rid`).pluck().all() as number[];
  return { counts, members, probed };
}

const seg = [1, 4, 7, 10, 13, 16, 19];
const rest = Array.from({ length: 20 }, (_, i) => i + 1).filter((r) => !seg.includes(r));

describe('EXCEPT / INTERSECT against stored members', () => {
  it('marks segment blocks with the segment whose members they read', () => {
    expect(compileBlocks(def('except'), store.storage, ctx).map((b) => b.storedMembersOf)).toEqual([undefined, 'seg-a']);
  });

  it('probes per row when the child is not smaller than the result so far (or its size is unknown)', () => {
    for (const combine of ['except', 'intersect'] as const) {
      const r = run(combine);
      expect(r.probed).toBe(true);
      expect(r.members).toEqual(combine === 'except' ? rest : seg);
      expect(r.counts).toEqual([20, combine === 'except' ? 13 : 7]);
    }
  });

  it('lists the child when it is smaller than the result so far, with the same members', () => {
    store.db
      .prepare(
        `INSERT INTO segments (id, name, name_lower, type, status, definition, member_count, created_at, modified_at) VALUES ('seg-a', 'A', 'a', 'static', 'live', '{}', 7, 0, 0)`,
      )
      .run();
    try {
      for (const combine of ['except', 'intersect'] as const) {
        const r = run(combine);
        expect(r.probed).toBe(false);
        expect(r.members).toEqual(combine === 'except' ? rest : seg);
      }
    } finally {
      store.db.prepare(`DELETE FROM segments WHERE id = 'seg-a'`).run();
    }
  });

  it('the probe reads one member chunk by primary key, never a list of all members', () => {
    const plan = (
      store.db.prepare(`EXPLAIN QUERY PLAN DELETE FROM ${STEP_TABLE} WHERE ${MEMBER_PROBE}`).all('seg-a') as { detail: string }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain('SEARCH c USING PRIMARY KEY (segment_id=? AND chunk=?)');
    expect(plan).not.toMatch(/SCAN c\b/);
    expect(plan).not.toContain('LIST SUBQUERY');
  });
});
