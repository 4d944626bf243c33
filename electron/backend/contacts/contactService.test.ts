/**
 * Contact detail memberships (regression): contacts.update returns the contact's detail after every
 * edit, and its membership list used to join segment_members by contact_rid, which is not a key
 * prefix — a scan of every member row of every segment (~150 ms per edit at 1M contacts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../index.js';
import { fixtureCatalog } from '../../../test/fixtures/segmentCatalog.js';
import { createCatalog, insertRecord } from '../../../test/integration/liveFixture.js';
import { CONTACT_MEMBERSHIPS_SQL } from './contactService.js';
import { changeStoredMembers } from '../db/memberStore.js';

let dir = '';
let backend: Backend | null = null;
afterEach(async () => {
  await backend?.close();
  backend = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Backend> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-contact-members-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => 0 });
  createCatalog(backend.db, fixtureCatalog());
  for (let rid = 1; rid <= 4; rid++) insertRecord(backend.db, 'contact', rid, `c${rid}`, {});
  const seg = backend.db.prepare(
    `INSERT INTO segments (id, name, name_lower, type, status, definition, has_been_live, created_at, modified_at) VALUES (?, ?, ?, 'static', 'live', '{"kind":"static","version":1}', 1, 0, 0)`,
  );
  const member = backend.db.prepare('INSERT INTO segment_members (segment_id, contact_rid) VALUES (?, ?)');
  for (const [id, name, rids] of [
    ['s1', 'Zeta', [1, 2]],
    ['s2', 'Alpha', [2, 3]],
    ['s3', 'Mid', [2]],
  ] as const) {
    seg.run(id, name, name.toLowerCase());
    for (const r of rids) member.run(id, r);
  }
  return backend;
}

describe('contact memberships', () => {
  it('lists exactly the segments holding the contact, by name', async () => {
    const b = await open();
    const names = (rid: number): string[] => b.services.contacts.get(rid).memberships.map((m) => m.name);
    expect(names(2)).toEqual(['Alpha', 'Mid', 'Zeta']);
    expect(names(1)).toEqual(['Zeta']);
    expect(names(4)).toEqual([]);
    const updated = b.services.contacts.update({ rid: 3, values: {} });
    expect(updated.memberships).toEqual([{ segmentId: 's2', name: 'Alpha', type: 'static', status: 'live' }]);
  });

  it('answers exactly what the expanded member view says, for members, neighbours and prefixes of members', async () => {
    const b = await open();
    // Chunks the way the stores write them: many segments, rids across chunk boundaries and digit lengths.
    const seg = b.db.prepare(
      `INSERT INTO segments (id, name, name_lower, type, status, definition, has_been_live, created_at, modified_at) VALUES (?, ?, ?, 'static', 'draft', '{"kind":"static","version":1}', 0, 0, 0)`,
    );
    const rids = [1, 2, 9, 10, 11, 12, 100, 112, 123, 1023, 1024, 1025, 2047, 10240, 10241, 102400, 1000000, 1000001];
    for (let i = 0; i < 12; i++) {
      seg.run(`p${i}`, `P${i}`, `p${i}`);
      changeStoredMembers(
        b.db,
        `p${i}`,
        rids.filter((_, k) => (k * 7 + i) % 3 !== 0),
        [],
      );
    }
    const viaView = b.db.prepare(
      `SELECT s.id AS segmentId, s.name AS name, s.type AS type, s.status AS status FROM segments s
        WHERE EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = s.id AND m.contact_rid = ?) ORDER BY s.name`,
    );
    const probes = new Set([
      0,
      3,
      101,
      1022,
      1026,
      10239,
      120,
      1002400,
      ...rids,
      ...rids.map((r) => r * 10),
      ...rids.map((r) => Math.floor(r / 10)),
    ]);
    for (const rid of probes) expect(b.db.prepare(CONTACT_MEMBERSHIPS_SQL).all(rid, rid)).toEqual(viaView.all(rid));
  });

  it("reads the contact's member chunk per segment instead of expanding every member", async () => {
    const b = await open();
    const plan = (b.db.prepare(`EXPLAIN QUERY PLAN ${CONTACT_MEMBERSHIPS_SQL}`).all(2, 2) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH c (EXISTS )?USING PRIMARY KEY \(segment_id=\? AND chunk=\?\)/);
    expect(plan).not.toMatch(/SCAN (m|c)\b/);
  });
});
