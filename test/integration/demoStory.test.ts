/**
 * The first start's demo tells one story (electron/backend/demo/story.ts): every segment type, the live
 * ones live and non-empty, a compound with steps, the README's example (Seattle and lifetime value above
 * 1,000) finding a few hundred contacts, and addresses spelled from the names.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';

let dir: string;
let backend: Backend;
const call = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await backend.dispatch(method as never, input as never);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-demo-story-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', seedDemo: true });
}, 120_000);
afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Summary {
  id: string;
  name: string;
  type: string;
  status: string;
  memberCount: number | null;
}

it('creates a segment of every type, takes the story live and leaves one draft', async () => {
  const list = await call<Summary[]>('segments.list', {});
  const byName = new Map(list.map((s) => [s.name, s]));
  expect(new Set(list.map((s) => s.type))).toEqual(new Set(['dynamic', 'static', 'compound']));
  for (const name of ['Contacts in Seattle', 'Seattle high-value customers', 'Spring Expo registrants', 'Newsletter subscribers']) {
    expect(byName.get(name)?.status, name).toBe('live');
    expect(byName.get(name)?.memberCount ?? 0, name).toBeGreaterThan(0);
  }
  // "City = Seattle and Lifetime Value > 1000" finds a few hundred of 20,000 contacts.
  const highValue = byName.get('Seattle high-value customers')?.memberCount ?? 0;
  expect(highValue).toBeGreaterThanOrEqual(100);
  expect(highValue).toBeLessThan(1000);
  const expo = byName.get('US expo audience');
  expect(expo).toMatchObject({ type: 'compound', status: 'live' });
  expect(expo?.memberCount ?? 0).toBeGreaterThan(0);
  expect(byName.get('Lapsed e-mail openers')?.status).toBe('draft');
});

it('gives the demo compound its steps: registrants, plus subscribers, within the United States', async () => {
  const list = await call<Summary[]>('segments.list', {});
  const idOf = (name: string): string | undefined => list.find((s) => s.name === name)?.id;
  const expo = await call<{ definition: { kind: string; blocks: { combine: string; segmentId: string }[] } }>('segments.get', {
    id: idOf('US expo audience'),
  });
  expect(expo.definition.blocks.map((b) => [b.combine, b.segmentId])).toEqual([
    ['union', idOf('Spring Expo registrants')],
    ['union', idOf('Newsletter subscribers')],
    ['intersect', idOf('Contacts in the United States')],
  ]);
});

it('spells e-mail addresses from the names in ASCII', () => {
  const rows = backend.db
    .prepare(
      `SELECT c_firstname AS first, c_lastname AS last, c_emailaddress1 AS email FROM ent_contact
        WHERE c_firstname = 'Seán' AND c_emailaddress1 IS NOT NULL LIMIT 5`,
    )
    .all() as { first: string; last: string; email: string }[];
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.email.toLowerCase()).toMatch(/^sean\.[a-z0-9]+@example\.com$/);
  expect(backend.db.prepare(`SELECT count(*) FROM ent_contact WHERE c_emailaddress1 GLOB '*[^ -~]*'`).pluck().get()).toBe(0);
});

interface Home {
  entities: { name: string; label: string; count: number }[];
  interactions: { total: number; byType: { name: string; total: number; last30Days: number; last12Months: number }[] };
  imports: { count: number; last: unknown };
  demo: { contacts: number } | null;
  segments: { total: number; live: number; draft: number; stopped: number };
  attention: { name: string; reason: string; message: string }[];
  recent: { name: string }[];
}

it('sums the database up for the home view: records, interactions by type and period, demo provenance, segments', async () => {
  const home = await call<Home>('home.summary', {});
  expect(home.entities.map((e) => [e.name, e.count])).toEqual([
    ['contact', 20_000],
    ['account', 2_000],
  ]);
  expect(home.demo).toMatchObject({ contacts: 20_000 });
  expect(home.imports).toEqual({ count: 0, last: null });
  expect(home.interactions.total).toBe(100_000);
  const recount = backend.db.prepare('SELECT count(*) FROM interactions').pluck().get();
  expect(home.interactions.total).toBe(recount);
  for (const t of home.interactions.byType) {
    expect(t.last30Days).toBeLessThanOrEqual(t.last12Months);
    expect(t.last12Months).toBeLessThanOrEqual(t.total);
  }
  expect(home.interactions.byType.some((t) => t.last30Days > 0)).toBe(true);
  expect(home.segments).toEqual({ total: 7, live: 6, draft: 1, stopped: 0 });
  expect(home.attention).toEqual([]);
  expect(home.recent).toHaveLength(5);
});

it('lists a compound frozen by a stopped part, and the stopped part, as needing attention', async () => {
  const list = await call<Summary[]>('segments.list', {});
  const us = list.find((s) => s.name === 'Contacts in the United States');
  await call('segments.stop', { id: us?.id, force: true });
  const home = await call<Home>('home.summary', {});
  expect(home.attention.map((a) => [a.name, a.reason])).toEqual([
    ['US expo audience', 'childStopped'],
    ['Contacts in the United States', 'stopped'],
  ]);
  expect(home.attention[0]?.message).toContain('“Contacts in the United States”');
  expect(home.segments.stopped).toBe(1);
});

it('sums up an empty database: no records, no demo, no imports, no segments', async () => {
  const empty = await createBackend({ dbPath: path.join(dir, 'empty.db'), host: 'test' });
  try {
    const r = await empty.dispatch('home.summary', {});
    expect(r.ok && r.value).toMatchObject({
      entities: [{ name: 'contact', count: 0 }],
      interactions: { total: 0, byType: [] },
      imports: { count: 0, last: null },
      demo: null,
      segments: { total: 0 },
      attention: [],
      recent: [],
    });
  } finally {
    await empty.close();
  }
});
