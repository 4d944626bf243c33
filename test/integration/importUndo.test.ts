// "Undo this import" (issue 16): created records removed, overwritten values restored, fields it added
// dropped, live segments back to their old members — and the refusals that change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  call,
  closeWorld,
  failure,
  liveCitySegment,
  memberKeys,
  openWorld,
  runImport,
  tableRows,
  type UndoWorld,
} from './importUndoFixture.js';

let w: UndoWorld;
beforeEach(async () => {
  w = await openWorld('ss-undo-');
});
afterEach(async () => {
  await closeWorld(w);
});

const BASE = [
  ['contactid', 'fullname', 'city', 'score'],
  ['C1', 'Ann Berg', 'Oslo', '10'],
  ['C2', 'Bo Lund', 'Bergen', '20.5'],
  ['C3', 'Cy Dahl', 'Oslo', ''],
  ['C4', 'Di Moe', 'Tromsø', '40'],
];

async function base(): Promise<void> {
  const s = await runImport(w.backend, { kind: 'entity', entity: 'contact', key: 'contactid', path: w.file('base.csv', BASE) });
  expect(s.status).toBe('completed');
}

describe('undo of an entity import', () => {
  it('removes created contacts, restores updated values, drops the new field, and live members follow', async () => {
    await base();
    const seg = await liveCitySegment(w.backend, 'Oslo people', 'Oslo');
    expect(memberKeys(w.backend, seg)).toEqual(['C1', 'C3']);
    const contactsBefore = tableRows(w.backend, 'ent_contact');
    const fieldsBefore = tableRows(w.backend, 'catalog_fields');
    const second = w.file('second.csv', [
      ['contactid', 'city', 'score', 'tier'],
      ['C1', 'Bergen', '11', 'gold'],
      ['C2', 'Oslo', '', 'silver'],
      ['C5', 'Oslo', '50', 'gold'],
      ['C5', 'Oslo', '51', 'gold'],
    ]);
    const s = await runImport(w.backend, { kind: 'entity', entity: 'contact', key: 'contactid', path: second });
    expect([s.imported, s.updated]).toEqual([1, 3]);
    expect(memberKeys(w.backend, seg)).toEqual(['C2', 'C3', 'C5']);
    expect(tableRows(w.backend, 'catalog_fields').length).toBe(fieldsBefore.length + 1);

    const undone = await call(w.backend, 'imports.undo', { id: s.id });
    expect(undone).toMatchObject({ removed: 1, restored: 2, droppedFields: ['Tier'], keptFields: [] });
    expect(tableRows(w.backend, 'ent_contact')).toEqual(contactsBefore);
    expect(tableRows(w.backend, 'catalog_fields')).toEqual(fieldsBefore);
    expect(memberKeys(w.backend, seg)).toEqual(['C1', 'C3']);
    // By rid too: a deleted contact's rid must not stay behind (the join above would hide it).
    expect(w.backend.db.prepare('SELECT count(*) FROM segment_members WHERE segment_id = ?').pluck().get(seg)).toBe(2);
    const listed = await call(w.backend, 'imports.list', {});
    expect(listed.find((i) => i.id === s.id)?.undoneAt).not.toBeNull();
    expect(await failure(w.backend, 'imports.undo', { id: s.id })).toMatch(/already undone/);
  });

  it('refuses while a later import touched the same records, naming it, and changes nothing', async () => {
    await base();
    const a = await runImport(w.backend, {
      kind: 'entity',
      entity: 'contact',
      key: 'contactid',
      path: w.file('a.csv', [
        ['contactid', 'city'],
        ['C1', 'Molde'],
        ['C9', 'Bodø'],
      ]),
    });
    const b = await runImport(w.backend, {
      kind: 'entity',
      entity: 'contact',
      key: 'contactid',
      path: w.file('b.csv', [
        ['contactid', 'city'],
        ['C9', 'Alta'],
      ]),
    });
    const rows = tableRows(w.backend, 'ent_contact');
    const message = await failure(w.backend, 'imports.undo', { id: a.id });
    expect(message).toContain('A later import of b.csv (');
    expect(message).not.toContain(b.id);
    expect(message).toContain('b.csv');
    expect(tableRows(w.backend, 'ent_contact')).toEqual(rows);
    await call(w.backend, 'imports.undo', { id: b.id });
    await call(w.backend, 'imports.undo', { id: a.id });
    const c1 = w.backend.db.prepare("SELECT c_city FROM ent_contact WHERE key = 'C1'").pluck().get();
    expect(c1).toBe('Oslo');
    expect(w.backend.db.prepare("SELECT count(*) FROM ent_contact WHERE key = 'C9'").pluck().get()).toBe(0);
  });

  it('refuses an import recorded before undo existed (nothing to restore from) and changes nothing', async () => {
    await base();
    const rows = tableRows(w.backend, 'ent_contact');
    const old = (await call(w.backend, 'imports.list', {}))[0]?.id ?? '';
    // What migration 010 leaves for an older import: no `created`, no stored columns, no rows.
    w.backend.db.prepare('UPDATE imports SET created = NULL, stored_columns = NULL WHERE id = ?').run(old);
    w.backend.db.prepare('DELETE FROM import_rows').run();
    expect(await failure(w.backend, 'imports.undo', { id: old })).toMatch(/before imports were recorded/);
    expect(tableRows(w.backend, 'ent_contact')).toEqual(rows);
    expect((await call(w.backend, 'imports.get', { id: old })).undoneAt).toBeNull();
  });

  it('proposes the saved mapping again for a file with the same header', async () => {
    await base();
    const header = ['Email', 'Town'];
    const p = w.file('m.csv', [header, ['C1', 'Oslo']]);
    await runImport(w.backend, { kind: 'entity', entity: 'contact', key: 'Email', path: p, columns: { Town: { field: 'city' } } });
    const saved = await call(w.backend, 'imports.savedMapping', { header: ['email', 'TOWN'] });
    expect(saved[0]?.options).toMatchObject({ kind: 'entity', key: 'Email', columns: { Town: { field: 'city' } } });
    expect(await call(w.backend, 'imports.savedMapping', { header: ['other'] })).toEqual([]);
  });
});

describe('undo of an interactions import', () => {
  it('deletes the interactions it added and their summary, and the type it created', async () => {
    await base();
    const statsBefore = tableRows(w.backend, 'contact_type_stats');
    const s = await runImport(w.backend, {
      kind: 'interactions',
      type: 'webinar',
      path: w.file('i.csv', [
        ['contactid', 'timestamp', 'minutes'],
        ['C1', '2025-01-02T10:00:00Z', '30'],
        ['C2', '2025-01-03T10:00:00Z', '45'],
      ]),
    });
    expect(s.imported).toBe(2);
    const r = await call(w.backend, 'imports.undo', { id: s.id });
    expect(r.removed).toBe(2);
    expect(w.backend.db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(0);
    expect(tableRows(w.backend, 'contact_type_stats')).toEqual(statsBefore);
    expect(w.backend.db.prepare("SELECT count(*) FROM interaction_types WHERE name = 'webinar'").pluck().get()).toBe(0);
  });
});

describe('deleting records and catalog parts', () => {
  it('refuses to drop a field a segment uses, naming the segment; drops it once unused', async () => {
    await base();
    await liveCitySegment(w.backend, 'Oslo people', 'Oslo');
    const message = await failure(w.backend, 'catalog.dropField', { entity: 'contact', field: 'city' });
    expect(message).toContain('"Oslo people"');
    expect(w.backend.db.prepare("SELECT count(*) FROM catalog_fields WHERE name = 'city'").pluck().get()).toBe(1);
    await call(w.backend, 'catalog.dropField', { entity: 'contact', field: 'score' });
    expect(w.backend.db.prepare("SELECT count(*) FROM catalog_fields WHERE name = 'score'").pluck().get()).toBe(0);
    const cols = w.backend.db.prepare("SELECT name FROM pragma_table_info('ent_contact')").pluck().all();
    expect(cols).not.toContain('c_score');
  });

  it('deletes contacts with the segments they leave; an unknown key deletes nothing', async () => {
    await base();
    const seg = await liveCitySegment(w.backend, 'Oslo people', 'Oslo');
    const impact = await call(w.backend, 'records.deleteImpact', { entity: 'contact', keys: ['C1', 'C2'] });
    expect(impact).toMatchObject({ count: 2, segments: ['Oslo people'], problem: null });
    const rows = tableRows(w.backend, 'ent_contact');
    expect(await failure(w.backend, 'records.delete', { entity: 'contact', keys: ['C1', 'NOPE'] })).toContain('NOPE');
    expect(tableRows(w.backend, 'ent_contact')).toEqual(rows);
    await call(w.backend, 'records.delete', { entity: 'contact', keys: ['C1', 'C2'] });
    expect(memberKeys(w.backend, seg)).toEqual(['C3']);
    expect(w.backend.db.prepare('SELECT count(*) FROM ent_contact').pluck().get()).toBe(2);
  });

  it('deleting a member of a live static segment updates it and the segment built on it', async () => {
    await base();
    const vip = await call(w.backend, 'segments.create', { name: 'VIPs', type: 'static' });
    await call(w.backend, 'staticMembers.add', { segmentId: vip.id, contactKeys: ['C1', 'C2'] });
    await call(w.backend, 'segments.goLive', { id: vip.id });
    const compound = await call(w.backend, 'segments.create', {
      name: 'VIPs again',
      type: 'dynamic',
      definition: { kind: 'dynamic', version: 1, blocks: [{ kind: 'segment', id: 'b1', combine: 'union', segmentId: vip.id }] },
    });
    await call(w.backend, 'segments.goLive', { id: compound.id });
    expect(memberKeys(w.backend, compound.id)).toEqual(['C1', 'C2']);
    const c2 = w.backend.db.prepare("SELECT rid FROM ent_contact WHERE key = 'C2'").pluck().get();
    const r = await call(w.backend, 'records.delete', { entity: 'contact', keys: ['C1'] });
    expect(r.segments).toEqual(['VIPs', 'VIPs again']);
    // Stored members by rid (a join on contacts would hide a deleted contact's rid left behind).
    const rids = (id: string) => w.backend.db.prepare('SELECT contact_rid FROM segment_members WHERE segment_id = ?').pluck().all(id);
    expect(rids(vip.id)).toEqual([c2]);
    expect(rids(compound.id)).toEqual([c2]);
    expect(w.backend.db.prepare('SELECT count(*) FROM static_members').pluck().get()).toBe(1);
  });

  it('refuses to delete an account a contact links to', async () => {
    await runImport(w.backend, {
      kind: 'entity',
      entity: 'account',
      key: 'accountid',
      path: w.file('acc.csv', [
        ['accountid', 'name'],
        ['A1', 'Acme'],
        ['A2', 'Bolt'],
      ]),
    });
    await runImport(w.backend, {
      kind: 'entity',
      entity: 'contact',
      key: 'contactid',
      lookups: { parentaccount: 'account' },
      path: w.file('c.csv', [
        ['contactid', 'parentaccount'],
        ['C1', 'A1'],
      ]),
    });
    expect(await failure(w.backend, 'records.delete', { entity: 'account', keys: ['A1'] })).toMatch(/1 contact record still links/);
    await call(w.backend, 'records.delete', { entity: 'account', keys: ['A2'] });
    expect(await failure(w.backend, 'catalog.dropEntity', { entity: 'account' })).toMatch(/looked up by contact.parentaccount/);
  });
});
