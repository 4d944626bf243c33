/**
 * Member search off the main thread (issue 15): a search of a live segment's stored members runs on the
 * evaluator worker's columnar cache (members ∩ key or name contains the text) and must give exactly
 * what the SQL search (folded LIKE on the main connection, `MemberReader.members`) gives: same rows,
 * totals and paging, for accents, case, LIKE's own wildcards and quotes. Real backend, SQLite file and
 * worker; the worker's progress events prove where the search ran.
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

const N = 400;
const NAMES = ['Zoë "Quote", Smith', 'ZOE smith', '100% Müller', 'under_score', 'Åsa Öberg', 'Renée', null];
let dir: string;
let backend: Backend;
let segmentId: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-member-search-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test' });
  loadDataset(backend.db, {
    catalog: fixtureCatalog(),
    entities: {
      contact: Array.from({ length: N }, (_, i) => ({
        rid: i + 1,
        key: `c${String(i + 1).padStart(3, '0')}`,
        values: {
          contactid: `c${i + 1}`,
          fullname: i % 9 === 8 ? `Person ${i + 1}` : (NAMES[i % NAMES.length] ?? null),
          numberofchildren: i % 3,
        },
      })),
      account: [],
      opportunity: [],
    },
    interactions: [],
    segmentMembers: {},
  });
  // Two of every three contacts: the search must stay inside the segment.
  const definition = profileDefinition([{ kind: 'rule', id: 'r', field: 'numberofchildren', operator: 'lt', values: [2] }]);
  const created = await backend.dispatch('segments.create', { name: 'Most', type: 'dynamic', definition });
  if (!created.ok) throw new Error(created.error.message);
  segmentId = (created.value as { id: string }).id;
  const live = await backend.dispatch('segments.goLive', { id: segmentId });
  if (!live.ok) throw new Error(live.error.message);
}, 60_000);

afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every page of a search, by keyset, and how many worker jobs reported progress meanwhile. */
async function allPages(read: (input: MembersInput) => unknown, search: string): Promise<{ pages: unknown[]; workerEvents: number }> {
  let workerEvents = 0;
  const off = backend.events.onAny((name, payload) => {
    if (name === 'evaluation.progressed' && (payload as { kind: string }).kind === 'query') workerEvents++;
  });
  const pages: unknown[] = [];
  let after: number | undefined;
  try {
    for (;;) {
      const page = (await read({
        id: segmentId,
        search,
        limit: 7,
        columns: ['numberofchildren'],
        ...(after === undefined ? {} : { after }),
      })) as {
        nextAfter: number | null;
      };
      pages.push(page);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
  } finally {
    off();
  }
  return { pages, workerEvents };
}

describe('member search on the worker', () => {
  const reader = (): Backend['services']['live']['reader'] => backend.services.live.reader;

  it.each(['zoë', 'ZOE', 'c04', '%', '_', 'e_s', 'renee', 'oberg', 'Quote"', 'person 1', 'nobody', ' smith', 'zoe ', '´'])(
    'finds the same members as the SQL search for %j',
    async (search) => {
      const sql = await allPages((input) => reader().members(input), search);
      const worker = await allPages((input) => reader().membersPage(input), search);
      expect(worker.pages).toEqual(sql.pages);
      expect(sql.workerEvents).toBe(0);
      // Each page of the search was evaluated by a worker job.
      expect(worker.workerEvents).toBeGreaterThanOrEqual(worker.pages.length);
    },
  );

  it('trims the search on both paths; a blank one lists every member', async () => {
    // The worker's contains trims its text (as every rule value); the SQL search must too, or ' smith' finds less there.
    for (const read of [(i: MembersInput) => reader().members(i), (i: MembersInput) => reader().membersPage(i)]) {
      expect(await read({ id: segmentId, search: '  zoe smith ' })).toEqual(await read({ id: segmentId, search: 'zoe smith' }));
      expect((await read({ id: segmentId, search: '  ' })).total).toBe((await read({ id: segmentId })).total);
    }
  });

  it('finds members at all (the comparison above is not vacuous)', async () => {
    const page = await reader().membersPage({ id: segmentId, search: 'zoe' });
    expect(page.total).toBeGreaterThan(20);
    expect(page.rows.every((r) => r.name !== null && /zo[eë]/i.test(r.name))).toBe(true);
  });
});
