/**
 * The per-contact re-checks of one change share one transaction and read "still live, not frozen" plus
 * the stored count of all their segments in one statement (refresher.ts). A segment stopped or frozen
 * after the change was queued must still write nothing; the others are re-checked as before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../index.js';
import { fixtureCatalog } from '../../../test/fixtures/segmentCatalog.js';
import { profileDefinition } from '../../../test/fixtures/definitions.js';
import { createCatalog, insertRecord } from '../../../test/integration/liveFixture.js';
import { refreshableCounts } from './refresher.js';

let dir = '';
let backend: Backend | null = null;
afterEach(async () => {
  await backend?.close();
  backend = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const CITIES = ['Paris', 'Lyon', 'Paris', 'Nice', 'Paris', 'Lyon'];

async function open(): Promise<{ b: Backend; ids: string[] }> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-recheck-batch-'));
  const b = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => 1_000_000 });
  backend = b;
  createCatalog(b.db, fixtureCatalog());
  CITIES.forEach((city, i) => insertRecord(b.db, 'contact', i + 1, `c${i + 1}`, { address1_city: city }));
  const ids: string[] = [];
  for (const city of ['Paris', 'Lyon', 'Nice']) {
    const definition = profileDefinition([{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: [city] }]);
    const seg = b.services.segments.create({ name: city, type: 'dynamic', definition, timeZone: 'UTC' });
    await b.services.live.goLive(seg.id);
    ids.push(seg.id);
  }
  return { b, ids };
}

const members = (b: Backend, id: string): number[] =>
  b.db.prepare('SELECT contact_rid FROM segment_members WHERE segment_id = ? ORDER BY contact_rid').pluck().all(id) as number[];
const evaluations = (b: Backend, id: string): unknown[] =>
  b.db
    .prepare(
      'SELECT reason, scope, contacts_checked, size, added, removed, repeats FROM segment_evaluations WHERE segment_id = ? ORDER BY id',
    )
    .all(id);
const history = (b: Backend, id: string): unknown[] =>
  b.db
    .prepare('SELECT contact_rid, joined_at, left_at FROM membership_history WHERE segment_id = ? ORDER BY contact_rid, joined_at')
    .all(id);

describe('per-contact re-checks of one change', () => {
  it('re-check every segment reading the field: members, counts, history and evaluation log as one change', async () => {
    const { b, ids } = await open();
    const [paris, lyon, nice] = ids as [string, string, string];
    b.services.contacts.update({ rid: 1, values: { address1_city: 'Lyon' } });
    await b.services.live.whenIdle();
    expect(members(b, paris)).toEqual([3, 5]);
    expect(members(b, lyon)).toEqual([1, 2, 6]);
    expect(members(b, nice)).toEqual([4]);
    const count = (id: string): unknown => b.db.prepare('SELECT member_count FROM segments WHERE id = ?').pluck().get(id);
    expect([count(paris), count(lyon), count(nice)]).toEqual([2, 3, 1]);
    expect(history(b, paris)).toContainEqual({ contact_rid: 1, joined_at: 1_000_000, left_at: 1_000_000 });
    expect(evaluations(b, paris).at(-1)).toEqual({
      reason: 'dataChange',
      scope: 'contacts',
      contacts_checked: 1,
      size: 2,
      added: 0,
      removed: 1,
      repeats: 1,
    });
    expect(evaluations(b, nice).at(-1)).toEqual({
      reason: 'dataChange',
      scope: 'contacts',
      contacts_checked: 1,
      size: 1,
      added: 0,
      removed: 0,
      repeats: 1,
    });
  });

  it('writes nothing for a segment stopped or frozen after the change was queued, and re-checks the others', async () => {
    const { b, ids } = await open();
    const [paris, lyon, nice] = ids as [string, string, string];
    const before = { paris: [members(b, paris), evaluations(b, paris), history(b, paris)], nice: [members(b, nice), evaluations(b, nice)] };
    b.services.contacts.update({ rid: 4, values: { address1_city: 'Paris' } }); // queued, not yet run
    b.db.prepare("UPDATE segments SET status = 'stopped' WHERE id = ?").run(paris);
    b.db.prepare('UPDATE segments SET needs_attention = 1 WHERE id = ?').run(nice);
    await b.services.live.whenIdle();
    expect([members(b, paris), evaluations(b, paris), history(b, paris)]).toEqual(before.paris);
    expect([members(b, nice), evaluations(b, nice)]).toEqual(before.nice);
    expect(members(b, lyon)).toEqual([2, 6]);
    expect(evaluations(b, lyon).at(-1)).toMatchObject({ scope: 'contacts', contacts_checked: 1, added: 0, removed: 0 });
  });

  it('reads the stored counts of exactly the refreshable segments asked for', async () => {
    const { b, ids } = await open();
    const [paris, lyon, nice] = ids as [string, string, string];
    b.db.prepare("UPDATE segments SET status = 'stopped' WHERE id = ?").run(lyon);
    expect(refreshableCounts(b.db, [paris, lyon, 'no-such-segment'])).toEqual(new Map([[paris, 3]]));
    expect(refreshableCounts(b.db, [nice, paris])).toEqual(
      new Map([
        [nice, 1],
        [paris, 3],
      ]),
    );
  });
});
