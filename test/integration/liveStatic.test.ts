import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ApiError } from '../../shared/api/result.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { insertRecord, loadDataset } from './liveFixture.js';

let now = Date.parse('2026-03-15T12:00:00Z');
let dir: string;
let backend: Backend;

beforeEach(async () => {
  now = Date.parse('2026-03-15T12:00:00Z');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-live-static-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => now });
  const city = (rid: number): string => (rid <= 3 ? 'Contoso City' : rid <= 8 ? 'Seattle' : 'Paris');
  loadDataset(backend.db, {
    catalog: fixtureCatalog(),
    entities: {
      contact: Array.from({ length: 10 }, (_, i) => ({
        rid: i + 1,
        key: `c${i + 1}`,
        values: { contactid: `c${i + 1}`, fullname: `Person ${i + 1}`, address1_city: city(i + 1) },
      })),
      account: [],
      opportunity: [],
    },
    interactions: [],
    segmentMembers: {},
  });
});
afterEach(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await backend.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<K>;
}
async function failure<K extends MethodName>(method: K, input: MethodInput<K>): Promise<ApiError> {
  const r = await backend.dispatch(method, input);
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
}
const cityIs = (c: string): SegmentDefinition => ({
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
        children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: [c] }],
      },
    },
  ],
});
const keys = async (id: string): Promise<string[]> => (await call('segments.members', { id, limit: 100 })).rows.map((r) => r.key);

describe('static segments', () => {
  it('counts the stored members of a static draft in the list and the record (not "no members")', async () => {
    const s = await call('segments.create', { name: 'Picked by hand', type: 'static' });
    expect((await call('segments.get', { id: s.id })).memberCount).toBe(0);
    await call('staticMembers.add', { segmentId: s.id, contactKeys: ['c1', 'c2', 'c3'] });
    expect((await call('segments.get', { id: s.id })).memberCount).toBe(3);
    expect((await call('segments.list', {})).find((x) => x.id === s.id)?.memberCount).toBe(3);
    // A dynamic draft has no count until it is evaluated.
    const d = await call('segments.create', { name: 'Seattle draft', type: 'dynamic', definition: cityIs('Seattle') });
    expect((await call('segments.get', { id: d.id })).memberCount).toBeNull();
  });

  it('adds and removes members by id, reporting unknown ids without failing', async () => {
    const s = await call('segments.create', { name: 'VIP', type: 'static' });
    const added = await call('staticMembers.add', { segmentId: s.id, contactKeys: ['c1', 'c2', 'nobody', 'c2'] });
    expect(added).toMatchObject({ changed: 2, unchanged: 0, unknownKeys: ['nobody'], size: 2 });
    const again = await call('staticMembers.add', { segmentId: s.id, contactKeys: ['c2', 'c3'] });
    expect(again).toMatchObject({ changed: 1, unchanged: 1, size: 3 });
    expect(await keys(s.id)).toEqual(['c1', 'c2', 'c3']);
    const removed = await call('staticMembers.remove', { segmentId: s.id, contactKeys: ['c1', 'ghost'] });
    expect(removed).toMatchObject({ changed: 1, unknownKeys: ['ghost'], size: 2 });
    expect(await keys(s.id)).toEqual(['c2', 'c3']);
  });

  it('finds by query once, adds selected or all, and later contacts matching the query do not join (T8)', async () => {
    const s = await call('segments.create', { name: 'VIP', type: 'static' });
    await call('staticMembers.add', { segmentId: s.id, contactKeys: ['c9', 'c10'] });
    const found = await call('staticMembers.findByQuery', { segmentId: s.id, definition: cityIs('contoso city') });
    expect(found.total).toBe(3);
    expect(found.matches.map((m) => m.key)).toEqual(['c1', 'c2', 'c3']);
    expect(await keys(s.id)).toEqual(['c9', 'c10']);
    // "Add selected": two of the matches.
    await call('staticMembers.add', { segmentId: s.id, contactKeys: ['c1', 'c3'] });
    await call('segments.goLive', { id: s.id });
    expect(await keys(s.id)).toEqual(['c1', 'c3', 'c9', 'c10']);

    insertRecord(backend.db, 'contact', 11, 'c11', { contactid: 'c11', address1_city: 'Contoso City' });
    await backend.services.live.onDataChanged({ kind: 'profile', entity: 'contact', fields: ['contactid', 'address1_city'], rids: [11] });
    expect(await keys(s.id)).toEqual(['c1', 'c3', 'c9', 'c10']);

    // "Add all", then "remove all" of another query.
    const all = await call('staticMembers.addByQuery', { segmentId: s.id, definition: cityIs('Seattle') });
    expect(all).toMatchObject({ changed: 5, size: 9 });
    const gone = await call('staticMembers.removeByQuery', { segmentId: s.id, definition: cityIs('Paris') });
    expect(gone).toMatchObject({ changed: 2, size: 7 });
    expect((await call('segments.get', { id: s.id })).memberCount).toBe(7);
  });

  it('lets a contact record add itself to or remove itself from a live static segment, and compounds follow', async () => {
    const s = await call('segments.create', { name: 'Newsletter', type: 'static' });
    const d = await call('segments.create', { name: 'Paris', type: 'dynamic', definition: cityIs('Paris') });
    await call('segments.goLive', { id: s.id });
    await call('segments.goLive', { id: d.id });
    const c = await call('segments.create', {
      name: 'Both',
      type: 'compound',
      definition: {
        kind: 'compound',
        version: 1,
        blocks: [
          { kind: 'segment', id: 'x', combine: 'union', segmentId: s.id },
          { kind: 'segment', id: 'y', combine: 'union', segmentId: d.id },
        ],
      },
    });
    await call('segments.goLive', { id: c.id });
    expect(await keys(c.id)).toEqual(['c9', 'c10']);

    await call('staticMembers.addContact', { contactKey: 'c4', segmentId: s.id });
    await backend.services.live.whenIdle();
    expect(await keys(s.id)).toEqual(['c4']);
    expect(await keys(c.id)).toEqual(['c4', 'c9', 'c10']);
    const evals = await call('segments.evaluations', { id: s.id });
    expect(evals[0]).toMatchObject({ reason: 'staticEdit', added: 1 });

    await call('staticMembers.removeContact', { contactKey: 'c4', segmentId: s.id });
    await backend.services.live.whenIdle();
    expect(await keys(c.id)).toEqual(['c9', 'c10']);
    expect((await failure('staticMembers.addContact', { contactKey: 'nobody', segmentId: s.id })).code).toBe('not_found');
    expect((await failure('staticMembers.addContact', { contactKey: 'c1', segmentId: d.id })).code).toBe('invalid_state');
  });

  it('adds a large batch in one transaction with progress events', async () => {
    const s = await call('segments.create', { name: 'Big', type: 'static' });
    const progress: number[] = [];
    backend.events.onAny((e, p) => e === 'staticMembers.progressed' && progress.push((p as { done: number }).done));
    const many = [...Array.from({ length: 45_000 }, (_, i) => `missing-${i}`), 'c1', 'c2'];
    const r = await call('staticMembers.add', { segmentId: s.id, contactKeys: many });
    expect(r.changed).toBe(2);
    expect(r.unknownKeys.length).toBe(45_000);
    expect(progress.at(-1)).toBe(2);
  });
});

describe('membership history', () => {
  it('answers who was in a segment on a date and when a contact joined and left', async () => {
    const s = await call('segments.create', { name: 'VIP', type: 'static' });
    await call('staticMembers.add', { segmentId: s.id, contactKeys: ['c1', 'c2'] });
    now = Date.parse('2026-03-16T00:00:00Z');
    await call('segments.goLive', { id: s.id });
    now = Date.parse('2026-03-20T00:00:00Z');
    await call('staticMembers.add', { segmentId: s.id, contactKeys: ['c3'] });
    now = Date.parse('2026-03-25T00:00:00Z');
    await call('staticMembers.remove', { segmentId: s.id, contactKeys: ['c1'] });
    now = Date.parse('2026-04-01T00:00:00Z');
    await call('staticMembers.add', { segmentId: s.id, contactKeys: ['c1'] });

    const asOf = async (at: string): Promise<string[]> => (await call('segments.membersAsOf', { id: s.id, at })).rows.map((r) => r.key);
    expect(await asOf('2026-03-15T00:00:00Z')).toEqual([]);
    expect(await asOf('2026-03-17T00:00:00Z')).toEqual(['c1', 'c2']);
    expect(await asOf('2026-03-21T00:00:00Z')).toEqual(['c1', 'c2', 'c3']);
    expect(await asOf('2026-03-28')).toEqual(['c2', 'c3']);
    expect(await asOf('2026-04-02T00:00:00Z')).toEqual(['c1', 'c2', 'c3']);
    expect((await call('segments.membersAsOf', { id: s.id, at: '2026-03-28' })).historyStartsAt).toBe('2026-03-16T00:00:00.000Z');

    const stays = await call('segments.history', { id: s.id, contactKey: 'c1' });
    expect(stays.map((h) => [h.joinedAt, h.leftAt])).toEqual([
      ['2026-04-01T00:00:00.000Z', null],
      ['2026-03-16T00:00:00.000Z', '2026-03-25T00:00:00.000Z'],
    ]);
  });

  it('does not grow when refreshes change nothing, and compacts their log rows', async () => {
    const d = await call('segments.create', { name: 'Paris', type: 'dynamic', definition: cityIs('Paris') });
    await call('segments.goLive', { id: d.id });
    for (let i = 0; i < 5; i++) {
      now += 60_000;
      await call('segments.refresh', { id: d.id });
    }
    const history = backend.db.prepare('SELECT count(*) FROM membership_history WHERE segment_id = ?').pluck().get(d.id);
    expect(history).toBe(2);
    const evals = await call('segments.evaluations', { id: d.id });
    expect(evals.map((e) => [e.reason, e.repeats])).toEqual([
      ['manual', 5],
      ['goLive', 1],
    ]);
  });
});
