import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ApiError } from '../../shared/api/result.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { EntityRecord } from '../../shared/segments/dataset.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { loadDataset, setField } from './liveFixture.js';

const NOW = Date.parse('2026-03-15T12:00:00Z');
let dir: string;
let backend: Backend;

const contact = (rid: number, city: string | null, job: string | null = null): EntityRecord => ({
  rid,
  key: `c${rid}`,
  values: { contactid: `c${rid}`, fullname: `Contact ${rid}`, address1_city: city, jobtitle: job },
});

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-live-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => NOW });
  loadDataset(backend.db, {
    catalog: fixtureCatalog(),
    entities: {
      contact: [
        contact(1, 'Seattle', 'Manager'),
        contact(2, 'SEATTLE'),
        contact(3, 'Redmond', 'manager'),
        contact(4, null),
        contact(5, 'Paris', 'Purchaser'),
      ],
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

const cityIs = (...cities: string[]): SegmentDefinition => ({
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
        children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: cities }],
      },
    },
  ],
});
const compound = (...ids: string[]): SegmentDefinition => ({
  kind: 'compound',
  version: 1,
  blocks: ids.map((segmentId, i) => ({
    kind: 'segment' as const,
    id: `s${i}`,
    combine: i === 0 ? ('union' as const) : ('union' as const),
    segmentId,
  })),
});

const members = async (id: string): Promise<string[]> => (await call('segments.members', { id, limit: 1000 })).rows.map((r) => r.key);
const transitions = (id: string): unknown[] =>
  backend.db
    .prepare('SELECT action, from_status AS "from", to_status AS "to" FROM segment_transitions WHERE segment_id = ? ORDER BY id')
    .all(id);
const dump = (): string =>
  ['segments', 'segment_transitions', 'segment_members', 'segment_evaluations', 'membership_history', 'segment_attention', 'static_members']
    .map((t) => JSON.stringify(backend.db.prepare(`SELECT * FROM ${t}`).all()))
    .join('\n');

describe('live segment lifecycle', () => {
  it('goes live from draft: validates, materialises members and records every transition', async () => {
    const s = await call('segments.create', { name: 'Seattle', type: 'dynamic', definition: cityIs('seattle') });
    const events: string[] = [];
    backend.events.onAny((e, p) => events.push(`${e}:${JSON.stringify(p)}`));
    const { segment, evaluation } = await call('segments.goLive', { id: s.id });
    expect(segment).toMatchObject({ status: 'live', memberCount: 2, hasBeenLive: true, needsAttention: false });
    expect(evaluation).toMatchObject({ reason: 'goLive', scope: 'full', size: 2, added: 2, removed: 0 });
    expect(await members(s.id)).toEqual(['c1', 'c2']);
    expect(transitions(s.id)).toEqual([
      { action: 'create', from: null, to: 'draft' },
      { action: 'goLive', from: 'draft', to: 'goingLive' },
      { action: 'goLive', from: 'goingLive', to: 'live' },
    ]);
    expect(events.some((e) => e.startsWith('segmentStatus.changed') && e.includes('"to":"live"'))).toBe(true);
    expect(events.some((e) => e.startsWith('membership.changed') && e.includes('"added":2'))).toBe(true);
  });

  it('refuses to go live with an invalid definition, keyed by node, and changes nothing', async () => {
    const bad: SegmentDefinition = {
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
            children: [{ kind: 'rule', id: 'r9', field: 'shoe_size', operator: 'eq', values: ['42'] }],
          },
        },
      ],
    };
    const s = await call('segments.create', { name: 'Bad', type: 'dynamic', definition: bad });
    const before = dump();
    const err = await failure('segments.goLive', { id: s.id });
    expect(err.code).toBe('validation_failed');
    expect(err.issues?.some((i) => i.nodeId === 'r9')).toBe(true);
    expect(dump()).toBe(before);
  });

  it('refuses transitions the status does not allow', async () => {
    const s = await call('segments.create', { name: 'Seattle', type: 'dynamic', definition: cityIs('Seattle') });
    expect((await failure('segments.stop', { id: s.id })).code).toBe('invalid_state');
    await call('segments.goLive', { id: s.id });
    expect((await failure('segments.goLive', { id: s.id })).code).toBe('invalid_state');
    expect((await failure('segments.update', { id: s.id, definition: cityIs('Paris') })).code).toBe('invalid_state');
    expect((await failure('segments.update', { id: s.id, name: 'Renamed' })).code).toBe('invalid_state');
  });

  it('stops through stopping, keeps the last members frozen, and shows the go-live diff before going live again', async () => {
    const s = await call('segments.create', { name: 'Seattle', type: 'dynamic', definition: cityIs('Seattle') });
    await call('segments.goLive', { id: s.id });
    const stopped = await call('segments.stop', { id: s.id });
    expect(stopped.segment.status).toBe('stopped');
    expect(transitions(s.id).slice(-2)).toEqual([
      { action: 'stop', from: 'live', to: 'stopping' },
      { action: 'stop', from: 'stopping', to: 'stopped' },
    ]);
    await call('segments.update', { id: s.id, definition: cityIs('Seattle', 'Redmond', 'Nowhere') });
    await call('segments.update', { id: s.id, definition: cityIs('Redmond', 'Paris') });
    const before = dump();
    const diff = await call('segments.previewGoLive', { id: s.id });
    expect(diff).toMatchObject({ currentSize: 2, newSize: 2, adds: 2, removes: 2 });
    expect(diff.added.map((c) => c.key)).toEqual(['c3', 'c5']);
    expect(diff.removed.map((c) => c.key)).toEqual(['c1', 'c2']);
    expect(dump()).toBe(before);
    const again = await call('segments.goLive', { id: s.id });
    expect(again.evaluation).toMatchObject({ added: 2, removed: 2, size: 2 });
    expect(await members(s.id)).toEqual(['c3', 'c5']);
  });

  it('previews a changed definition of a live segment and saves it live', async () => {
    const s = await call('segments.create', { name: 'Seattle', type: 'dynamic', definition: cityIs('Seattle') });
    await call('segments.goLive', { id: s.id });
    const diff = await call('segments.previewGoLive', { id: s.id, definition: cityIs('Seattle', 'Paris') });
    expect(diff).toMatchObject({ adds: 1, removes: 0, newSize: 3 });
    const saved = await call('segments.goLive', { id: s.id, definition: cityIs('Seattle', 'Paris') });
    expect(saved.segment.status).toBe('live');
    expect(await members(s.id)).toEqual(['c1', 'c2', 'c5']);
  });

  it('lets compounds use only live segments and refuses cycles', async () => {
    const a = await call('segments.create', { name: 'A', type: 'dynamic', definition: cityIs('Seattle') });
    const b = await call('segments.create', { name: 'B', type: 'dynamic', definition: cityIs('Paris') });
    const c = await call('segments.create', { name: 'C', type: 'compound', definition: compound(a.id, b.id) });
    const err = await failure('segments.goLive', { id: c.id });
    expect(err.code).toBe('validation_failed');
    expect(err.issues?.map((i) => i.nodeId).sort()).toEqual(['s0', 's1']);
    await call('segments.goLive', { id: a.id });
    await call('segments.goLive', { id: b.id });
    await call('segments.goLive', { id: c.id });
    expect(await members(c.id)).toEqual(['c1', 'c2', 'c5']);

    // A cycle: stop A (forced), make it use C, try to go live.
    await call('segments.stop', { id: a.id, force: true });
    const seattle = cityIs('Seattle');
    if (seattle.kind !== 'dynamic') throw new Error('expected dynamic');
    const withRef: SegmentDefinition = {
      ...seattle,
      blocks: [...seattle.blocks, { kind: 'segment', id: 'ref', combine: 'union', segmentId: c.id }],
    };
    await call('segments.update', { id: a.id, definition: withRef });
    const cyc = await failure('segments.goLive', { id: a.id });
    expect(cyc.code).toBe('validation_failed');
    expect(cyc.issues?.some((i) => /cycle|itself/i.test(i.message))).toBe(true);
  });

  it('refuses to stop or delete a segment a live compound uses, unless forced; then freezes the compound until the child is live again', async () => {
    const a = await call('segments.create', { name: 'A', type: 'dynamic', definition: cityIs('Seattle') });
    const b = await call('segments.create', { name: 'B', type: 'dynamic', definition: cityIs('Paris') });
    const c = await call('segments.create', { name: 'C', type: 'compound', definition: compound(a.id, b.id) });
    for (const s of [a, b, c]) await call('segments.goLive', { id: s.id });

    const before = dump();
    const refusal = await failure('segments.stop', { id: a.id });
    expect(refusal.code).toBe('conflict');
    expect(refusal.message).toContain('"C"');
    expect((await failure('segments.delete', { id: b.id })).code).toBe('conflict');
    expect(dump()).toBe(before);

    const forced = await call('segments.stop', { id: a.id, force: true });
    expect(forced.frozenDependants).toEqual([c.id]);
    const status = await call('segments.liveStatus', { id: c.id });
    expect(status).toMatchObject({ status: 'live', needsAttention: true, missingChildren: [{ id: a.id, name: 'A', reason: 'stopped' }] });
    expect(transitions(c.id).at(-1)).toEqual({ action: 'needsAttention', from: null, to: null });

    // Data changes do not touch the frozen compound.
    setField(backend.db, 'contact', 5, 'address1_city', 'Lyon');
    await backend.services.live.onDataChanged({ kind: 'profile', entity: 'contact', fields: ['address1_city'], rids: [5] });
    expect(await members(b.id)).toEqual([]);
    expect(await members(c.id)).toEqual(['c1', 'c2', 'c5']);
    expect((await failure('segments.refresh', { id: c.id })).code).toBe('invalid_state');

    // The child goes live again: the compound thaws and catches up.
    await call('segments.goLive', { id: a.id });
    await backend.services.live.whenIdle();
    expect((await call('segments.liveStatus', { id: c.id })).needsAttention).toBe(false);
    expect(await members(c.id)).toEqual(['c1', 'c2']);

    // Deleting a child (forced) marks the compound for good.
    await call('segments.delete', { id: b.id, force: true });
    const after = await call('segments.liveStatus', { id: c.id });
    expect(after.needsAttention).toBe(true);
    expect(after.missingChildren).toMatchObject([{ id: b.id, reason: 'deleted' }]);
  });

  it('lets a stopped segment be edited in full (name, description, owner, time zone, definition) and go live again; compounds keep it by id', async () => {
    const a = await call('segments.create', { name: 'A', type: 'dynamic', definition: cityIs('Seattle') });
    const b = await call('segments.create', { name: 'B', type: 'dynamic', definition: cityIs('Redmond') });
    const c = await call('segments.create', { name: 'C', type: 'compound', definition: compound(a.id, b.id) });
    for (const s of [a, b, c]) await call('segments.goLive', { id: s.id });
    expect(await members(c.id)).toEqual(['c1', 'c2', 'c3']);
    // Live: every field is locked, and the refusal says what to do.
    const locked = await failure('segments.update', { id: a.id, name: 'Renamed' });
    expect(locked.code).toBe('invalid_state');
    expect(locked.message).toContain('Stop it first');

    await call('segments.stop', { id: a.id, force: true });
    const edited = await call('segments.update', {
      id: a.id,
      name: 'Seattle and Paris',
      description: 'Two cities',
      owner: 'someone else',
      timeZone: 'Europe/Paris',
      definition: cityIs('Seattle', 'Paris'),
    });
    expect(edited).toMatchObject({
      status: 'stopped',
      name: 'Seattle and Paris',
      description: 'Two cities',
      owner: 'someone else',
      timeZone: 'Europe/Paris',
    });
    expect((await call('segments.get', { id: a.id })).name).toBe('Seattle and Paris');

    const again = await call('segments.goLive', { id: a.id });
    expect(again.segment.status).toBe('live');
    expect(await members(a.id)).toEqual(['c1', 'c2', 'c5']);
    // The compound still refers to the renamed segment by id, and follows it.
    await backend.services.live.whenIdle();
    expect((await call('segments.get', { id: c.id })).definition).toEqual(compound(a.id, b.id));
    expect((await call('segments.liveStatus', { id: c.id })).needsAttention).toBe(false);
    expect(await members(c.id)).toEqual(['c1', 'c2', 'c3', 'c5']);
  });

  it('keeps the segment type fixed', async () => {
    const s = await call('segments.create', { name: 'S', type: 'static' });
    expect((await failure('segments.goLive', { id: s.id, definition: cityIs('x') })).code).toBe('validation_failed');
    expect((await failure('segments.update', { id: s.id, definition: cityIs('x') })).code).toBe('invalid_input');
  });
});
