import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Block, DynamicDefinition, RuleNode } from '../../../shared/segments/ast.js';
import { fixtureCatalog } from '../../../test/fixtures/segmentCatalog.js';
import { createFixtureStore, makeTempDir, removeTempDir, type FixtureStore } from '../../../test/integration/differentialStore.js';
import { compileDefinition } from './compile.js';
import { quoteIdent } from './compileCatalog.js';

const ctx = { now: Date.parse('2026-03-15T12:00:00Z'), timeZone: 'Europe/Berlin' };
let dir: string;
let store: FixtureStore;

const contact = (rid: number, city: string | null): { rid: number; key: string; values: Record<string, string | null> } => ({
  rid,
  key: `contact-${rid}`,
  values: { address1_city: city },
});

beforeAll(() => {
  dir = makeTempDir('segcompile-');
  store = createFixtureStore(`${dir}/c.sqlite`, fixtureCatalog());
  store.load({
    catalog: fixtureCatalog(),
    entities: {
      contact: [contact(1, 'Seattle'), contact(2, 'SEATTLE'), contact(3, "O'Brien'); DROP TABLE ent_contact; --"), contact(4, null)],
      account: [],
      opportunity: [],
    },
    interactions: [],
    segmentMembers: { a: [1, 2], b: [2, 3], c: [1] },
  });
});
afterAll(() => {
  store.close();
  removeTempDir(dir);
});

const rule = (r: Omit<RuleNode, 'kind' | 'id'>): RuleNode => ({ kind: 'rule', id: 'r1', ...r });
const profileDef = (...children: RuleNode[]): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [
    { kind: 'profile', id: 'b1', combine: 'union', entity: 'contact', root: { kind: 'group', id: 'g1', combinator: 'and', children } },
  ],
});
const run = (def: DynamicDefinition): number[] => {
  const { sql, params } = compileDefinition(def, store.storage, ctx);
  return (store.db.prepare(sql).pluck().all(params) as number[]).sort((a, b) => a - b);
};
const failure = (fn: () => unknown): ApiFailure => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
};

describe('compileDefinition', () => {
  it('binds every value as a parameter, so quotes and SQL in values stay data', () => {
    const evil = "O'Brien'); DROP TABLE ent_contact; --";
    const { sql, params } = compileDefinition(
      profileDef(rule({ field: 'address1_city', operator: 'eq', values: [evil] })),
      store.storage,
      ctx,
    );
    expect(sql).not.toContain('DROP');
    expect(params).toContain(evil.toLowerCase());
    expect(run(profileDef(rule({ field: 'address1_city', operator: 'eq', values: [evil] })))).toEqual([3]);
  });

  it('matches field names and text case-insensitively through the folded shadow', () => {
    expect(run(profileDef(rule({ field: 'ADDRESS1_City', operator: 'eq', values: [' seattle '] })))).toEqual([1, 2]);
  });

  it('keeps empty fields out of "not equals", also under NOT', () => {
    expect(run(profileDef(rule({ field: 'address1_city', operator: 'ne', values: ['seattle'] })))).toEqual([3]);
    const negated: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'profile',
          id: 'b1',
          combine: 'union',
          entity: 'contact',
          root: {
            kind: 'group',
            id: 'g1',
            combinator: 'and',
            not: true,
            children: [rule({ field: 'address1_city', operator: 'eq', values: ['seattle'] })],
          },
        },
      ],
    };
    expect(run(negated)).toEqual([3]);
  });

  it('refuses unknown fields, interaction types and relationships with the node id, never interpolating them', () => {
    const bad = failure(() =>
      compileDefinition(profileDef(rule({ field: 'x"; DROP TABLE t; --', operator: 'containsData' })), store.storage, ctx),
    );
    expect(bad.code).toBe('validation_failed');
    expect(bad.issues?.[0]?.nodeId).toBe('r1');
    const block: Block = {
      kind: 'interaction',
      id: 'b9',
      combine: 'union',
      interactionType: 'Nope',
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'lifetime' },
    };
    expect(failure(() => compileDefinition({ kind: 'dynamic', version: 1, blocks: [block] }, store.storage, ctx)).issues?.[0]?.nodeId).toBe(
      'b9',
    );
    const related: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'profile',
          id: 'b1',
          combine: 'union',
          entity: 'contact',
          root: {
            kind: 'group',
            id: 'g1',
            combinator: 'and',
            children: [
              {
                kind: 'related',
                id: 'x7',
                relationship: 'nope',
                direction: 'toReferenced',
                entity: 'account',
                combinator: 'and',
                children: [],
              },
            ],
          },
        },
      ],
    };
    expect(failure(() => compileDefinition(related, store.storage, ctx)).issues?.[0]?.nodeId).toBe('x7');
  });

  it('refuses an unsafe identifier even if one reached the catalog', () => {
    expect(() => quoteIdent('c_x" OR 1=1 --')).toThrow(/unsafe SQL identifier/);
  });

  it('combines blocks strictly left to right: a ∪ b \\ c is (a ∪ b) \\ c', () => {
    const seg = (id: string, combine: Block['combine']): Block => ({ kind: 'segment', id: `s-${id}`, combine, segmentId: id });
    expect(run({ kind: 'dynamic', version: 1, blocks: [seg('a', 'union'), seg('b', 'union'), seg('c', 'except')] })).toEqual([2, 3]);
    expect(run({ kind: 'dynamic', version: 1, blocks: [seg('c', 'union'), seg('a', 'union'), seg('b', 'intersect')] })).toEqual([2]);
  });

  it('drops rids of contacts that do not exist when asked to guard them', () => {
    store.db.prepare(`INSERT INTO segment_members (segment_id, contact_rid) VALUES ('a', 4242)`).run();
    const def: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [{ kind: 'segment', id: 's1', combine: 'union', segmentId: 'a' }],
    };
    const guarded = compileDefinition(def, store.storage, ctx, { guardContactRids: true });
    expect((store.db.prepare(guarded.sql).pluck().all(guarded.params) as number[]).sort((a, b) => a - b)).toEqual([1, 2]);
    expect(run(def)).toEqual([1, 2, 4242]);
    store.db.prepare(`DELETE FROM segment_members WHERE contact_rid = 4242`).run();
  });

  it('reads a static segment from its stored members and refuses one without an id', () => {
    expect(compileDefinition({ kind: 'static', version: 1 }, store.storage, ctx, { segmentId: 'a' }).params).toEqual(['a']);
    expect(failure(() => compileDefinition({ kind: 'static', version: 1 }, store.storage, ctx)).code).toBe('validation_failed');
  });
});
