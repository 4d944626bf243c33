/**
 * EXPLAIN QUERY PLAN regression tests: the plan of each key template is pinned (perf-anchors.md: with
 * ANALYZE statistics SQLite picks a skip-scan that is 6–10× slower for window counts). Each test runs
 * after ANALYZE over data shaped like the real log (few types, many contacts), the case that misleads
 * the planner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, ConditionNode } from '../../../shared/segments/ast.js';
import { fixtureCatalog } from '../../../test/fixtures/segmentCatalog.js';
import { createFixtureStore, makeTempDir, removeTempDir, type FixtureStore } from '../../../test/integration/differentialStore.js';
import { compileDefinition } from './compile.js';
import type { StorageField } from './compileCatalog.js';
import { insertRecords } from '../values/storedValue.js';

const ctx = { now: Date.parse('2026-03-15T12:00:00Z'), timeZone: 'UTC' };
let dir: string;
let store: FixtureStore;

beforeAll(() => {
  dir = makeTempDir('segplans-');
  store = createFixtureStore(`${dir}/plans.sqlite`, fixtureCatalog());
  const db = store.db;
  db.transaction(() => {
    const field = (entity: string, name: string): StorageField => {
      const f = store.storage.entities.get(entity)?.fields.get(name);
      if (!f) throw new Error(`no field ${entity}.${name}`);
      return f;
    };
    const contacts = Array.from({ length: 3000 }, (_, n) => n + 1).map((i) => ({
      rid: i,
      key: `c${i}`,
      values: [`City${i % 50}`, i % 7 === 0 ? null : (i % 40) + 1],
    }));
    insertRecords(db, 'ent_contact', [field('contact', 'address1_city'), field('contact', 'parentcustomerid')], contacts);
    const accounts = Array.from({ length: 40 }, (_, n) => n + 1).map((i) => ({
      rid: i,
      key: `a${i}`,
      values: [i % 4 === 0 ? 'Retail' : 'Financial'],
    }));
    insertRecords(db, 'ent_account', [field('account', 'industrycode')], accounts);
    const ev = db.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');
    for (let i = 0; i < 30000; i++) ev.run((i % 3) + 1, ((i * 7919) % 3000) + 1, ctx.now - (30000 - i) * 60_000);
    db.exec(
      `INSERT INTO contact_type_stats SELECT contact_rid, type_id, count(*), min(ts), max(ts) FROM interactions GROUP BY contact_rid, type_id`,
    );
    db.exec('CREATE INDEX ent_contact_city_f ON ent_contact(c_address1_city__f)');
  })();
  db.exec('ANALYZE');
});
afterAll(() => {
  store.close();
  removeTempDir(dir);
});

function plan(block: Block): string {
  const { sql, params } = compileDefinition({ kind: 'dynamic', version: 1, blocks: [block] }, store.storage, ctx);
  return (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

/** The plan of the one-contact re-check shape (`SELECT rid FROM (…) WHERE rid = ?`, as the live refresher runs it). */
function contactPlan(block: Block): string {
  const { sql, params } = compileDefinition({ kind: 'dynamic', version: 1, blocks: [block] }, store.storage, ctx, {
    correlatedRelated: true,
    correlatedSegments: true,
  });
  return (store.db.prepare(`EXPLAIN QUERY PLAN SELECT rid FROM (${sql}) WHERE rid = ?`).all(...params, 42) as { detail: string }[])
    .map((r) => r.detail)
    .join('\n');
}

const toAccount = (not = false): Block =>
  profile({
    kind: 'related',
    id: 'x1',
    relationship: 'contact_account_parentcustomerid',
    direction: 'toReferenced',
    entity: 'account',
    combinator: 'and',
    ...(not ? { not: true } : {}),
    children: [{ kind: 'rule', id: 'r1', field: 'industrycode', operator: 'eq', values: ['Retail'] }],
  } as ConditionNode);

const profile = (...children: ConditionNode[]): Block => ({
  kind: 'profile',
  id: 'b1',
  combine: 'union',
  entity: 'contact',
  root: { kind: 'group', id: 'g1', combinator: 'and', children },
});

describe('pinned query plans', () => {
  it('counts an interaction window with a range scan of the covering (type_id, ts, contact_rid) index, never a skip-scan', () => {
    const p = plan({
      kind: 'interaction',
      id: 'b1',
      combine: 'union',
      interactionType: 'EmailOpened',
      count: { op: 'atLeast', value: 3 },
      window: { kind: 'last', amount: 30, unit: 'days' },
    });
    expect(p).toContain('SEARCH i USING COVERING INDEX interactions_type_ts_contact (type_id=? AND ts>? AND ts<?)');
    expect(p).not.toContain('ANY(');
  });

  it('answers "ever did X" from contact_type_stats with a covering range scan up to now', () => {
    const p = plan({
      kind: 'interaction',
      id: 'b1',
      combine: 'union',
      interactionType: 'EmailClicked',
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'lifetime' },
    });
    expect(p).toContain('SEARCH s USING COVERING INDEX contact_type_stats_type_last (type_id=? AND last_ts<?)');
  });

  it('answers "at least once in the last N days" from contact_type_stats with a covering range scan', () => {
    const p = plan({
      kind: 'interaction',
      id: 'b1',
      combine: 'union',
      interactionType: 'EmailOpened',
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'last', amount: 90, unit: 'days' },
    });
    expect(p).toContain('SEARCH s USING COVERING INDEX contact_type_stats_type_last (type_id=? AND last_ts>? AND last_ts<?)');
    // Contacts with interactions after `now` are re-counted per contact through the (contact, type, ts) index.
    expect(p).toContain('SEARCH i USING COVERING INDEX interactions_contact_type_ts (contact_rid=? AND type_id=? AND ts>? AND ts<?)');
  });

  it('uses an index for profile text equality where one exists on the folded shadow', () => {
    expect(plan(profile({ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['City7'] }))).toContain(
      'SEARCH t0 USING COVERING INDEX ent_contact_city_f (c_address1_city__f=?)',
    );
  });

  it('follows contact → account as a list subquery probing the lookup index', () => {
    const p = plan(
      profile({
        kind: 'related',
        id: 'x1',
        relationship: 'contact_account_parentcustomerid',
        direction: 'toReferenced',
        entity: 'account',
        combinator: 'and',
        children: [{ kind: 'rule', id: 'r1', field: 'industrycode', operator: 'eq', values: ['Retail'] }],
      }),
    );
    expect(p).toContain('SEARCH t0 USING COVERING INDEX ent_contact_c_parentcustomerid (c_parentcustomerid=?)');
    expect(p).toContain('LIST SUBQUERY');
  });

  it('follows account ← contact (referencing side) as rowid probes of a list subquery', () => {
    const p = plan(
      profile({
        kind: 'related',
        id: 'x1',
        relationship: 'opportunity_contact_parentcontactid',
        direction: 'toReferencing',
        entity: 'opportunity',
        combinator: 'and',
        children: [],
      }),
    );
    expect(p).toContain('SEARCH t0 USING INTEGER PRIMARY KEY (rowid=?)');
    expect(p).toContain('LIST SUBQUERY');
  });

  it('re-checks one contact through contact → account as a rowid probe of the account (correlated), never a list of all accounts', () => {
    for (const p of [contactPlan(toAccount()), contactPlan(toAccount(true))]) {
      expect(p).toContain('SEARCH t0 USING INTEGER PRIMARY KEY (rowid=?)');
      // SQLite runs the EXISTS as a semi-join ("SEARCH t1 EXISTS …") or a correlated subquery (under NOT).
      expect(p).toMatch(/SEARCH t1 (EXISTS )?USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      expect(p).not.toContain('LIST SUBQUERY');
      expect(p).not.toMatch(/SCAN t[01]/);
    }
  });

  it('re-checks one contact through opportunity → contact with the lookup index of the referencing side (correlated)', () => {
    const p = contactPlan(
      profile({
        kind: 'related',
        id: 'x1',
        relationship: 'opportunity_contact_parentcontactid',
        direction: 'toReferencing',
        entity: 'opportunity',
        combinator: 'and',
        children: [],
      }),
    );
    expect(p).toContain('SEARCH t0 USING INTEGER PRIMARY KEY (rowid=?)');
    expect(p).toMatch(/SEARCH t1 (EXISTS )?USING (COVERING )?INDEX ent_opportunity_c_parentcontactid \(c_parentcontactid=\?\)/);
    expect(p).not.toContain('LIST SUBQUERY');
    expect(p).not.toMatch(/SCAN t[01]/);
  });

  it("reads a segment block with a primary-key range scan of the segment's member chunks", () => {
    expect(plan({ kind: 'segment', id: 'b1', combine: 'union', segmentId: 'seg-a' })).toContain(
      'SEARCH c USING PRIMARY KEY (segment_id=?)',
    );
  });

  it('re-checks one contact against a segment block by reading its one member chunk', () => {
    const p = contactPlan({ kind: 'segment', id: 'b1', combine: 'union', segmentId: 'seg-a' });
    expect(p).toContain('SEARCH t0 USING INTEGER PRIMARY KEY (rowid=?)');
    expect(p).toContain('SEARCH c USING PRIMARY KEY (segment_id=? AND chunk=?)');
    expect(p).not.toMatch(/SCAN (t0|c)\b/);
  });
});
