import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { DataChange } from '../../electron/backend/dataChange.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ContactDetail } from '../../shared/models/contact.js';
import { loadSnapshotFixtures } from './columnSnapshotDefs.js';

let dir: string;
let backend: Backend;
let changes: DataChange[];

async function call<K extends MethodName>(channel: K, input: unknown): Promise<MethodOutput<K>> {
  const r = await backend.dispatch(channel, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as MethodOutput<K>;
}

async function load(opts: ImportOptions): Promise<void> {
  const { id } = await call('imports.start', opts);
  await backend.services.imports.wait(id);
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-contacts-'));
  backend = await createBackend({ dbPath: path.join(dir, 'data.db'), host: 'test' });
  await loadSnapshotFixtures(backend);
  changes = [];
  backend.dataChanges.subscribe((c) => changes.push(c));
});

afterEach(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ridOf = (key: string): number => backend.db.prepare('SELECT rid FROM ent_contact WHERE key = ?').pluck().get(key) as number;

describe('contacts API', () => {
  it('lists contacts in pages with keyset paging', async () => {
    const first = await call('contacts.list', { limit: 3 });
    expect(first.total).toBe(4);
    expect(first.rows.map((r) => r.key)).toEqual(['C1', 'C2', 'C3']);
    expect(first.rows[0]).toMatchObject({
      displayName: 'Ada Lovelace',
      values: { birthdate: '1815-12-10', donotbulkemail: false, favoritepets: ['Cats', 'Dogs'], parentcustomerid: 'A1' },
    });
    expect(first.rows[2]?.values['createdon']).toBe('2024-03-03T00:00:00.000Z');
    const next = await call('contacts.list', { limit: 3, afterRid: first.nextAfterRid ?? 0 });
    expect(next.rows.map((r) => r.key)).toEqual(['C8']);
    expect(next.nextAfterRid).toBeNull();
    const byOffset = await call('contacts.list', { limit: 2, offset: 2 });
    expect(byOffset.rows.map((r) => r.key)).toEqual(['C3', 'C8']);
  });

  it('searches case-insensitively in names, e-mails and every text field', async () => {
    expect((await call('contacts.list', { search: 'HOPPER' })).rows.map((r) => r.key)).toEqual(['C2', 'C8']);
    expect((await call('contacts.list', { search: 'ada@example' })).rows.map((r) => r.key)).toEqual(['C1']);
    expect((await call('contacts.list', { search: 'seattle' })).total).toBe(2);
    expect((await call('contacts.list', { search: 'c3' })).rows.map((r) => r.key)).toEqual(['C3']);
    expect((await call('contacts.list', { search: '100%_' })).total).toBe(0);
  });

  it('shows one contact with its account, memberships and interaction counts', async () => {
    const seg = backend.services.segments.create({ name: 'Londoners', type: 'static' });
    backend.db.prepare('INSERT INTO segment_members (segment_id, contact_rid) VALUES (?, ?)').run(seg.id, ridOf('C1'));
    const c = await call('contacts.get', { rid: ridOf('C1') });
    expect(c.displayName).toBe('Ada Lovelace');
    expect(c.fields.find((f) => f.name === 'lifetimevalue')).toEqual({
      name: 'lifetimevalue',
      label: 'Lifetime Value',
      type: 'decimal',
      value: 1200.5,
    });
    expect(c.account).toMatchObject({ viaField: 'parentcustomerid', entity: 'account', key: 'A1', displayName: 'Contoso Ltd' });
    expect(c.account?.fields.find((f) => f.name === 'industry')?.value).toBe('Retail');
    expect(c.memberships).toEqual([{ segmentId: seg.id, name: 'Londoners', type: 'static', status: 'draft' }]);
    expect(c.interactionCounts).toEqual({ EmailClicked: 1, EmailOpened: 1, EmailSent: 1 });
    expect((await call('contacts.get', { rid: ridOf('C3') })).account).toBeNull();
  });

  it('answers not_found for an unknown contact', async () => {
    const r = await backend.dispatch('contacts.get', { rid: 999 });
    expect(r.ok ? null : r.error.code).toBe('not_found');
  });

  it('pages a contact timeline newest first, optionally by type', async () => {
    const t = await call('contacts.timeline', { rid: ridOf('C1') });
    expect(t.total).toBe(3);
    expect(t.rows.map((r) => [r.type, r.at])).toEqual([
      ['EmailClicked', '2025-01-01T10:05:00.000Z'],
      ['EmailOpened', '2025-01-01T10:00:00.000Z'],
      ['EmailSent', '2025-01-01T09:00:00.000Z'],
    ]);
    expect(t.rows[0]?.values).toEqual({ messageId: 'MSG-1', url: 'https://example.com/offer' });
    const page2 = await call('contacts.timeline', { rid: ridOf('C1'), limit: 1, offset: 1 });
    expect(page2.rows.map((r) => r.type)).toEqual(['EmailOpened']);
    const sent = await call('contacts.timeline', { rid: ridOf('C1'), types: ['emailsent'] });
    expect(sent.rows.map((r) => r.type)).toEqual(['EmailSent']);
  });

  it('updates fields with values checked against the catalog, keeping shadows in sync', async () => {
    const rid = ridOf('C3');
    const c: ContactDetail = await call('contacts.update', {
      rid,
      values: {
        Address1_City: '  Manchester ',
        donotbulkemail: false,
        numberofchildren: '2',
        favoritepets: ['dogs', 'Cats'],
        parentcustomerid: 'A2',
        birthdate: '1912-06-23',
      },
    });
    const value = (n: string): unknown => c.fields.find((f) => f.name === n)?.value;
    expect([value('address1_city'), value('donotbulkemail'), value('numberofchildren'), value('favoritepets'), value('birthdate')]).toEqual(
      ['Manchester', false, 2, ['Cats', 'Dogs'], '1912-06-23'],
    );
    expect(c.account?.key).toBe('A2');
    const row = backend.db.prepare('SELECT c_address1_city__f AS city, c_favoritepets__f AS pets FROM ent_contact WHERE rid = ?').get(rid);
    expect(row).toEqual({ city: 'manchester', pets: '["cats","dogs"]' });
    expect(changes).toEqual([
      {
        kind: 'profile',
        entity: 'contact',
        fields: ['address1_city', 'donotbulkemail', 'numberofchildren', 'favoritepets', 'parentcustomerid', 'birthdate'],
        rids: [rid],
      },
    ]);
    await call('contacts.update', { rid, values: { address1_city: null } });
    expect(backend.db.prepare('SELECT c_address1_city AS v, c_address1_city__f AS f FROM ent_contact WHERE rid = ?').get(rid)).toEqual({
      v: null,
      f: null,
    });
  });

  it('refuses invalid edits with an issue per field and changes nothing', async () => {
    const rid = ridOf('C1');
    const before = backend.db.prepare('SELECT * FROM ent_contact WHERE rid = ?').get(rid);
    const r = await backend.dispatch('contacts.update', {
      rid,
      values: {
        numberofchildren: 'lots',
        favoritepets: ['Unicorns'],
        parentcustomerid: 'A404',
        contactid: 'X',
        nosuchfield: 1,
        birthdate: '1815-13-01',
        fullname: 'Fine',
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.issues?.map((i) => i.path)).toEqual([
        'values.numberofchildren',
        'values.favoritepets',
        'values.parentcustomerid',
        'values.contactid',
        'values.nosuchfield',
        'values.birthdate',
      ]);
      expect(r.error.issues?.[1]?.message).toMatch(/"Unicorns" is not an option/);
    }
    expect(backend.db.prepare('SELECT * FROM ent_contact WHERE rid = ?').get(rid)).toEqual(before);
    expect(changes).toEqual([]);
  });

  it('returns from an edit exactly the detail a fresh read gives, also after the catalog grows', async () => {
    const rid = ridOf('C3');
    const edited = await call('contacts.update', { rid, values: { parentcustomerid: 'A2', fullname: 'Carla Edited' } });
    expect(edited).toEqual(await call('contacts.get', { rid }));
    expect(edited.account?.key).toBe('A2');
    // A later import adds a contact field: the next edit must see it (no stale catalog kept between calls).
    const extra = path.join(dir, 'more.csv');
    fs.writeFileSync(extra, 'contactid,loyaltytier\nC3,gold\n');
    await load({ kind: 'entity', entity: 'contact', path: extra, key: 'contactid' });
    const again = await call('contacts.update', { rid, values: { loyaltytier: 'silver' } });
    expect(again.fields.find((f) => f.name === 'loyaltytier')?.value).toBe('silver');
    expect(again).toEqual(await call('contacts.get', { rid }));
  });
});
