/**
 * Splits and holdouts across the real backend: SQLite files, the worker, the live engine. A split's
 * groups agree with the TypeScript rule (SQLite's ss_split_bucket = shared/segments/split.ts), add up
 * to the parent, follow the parent's member changes, keep contacts in their group when others come and
 * go, and come out the same in a fresh database with the same keys after a segment-file round trip.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import { splitGroupOf } from '../../shared/segments/split.js';
import { profileDefinition } from '../fixtures/definitions.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { createCatalog, insertRecord, setField } from './liveFixture.js';

const tmpDirs: string[] = [];
const backends: Backend[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) await b.close();
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const NOW = Date.parse('2026-06-01T12:00:00Z');
const KEYS = Array.from({ length: 400 }, (_, i) => `C-${String(i).padStart(4, '0')}`);
const cityOf = (i: number): string => (i % 4 === 0 ? 'Lyon' : 'Paris');

/** A fresh file database with the contacts; `reverse` inserts them in the other order (other row ids). */
async function open(reverse = false): Promise<{ b: Backend; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-splits-'));
  tmpDirs.push(dir);
  const b = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => NOW });
  backends.push(b);
  createCatalog(b.db, fixtureCatalog());
  const order = KEYS.map((k, i) => ({ k, i }));
  if (reverse) order.reverse();
  b.db.transaction(() => {
    order.forEach(({ k, i }, n) => insertRecord(b.db, 'contact', n + 1 + (reverse ? 5000 : 0), k, { address1_city: cityOf(i) }));
  })();
  return { b, dir };
}

async function call<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await b.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.issues ?? [])}`);
  return r.value as MethodOutput<K>;
}

/** Member keys of a segment, sorted. */
const memberKeys = (b: Backend, id: string): string[] =>
  b.db
    .prepare('SELECT c.key FROM segment_members AS m JOIN ent_contact AS c ON c.rid = m.contact_rid WHERE m.segment_id = ? ORDER BY c.key')
    .pluck()
    .all(id) as string[];

async function liveParent(b: Backend): Promise<string> {
  const parent = await call(b, 'segments.create', {
    name: 'Parisians',
    type: 'dynamic',
    definition: profileDefinition([{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Paris'] }]),
  });
  await call(b, 'segments.goLive', { id: parent.id });
  return parent.id;
}

describe('splits', () => {
  it('splits a live segment into groups that agree with the TypeScript rule and add up to the parent', async () => {
    const { b } = await open();
    const parentId = await liveParent(b);
    const split = await call(b, 'splits.create', { parentId, seed: '42', percents: [10, 30, 60], labels: ['Holdout', 'B', 'C'] });
    expect(split.groups.map((g) => g.segmentName)).toEqual(['Parisians — Holdout (10 %)', 'Parisians — B (30 %)', 'Parisians — C (60 %)']);
    const parent = memberKeys(b, parentId);
    expect(parent.length).toBe(300);
    const groups = split.groups.map((g) => memberKeys(b, g.segmentId));
    expect(groups.reduce((s, g) => s + g.length, 0)).toBe(parent.length);
    groups.forEach((keys, g) => expect(keys).toEqual(parent.filter((k) => splitGroupOf('42', [10, 30, 60], k) === g)));
    expect(split.groups.map((g) => g.status)).toEqual(['live', 'live', 'live']);
    expect(await call(b, 'splits.list', { parentId })).toEqual([split]);
  });

  it('follows the parent: a contact joining or leaving the parent joins or leaves its group, nobody else moves', async () => {
    const { b } = await open();
    const parentId = await liveParent(b);
    const split = await call(b, 'splits.create', { parentId, seed: 'exp-7', percents: [50, 50] });
    const before = split.groups.map((g) => memberKeys(b, g.segmentId));
    const joiner = KEYS[0]!; // in Lyon: not a member yet
    const leaver = KEYS[1]!; // in Paris: a member
    const rid = (k: string): number => b.db.prepare('SELECT rid FROM ent_contact WHERE key = ?').pluck().get(k) as number;
    setField(b.db, 'contact', rid(joiner), 'address1_city', 'Paris');
    setField(b.db, 'contact', rid(leaver), 'address1_city', 'Lyon');
    b.dataChanges.emit({ kind: 'profile', entity: 'contact', fields: ['address1_city'], rids: [rid(joiner), rid(leaver)] });
    await b.services.live.whenIdle();
    const after = split.groups.map((g) => memberKeys(b, g.segmentId));
    const gj = splitGroupOf('exp-7', [50, 50], joiner);
    const gl = splitGroupOf('exp-7', [50, 50], leaver);
    after.forEach((keys, g) => {
      const expected = before[g]!.filter((k) => k !== leaver);
      if (g === gj) expected.push(joiner);
      expect(keys).toEqual(expected.sort());
      expect(before[g]!.includes(leaver)).toBe(g === gl);
    });
  });

  it('refuses bad settings with issues naming the field, and creates nothing', async () => {
    const { b } = await open();
    const parentId = await liveParent(b);
    const count = (): number => b.db.prepare('SELECT count(*) FROM segments').pluck().get() as number;
    const n = count();
    const bad = await b.dispatch('splits.create', { parentId, seed: '', percents: [60, 50] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input');
      expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(['percents', 'seed']);
      expect(bad.error.message).toContain('Percentages: must add up to 100, they add up to 110');
    }
    const eleven = await b.dispatch('splits.create', { parentId, seed: '1', percents: Array<number>(11).fill(9) });
    expect(eleven.ok).toBe(false);
    await call(b, 'splits.create', { parentId, seed: '1', percents: [50, 50] });
    const again = await b.dispatch('splits.create', { parentId, seed: '1', percents: [50, 50], labels: ['X', 'Y'] });
    expect(again.ok === false && again.error.issues?.[0]?.path).toBe('seed');
    expect(count()).toBe(n + 2);
  });

  it('is whole or absent: a parent stopped while the groups go live leaves no group behind, and says why', async () => {
    const { b } = await open();
    const parentId = await liveParent(b);
    const before = b.db.prepare('SELECT id FROM segments ORDER BY id').pluck().all();
    // The create runs until the first group's go-live waits on the evaluator; the parent stops meanwhile.
    const creating = b.dispatch('splits.create', { parentId, seed: 'race', percents: [50, 50] });
    const stopped = await b.dispatch('segments.stop', { id: parentId, force: true });
    expect(stopped.ok).toBe(true);
    const r = await creating;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^The split was not created: a group could not go live\. /);
    expect(b.db.prepare('SELECT id FROM segments ORDER BY id').pluck().all()).toEqual(before);
    expect(b.db.prepare('SELECT count(*) FROM segment_members WHERE segment_id NOT IN (SELECT id FROM segments)').pluck().get()).toBe(0);
  });

  it('exports the parent members with a Group column of group names', async () => {
    const { b, dir } = await open();
    const parentId = await liveParent(b);
    await call(b, 'splits.create', { parentId, seed: 's', percents: [90, 10], labels: ['Treatment', 'Holdout'] });
    const file = path.join(dir, 'members.csv');
    const out = await call(b, 'splits.exportMembers', { parentId, seed: 's', percents: [90, 10], path: file });
    expect(out.rows).toBe(300);
    const rows = parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!).at(-1)).toBe('Group');
    for (const r of rows) expect(r['Group']).toBe(['Treatment', 'Holdout'][splitGroupOf('s', [90, 10], Object.values(r)[0]!)]);
    expect(new Set(rows.map((r) => r['Group']))).toEqual(new Set(['Treatment', 'Holdout']));
  });

  it('gives the same groups in a fresh database with the same keys after a segment-file round trip', async () => {
    const { b: a } = await open();
    const parentId = await liveParent(a);
    const split = await call(a, 'splits.create', { parentId, seed: 'cross-db', percents: [50, 50], labels: ['Control', 'Holdout'] });
    const file = await call(a, 'segmentFiles.export', { segmentIds: split.groups.map((g) => g.segmentId) });
    // Other row ids: the contacts are inserted in reverse order, numbered from 5001.
    const { b } = await open(true);
    const imported = await call(b, 'segmentFiles.import', { text: file.text! });
    const byName = new Map(imported.segments.map((s) => [s.name, s.id]));
    await call(b, 'segments.goLive', { id: byName.get('Parisians')! });
    for (const g of split.groups) await call(b, 'segments.goLive', { id: byName.get(g.segmentName)! });
    const [copy] = await call(b, 'splits.list', { parentId: byName.get('Parisians')! });
    expect(copy?.groups.map((g) => g.label)).toEqual(['Control', 'Holdout']);
    for (const g of split.groups) expect(memberKeys(b, byName.get(g.segmentName)!)).toEqual(memberKeys(a, g.segmentId));
    expect(memberKeys(a, split.groups[0]!.segmentId).length).toBeGreaterThan(100);
  });
});
