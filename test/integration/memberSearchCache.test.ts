/**
 * What the worker keeps for member searches (issue 15) is used only while it is right. The app's own
 * backend (web host: pre-warm, snapshots, builder) on a real SQLite file restarts with a live segment:
 * pre-warm loads the search fields' columns, their folded text and the segment's stored members, and a
 * search then loads nothing (order, not timing: the loads are listed before it runs). After each change
 * — a name edit, an edit that moves a contact out, a contacts import, a stop and a go-live with another
 * definition — every search equals the SQL search (`MemberReader.members`), page by page. A segment that
 * goes live has its members loaded by the worker before the first search asks (session 9), and edits
 * between that go-live and a search make the worker read them again, never use the old ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { MembersInput } from '../../electron/backend/live/members.js';
import { profileDefinition } from '../fixtures/definitions.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { loadDataset } from './liveFixture.js';

const N = 300;
const NAMES = ['Zoë Smith', 'ZOE smith', 'Åsa Öberg', 'Renée Lee', null];
let dir: string;
let dbPath: string;
let backend: Backend;
let segmentId: string;

const fewerChildren = (n: number): ReturnType<typeof profileDefinition> =>
  profileDefinition([{ kind: 'rule', id: 'r', field: 'numberofchildren', operator: 'lt', values: [n] }]);

async function must<T>(channel: string, input: unknown): Promise<T> {
  const r = await backend.dispatch(channel as never, input as never);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-member-search-cache-'));
  dbPath = path.join(dir, 'app.db');
  const first = await createBackend({ dbPath, host: 'test' });
  loadDataset(first.db, {
    catalog: fixtureCatalog(),
    entities: {
      contact: Array.from({ length: N }, (_, i) => ({
        rid: i + 1,
        key: `c${String(i + 1).padStart(3, '0')}`,
        values: { contactid: `c${i + 1}`, fullname: NAMES[i % NAMES.length] ?? null, numberofchildren: i % 3 },
      })),
      account: [],
      opportunity: [],
    },
    interactions: [],
    segmentMembers: {},
  });
  backend = first;
  segmentId = (await must<{ id: string }>('segments.create', { name: 'Most', type: 'dynamic', definition: fewerChildren(2) })).id;
  await must('segments.goLive', { id: segmentId });
  await first.close();
  // The app opening a database with a live segment.
  backend = await createBackend({ dbPath, host: 'web' });
  await backend.evaluator.whenWarm();
}, 120_000);

afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every page of a search through `read`. */
async function pages(read: (input: MembersInput) => Promise<unknown> | unknown, search: string, id = segmentId): Promise<unknown[]> {
  const out: unknown[] = [];
  let after: number | undefined;
  for (;;) {
    const page = (await read({ id, search, limit: 9, ...(after === undefined ? {} : { after }) })) as {
      nextAfter: number | null;
    };
    out.push(page);
    if (page.nextAfter === null) return out;
    after = page.nextAfter;
  }
}

/** The worker's search equals the SQL search for each term, and finds something for the first. */
async function expectSameAsSql(terms: string[], id = segmentId): Promise<void> {
  const reader = backend.services.live.reader;
  for (const term of terms) {
    const sql = await pages((i) => reader.members(i), term, id);
    const worker = await pages((i) => reader.membersPage(i), term, id);
    expect({ term, worker }).toEqual({ term, worker: sql });
  }
  expect((await reader.membersPage({ id, search: terms[0] ?? '' })).total).toBeGreaterThan(0);
}

/** What the worker has loaded so far, oldest first. */
async function loads(): Promise<string[]> {
  return (await backend.evaluator.cacheStats()).loads.map((l) => l.what);
}

describe('member search caches', () => {
  it('pre-warm loaded what a search reads; the search loads nothing more', async () => {
    const before = (await backend.evaluator.cacheStats()).loads.map((l) => l.what);
    expect(before).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^contact\.contactid/),
        expect.stringMatching(/^contact\.fullname/),
        `members of segment ${segmentId}`,
      ]),
    );
    await expectSameAsSql(['smith', 'OBERG', 'c01']);
    expect((await backend.evaluator.cacheStats()).loads.map((l) => l.what)).toEqual(before);
  });

  it('sees a name edit and an edit that moves a contact out', async () => {
    await expectSameAsSql(['smith', 'zzyzx']);
    // rid 1 (0 children, a member) gets a new name; rid 2 ('ZOE smith', 1 child) gets 2 children and leaves.
    await must('contacts.update', { rid: 1, values: { fullname: 'Zzyzx Ångström' } });
    await must('contacts.update', { rid: 2, values: { numberofchildren: 2 } });
    await backend.services.live.whenIdle();
    await expectSameAsSql(['zzyzx', 'smith', 'angstrom']);
    const page = await backend.services.live.reader.membersPage({ id: segmentId, search: 'zzyzx' });
    expect(page.rows.map((r) => r.rid)).toEqual([1]);
  });

  it('sees contacts imported after the columns were loaded', async () => {
    const csv = path.join(dir, 'more.csv');
    const rows = Array.from({ length: 120 }, (_, i) => `n${i},Newcomer Smith ${i},0`);
    fs.writeFileSync(csv, ['contactid,fullname,numberofchildren', ...rows].join('\n'));
    const started = await must<{ id: string }>('imports.start', { kind: 'entity', entity: 'contact', key: 'contactid', path: csv });
    await backend.services.imports.wait(started.id);
    await backend.services.live.whenIdle();
    await expectSameAsSql(['newcomer', 'smith', 'n11']);
  });

  it("loads a go-live's members before the first search asks; after edits in between it reads them again", async () => {
    const other = (await must<{ id: string }>('segments.create', { name: 'None', type: 'dynamic', definition: fewerChildren(1) })).id;
    const loaded = `members of segment ${other}`;
    expect(await loads()).not.toContain(loaded);
    await must('segments.goLive', { id: other });
    // The worker loads them between jobs after the commit (no search asked): each stats request is a
    // round trip that lets its queued load run; bounded, so a worker that never loads them fails here.
    let seen = await loads();
    for (let i = 0; i < 500 && !seen.includes(loaded); i++) seen = await loads();
    expect(seen.filter((w) => w === loaded)).toHaveLength(1);
    await expectSameAsSql(['smith', 'c00', 'renee'], other);
    // The first searches read no members: still the one load.
    expect((await loads()).filter((w) => w === loaded)).toHaveLength(1);
    // Edits between: rid 4 (0 children, a member) leaves, rid 7 (a member) gets a new name.
    await must('contacts.update', { rid: 4, values: { numberofchildren: 2 } });
    await must('contacts.update', { rid: 7, values: { fullname: 'Quux Smith' } });
    await backend.services.live.whenIdle();
    await expectSameAsSql(['smith', 'quux', 'c00'], other);
    const page = await backend.services.live.reader.membersPage({ id: other, search: 'c004' });
    expect(page.rows.map((r) => r.rid)).not.toContain(4);
    // The members cached before the edits were not used: they were read again (the token changed).
    expect((await loads()).filter((w) => w === loaded)).toHaveLength(2);
    // A stopped segment keeps its members and is still searched on the worker.
    await must('segments.stop', { id: other });
    await expectSameAsSql(['smith', 'c00'], other);
  });

  it('sees a stop and a go-live with another definition', async () => {
    await must('segments.stop', { id: segmentId });
    await must('segments.update', { id: segmentId, definition: fewerChildren(1) });
    await must('segments.goLive', { id: segmentId });
    await expectSameAsSql(['smith', 'lee', 'c1']);
  });
});
