/**
 * Round trip on demo data: segments of every kind go live in one database, are exported, imported
 * into a fresh database with the same catalog and data, and go live there: same definitions, same
 * members; and exporting them again gives the very same file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/backend/demo/generate.js';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const DAY = 86_400_000;
let dir: string;
const backends: Backend[] = [];

async function demoBackend(name: string): Promise<Backend> {
  const b = await createBackend({ dbPath: path.join(dir, name), host: 'test', now: () => NOW });
  generateDemo(b.db, { contacts: 3000, seed: 42, endMs: Math.floor(NOW / DAY) * DAY });
  backends.push(b);
  return b;
}

async function call<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await b.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.issues ?? [])}`);
  return r.value as MethodOutput<K>;
}

const profile = (id: string, combine: 'union' | 'intersect' | 'except', children: unknown[]): unknown => ({
  kind: 'profile',
  id,
  combine,
  entity: 'contact',
  root: { kind: 'group', id: `${id}g`, combinator: 'and', children },
});

const seattleOrBerlin = {
  kind: 'dynamic',
  version: 1,
  blocks: [profile('b1', 'union', [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle', 'berlin'] }])],
} as SegmentDefinition;

const engagedBigCompanies = {
  kind: 'dynamic',
  version: 1,
  blocks: [
    profile('b1', 'union', [
      {
        kind: 'related',
        id: 'rel',
        relationship: 'contact_account_parentcustomerid',
        direction: 'toReferenced',
        entity: 'account',
        combinator: 'and',
        children: [{ kind: 'rule', id: 'r1', field: 'numberofemployees', operator: 'gt', values: [200] }],
      },
      { kind: 'rule', id: 'r2', field: 'createdon', operator: 'inTheLast', amount: 2, unit: 'years' },
    ]),
    {
      kind: 'interaction',
      id: 'b2',
      combine: 'intersect',
      interactionType: 'EmailOpened',
      count: { op: 'atLeast', value: 2 },
      window: { kind: 'last', amount: 180, unit: 'days' },
    },
  ],
} as SegmentDefinition;

/** Member keys per segment name, sorted. */
function membersByName(b: Backend): Record<string, string[]> {
  const rows = b.db
    .prepare(
      'SELECT s.name AS name, c.key AS key FROM segment_members m JOIN segments s ON s.id = m.segment_id JOIN ent_contact c ON c.rid = m.contact_rid ORDER BY s.name, c.key',
    )
    .all() as { name: string; key: string }[];
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.name] ??= []).push(r.key);
  return out;
}

let source: Backend;
let exported = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-roundtrip-'));
  source = await demoBackend('source.db');
  const a = await call(source, 'segments.create', {
    name: 'Seattle or Berlin',
    type: 'dynamic',
    timeZone: 'Europe/Berlin',
    definition: seattleOrBerlin,
  });
  const b = await call(source, 'segments.create', {
    name: 'Engaged big companies',
    type: 'dynamic',
    description: 'Opened twice lately',
    timeZone: 'America/Los_Angeles',
    definition: engagedBigCompanies,
  });
  const c = await call(source, 'segments.create', { name: 'VIP list', type: 'static' });
  const keys = source.db.prepare('SELECT key FROM ent_contact ORDER BY rid LIMIT 40').pluck().all() as string[];
  await call(source, 'staticMembers.add', { segmentId: c.id, contactKeys: keys });
  for (const id of [a.id, b.id, c.id]) await call(source, 'segments.goLive', { id });
  const d = await call(source, 'segments.create', {
    name: 'Campaign audience',
    type: 'compound',
    definition: {
      kind: 'compound',
      version: 1,
      blocks: [
        { kind: 'segment', id: 's1', combine: 'union', segmentId: a.id },
        { kind: 'segment', id: 's2', combine: 'union', segmentId: c.id },
        { kind: 'segment', id: 's3', combine: 'except', segmentId: b.id },
      ],
    },
  });
  await call(source, 'segments.goLive', { id: d.id });
  exported = (await call(source, 'segmentFiles.export', { all: true })).text ?? '';
}, 120_000);

afterAll(async () => {
  for (const b of backends) await b.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('segment file round trip on demo data', () => {
  it('gives the same definitions, and after going live the same members, in a fresh database', async () => {
    const target = await demoBackend('target.db');
    const imported = await call(target, 'segmentFiles.import', { text: exported });
    expect(imported.catalogMismatches).toEqual([]);
    expect(imported.unknownMemberKeys).toEqual([]);
    const sourceRows = await call(source, 'segments.list', {});
    const targetRows = await call(target, 'segments.list', {});
    expect(targetRows.every((r) => r.status === 'draft')).toBe(true);
    const nameOf = (rows: { id: string; name: string }[], id: string): string | undefined => rows.find((r) => r.id === id)?.name;
    // Same definitions, once segment references are read as names.
    const byName = async (b: Backend, rows: { id: string; name: string }[]): Promise<Record<string, unknown>> => {
      const out: Record<string, unknown> = {};
      for (const r of rows) {
        const full = await call(b, 'segments.get', { id: r.id });
        const def = JSON.parse(
          JSON.stringify(full.definition).replace(
            /"segmentId":"([^"]+)"/g,
            (_m, id: string) => `"segmentId":${JSON.stringify(nameOf(rows, id))}`,
          ),
        ) as unknown;
        out[r.name] = { def, timeZone: full.timeZone, description: full.description, type: full.type };
      }
      return out;
    };
    expect(await byName(target, targetRows)).toEqual(await byName(source, sourceRows));

    // Going live in file order (dependencies first) gives the same members.
    for (const s of imported.segments) await call(target, 'segments.goLive', { id: s.id });
    const expected = membersByName(source);
    expect(Object.keys(expected).sort()).toEqual(['Campaign audience', 'Engaged big companies', 'Seattle or Berlin', 'VIP list']);
    for (const list of Object.values(expected)) expect(list.length).toBeGreaterThan(0);
    expect(membersByName(target)).toEqual(expected);

    // Exporting the imported segments gives the very same file.
    expect((await call(target, 'segmentFiles.export', { all: true })).text).toBe(exported);
  }, 120_000);
});
