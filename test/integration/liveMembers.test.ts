import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import { profileDefinition } from '../fixtures/definitions.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { addInteraction, loadDataset } from './liveFixture.js';

const DAY = 86_400_000;
let now = Date.parse('2026-03-15T12:00:00Z');
let dir: string;
let backend: Backend;
const N = 250;

beforeEach(async () => {
  now = Date.parse('2026-03-15T12:00:00Z');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-live-members-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => now });
  const cities = ['Seattle', 'Paris', 'Berlin', null];
  loadDataset(backend.db, {
    catalog: fixtureCatalog(),
    entities: {
      contact: Array.from({ length: N }, (_, i) => ({
        rid: i + 1,
        key: `c${String(i + 1).padStart(3, '0')}`,
        values: {
          contactid: `c${i + 1}`,
          fullname: i === 41 ? 'Zoë "Quote", Smith' : `Person ${i + 1}`,
          address1_city: cities[i % 4] ?? null,
          numberofchildren: i % 3,
          createdon: now - (i % 40) * DAY,
          parentcustomerid: i % 5 === 0 ? null : (i % 2) + 1,
        },
      })),
      account: [
        { rid: 1, key: 'A-1', values: { name: 'Contoso' } },
        { rid: 2, key: 'A-2', values: { name: 'Fabrikam' } },
      ],
      opportunity: [],
    },
    interactions: [],
    segmentMembers: {},
  });
  for (let i = 1; i <= 30; i++) addInteraction(backend.db, { type: 'EmailOpened', contactRid: i, ts: now - i * DAY, values: {} });
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
const profile = profileDefinition;
const allContacts = profile([]);

describe('members API', () => {
  it('pages members by keyset with chosen columns and searches them', async () => {
    const s = await call('segments.create', { name: 'All', type: 'dynamic', definition: allContacts });
    await call('segments.goLive', { id: s.id });
    const seen: number[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await call('segments.members', {
        id: s.id,
        limit: 60,
        columns: ['address1_city', 'NumberOfChildren'],
        ...(after === undefined ? {} : { after }),
      });
      expect(page.total).toBe(N);
      seen.push(...page.rows.map((r) => r.rid));
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const first = await call('segments.members', { id: s.id, limit: 1, columns: ['address1_city', 'numberofchildren'] });
    expect(first.rows[0]).toEqual({ rid: 1, key: 'c001', name: 'Person 1', values: { address1_city: 'Seattle', numberofchildren: 0 } });
    const found = await call('segments.members', { id: s.id, search: 'zoË' });
    expect(found.rows.map((r) => r.key)).toEqual(['c042']);
    // Case- and accent-insensitive like every other comparison of text (shared/segments/fold.ts): Zoë = ZOE.
    for (const search of ['zoe', 'ZOE "quote"', 'C04']) {
      const hit = await call('segments.members', { id: s.id, search });
      expect(
        hit.rows.map((r) => r.key),
        search,
      ).toContain('c042');
    }
    expect((await call('segments.members', { id: s.id, search: 'C04' })).total).toBe(10);
    expect((await call('segments.members', { id: s.id, search: '%' })).total).toBe(0);
    const bad = await backend.dispatch('segments.members', { id: s.id, columns: ['shoe_size'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('exports members to CSV with progress events and proper quoting', async () => {
    const s = await call('segments.create', { name: 'All', type: 'dynamic', definition: allContacts });
    await call('segments.goLive', { id: s.id });
    const progress: number[] = [];
    backend.events.onAny((e, p) => e === 'membersExport.progressed' && progress.push((p as { rowsDone: number }).rowsDone));
    const file = path.join(dir, 'members.csv');
    const r = await call('segments.exportMembers', { id: s.id, path: file, columns: ['address1_city'] });
    expect(r.rows).toBe(N);
    const text = fs.readFileSync(file, 'utf8').trim().split('\n');
    // A BOM, then the catalog's display labels (whatever they are derived as) for key, name and columns.
    const fields = (await call('catalog.describe', {})).entities.find((e) => e.name === 'contact')?.fields ?? [];
    const label = (n: string): string => fields.find((f) => f.name === n)?.label ?? n;
    expect(fs.readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // (trim() above dropped the BOM, which counts as white space.)
    expect(text[0]).toBe([label('contactid'), label('fullname'), label('address1_city')].join(','));
    expect(text.length).toBe(N + 1);
    expect(text).toContain('c042,"Zoë ""Quote"", Smith",Paris');
    expect(progress.at(-1)).toBe(N);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  });

  it('composition groups text values the way segments compare them: ignoring case and accents', async () => {
    // Contacts 1, 5, 9, … live in "Seattle"; respell four of them, one with an accent.
    for (const [rid, city] of [
      [1, 'seattle'],
      [5, 'SEATTLE'],
      [9, 'SEATTLE'],
      [13, 'Séattle'],
    ] as const) {
      await call('contacts.update', { rid, values: { address1_city: city } });
    }
    const s = await call('segments.create', { name: 'All', type: 'dynamic', definition: allContacts });
    await call('segments.goLive', { id: s.id });
    const ins = await call('segments.insights', { id: s.id, compositionField: 'address1_city', top: 10 });
    const seattle = Array.from({ length: N }, (_, i) => i).filter((i) => i % 4 === 0).length;
    // One bar, labelled with the spelling most members have.
    expect(ins.composition?.top.filter((t) => String(t.value).toLowerCase().startsWith('s'))).toEqual([
      { value: 'Seattle', count: seattle },
    ]);
    expect(ins.composition?.top.reduce((a, t) => a + t.count, 0)).toBe(N);
  });

  it('composition by a lookup names the related records, never their row ids', async () => {
    const s = await call('segments.create', { name: 'All', type: 'dynamic', definition: allContacts });
    await call('segments.goLive', { id: s.id });
    const ins = await call('segments.insights', { id: s.id, compositionField: 'parentcustomerid', top: 10 });
    const count = (f: (i: number) => boolean): number => Array.from({ length: N }, (_, i) => i).filter(f).length;
    const byName = Object.fromEntries((ins.composition?.top ?? []).map((t) => [t.lookup?.name ?? '(none)', t.count]));
    expect(byName).toEqual({
      Contoso: count((i) => i % 5 !== 0 && i % 2 === 0),
      Fabrikam: count((i) => i % 5 !== 0 && i % 2 === 1),
      '(none)': count((i) => i % 5 === 0),
    });
    expect(ins.composition?.top.find((t) => t.lookup?.name === 'Contoso')?.lookup).toEqual({ key: 'A-1', name: 'Contoso' });
  });

  it('gives insights: size over time, changes, composition, overlap and interaction counts', async () => {
    const seattle = await call('segments.create', {
      name: 'Seattle',
      type: 'dynamic',
      definition: profile([{ kind: 'rule', id: 'r', field: 'address1_city', operator: 'eq', values: ['seattle'] }]),
    });
    const kids = await call('segments.create', {
      name: 'Kids',
      type: 'dynamic',
      definition: profile([{ kind: 'rule', id: 'r', field: 'numberofchildren', operator: 'ge', values: [1] }]),
    });
    await call('segments.goLive', { id: seattle.id });
    await call('segments.goLive', { id: kids.id });
    const ins = await call('segments.insights', {
      id: kids.id,
      compositionField: 'address1_city',
      top: 2,
      overlapWith: [seattle.id],
      interactionDays: 10,
    });
    // Contact rid r has (r - 1) % 3 children and city index (r - 1) % 4.
    const kidsSize = Array.from({ length: N }, (_, i) => i).filter((i) => i % 3 >= 1).length;
    const seattleSize = Array.from({ length: N }, (_, i) => i).filter((i) => i % 4 === 0).length;
    expect(ins.sizeOverTime).toEqual([{ at: new Date(now).toISOString(), size: kidsSize }]);
    expect(ins.changes).toEqual([{ at: new Date(now).toISOString(), reason: 'goLive', added: kidsSize, removed: 0 }]);
    expect(ins.composition?.top.length).toBe(2);
    expect((ins.composition?.top.reduce((a, t) => a + t.count, 0) ?? 0) + (ins.composition?.others ?? 0)).toBe(kidsSize);
    const both = Array.from({ length: N }, (_, i) => i).filter((i) => i % 4 === 0 && i % 3 >= 1).length;
    expect(ins.overlap).toEqual({
      segmentIds: [kids.id, seattle.id],
      sizes: [kidsSize, seattleSize],
      shared: [
        [kidsSize, both],
        [both, seattleSize],
      ],
    });
    // Members with opens in the last 10 days: contacts 1..10 opened on day -1..-10; kids are those with i % 3 >= 1.
    const opened = Array.from({ length: 10 }, (_, i) => i).filter((i) => i % 3 >= 1).length;
    expect(ins.interactions?.counts).toEqual([{ type: 'EmailOpened', interactions: opened, contacts: opened }]);
  });
});

describe('scheduler', () => {
  it('re-evaluates relative-date segments when they are due and shows the next due time', async () => {
    const recent = await call('segments.create', {
      name: 'New in 7 days',
      type: 'dynamic',
      timeZone: 'Europe/Berlin',
      definition: profile([{ kind: 'rule', id: 'r', field: 'createdon', operator: 'inTheLast', amount: 7, unit: 'days' }]),
    });
    const stable = await call('segments.create', {
      name: 'Seattle',
      type: 'dynamic',
      definition: profile([{ kind: 'rule', id: 'r', field: 'address1_city', operator: 'eq', values: ['Seattle'] }]),
    });
    await call('segments.goLive', { id: recent.id });
    await call('segments.goLive', { id: stable.id });
    const before = (await call('segments.get', { id: recent.id })).memberCount;
    const status = await call('segments.liveStatus', { id: recent.id });
    expect(status.nextEvaluationAt).not.toBeNull();
    expect((await call('segments.liveStatus', { id: stable.id })).nextEvaluationAt).toBeNull();
    const due = Date.parse(status.nextEvaluationAt ?? '');
    expect(due).toBeGreaterThan(now);

    expect(await backend.services.live.refresher.runDue(due - 1)).toEqual([]);
    now += 3 * DAY;
    expect(await backend.services.live.refresher.runDue(now)).toEqual([recent.id]);
    const after = await call('segments.get', { id: recent.id });
    expect(after.memberCount).toBeLessThan(before ?? 0);
    const evals = await call('segments.evaluations', { id: recent.id });
    expect(evals[0]).toMatchObject({ reason: 'schedule', scope: 'full' });
    expect(Date.parse((await call('segments.liveStatus', { id: recent.id })).nextEvaluationAt ?? '')).toBeGreaterThan(now);
  });
});
