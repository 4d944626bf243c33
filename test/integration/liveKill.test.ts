import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { createCatalog } from './liveFixture.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
import { insertRecords, refoldRecords } from '../../electron/backend/values/storedValue.js';

const CONTACTS = 150_000;
let dir: string;
let template: string;
let segmentId: string;

/** Contacts alternate between cities A and B; the segment starts live on A. */
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-live-kill-'));
  template = path.join(dir, 'template.db');
  const backend = await createBackend({ dbPath: template, host: 'test' });
  createCatalog(backend.db, fixtureCatalog());
  const city = new CatalogRepo(backend.db).field('contact', 'address1_city');
  if (!city) throw new Error('no address1_city field');
  const rows = Array.from({ length: CONTACTS }, (_, n) => ({ rid: n + 1, key: `c${n + 1}`, values: [(n + 1) % 2 ? 'A' : 'B'] }));
  backend.db.transaction(() => insertRecords(backend.db, 'ent_contact', [city], rows))();
  const created = await backend.dispatch('segments.create', {
    name: 'Kill me',
    type: 'dynamic',
    definition: {
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
            children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['A'] }],
          },
        },
      ],
    },
  });
  if (!created.ok) throw new Error(created.error.message);
  segmentId = (created.value as { id: string }).id;
  const live = await backend.dispatch('segments.goLive', { id: segmentId });
  if (!live.ok) throw new Error(live.error.message);
  await backend.close();
  // Fold the WAL into the file so copies are whole.
  const db = openDatabase(template, { skipMigrations: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runAndKill(dbPath: string, args: string[], delayMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'liveKillChild.ts'), dbPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('started') && !child.killed) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', () => resolve(out));
  });
}

/** Members by parity: 'A' = all odd rids, 'B' = all even rids; anything else is half a change. */
function membershipState(dbPath: string): { state: string; status: string; history: boolean } {
  const db = openDatabase(dbPath, { skipMigrations: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const r = db.prepare('SELECT count(*) AS n, sum(contact_rid % 2) AS odd FROM segment_members WHERE segment_id = ?').get(segmentId) as {
      n: number;
      odd: number;
    };
    const status = db.prepare('SELECT status FROM segments WHERE id = ?').pluck().get(segmentId) as string;
    const open = db
      .prepare('SELECT count(*) FROM membership_history WHERE segment_id = ? AND left_at IS NULL')
      .pluck()
      .get(segmentId) as number;
    const state =
      r.n === CONTACTS / 2 && r.odd === CONTACTS / 2 ? 'A' : r.n === CONTACTS / 2 && r.odd === 0 ? 'B' : `half(${r.n},${r.odd})`;
    return { state, status, history: open === r.n };
  } finally {
    db.close();
  }
}

describe('kill safety', () => {
  const delays = [0, 150, 400];
  const outcomes: string[] = [];

  it.each(delays)('a go-live killed with SIGKILL after %i ms leaves membership wholly before or after', async (delay) => {
    const db = path.join(dir, `golive-${delay}.db`);
    fs.copyFileSync(template, db);
    const out = await runAndKill(db, ['goLive', segmentId, 'B'], delay);
    expect(out).toContain('started');
    outcomes.push(`goLive ${delay}ms: ${out.includes('done') ? 'finished' : 'killed'}`);
    const { state, history } = membershipState(db);
    expect(['A', 'B']).toContain(state);
    expect(history).toBe(true);
    // Reopening finishes the interrupted transition: the segment is live with the members that match its stored definition.
    const backend = await createBackend({ dbPath: db, host: 'test' });
    const seg = backend.db.prepare('SELECT status, definition FROM segments WHERE id = ?').get(segmentId) as {
      status: string;
      definition: string;
    };
    await backend.close();
    expect(seg.status).toBe('live');
    expect(seg.definition).toContain(state === 'A' ? '"values":["A"]' : '"values":["B"]');
  });

  it.each(delays)('a refresh killed with SIGKILL after %i ms leaves membership wholly before or after', async (delay) => {
    const db = path.join(dir, `refresh-${delay}.db`);
    fs.copyFileSync(template, db);
    // Swap every contact's city, so the refresh has to replace all members.
    const w = openDatabase(db, { skipMigrations: true });
    const c = cityColumn(w);
    w.exec(`UPDATE ent_contact SET "${c}" = CASE rid % 2 WHEN 1 THEN 'B' ELSE 'A' END`);
    const contact = new CatalogRepo(w).entity('contact');
    if (!contact) throw new Error('no contact entity');
    w.transaction(() => refoldRecords(w, contact))();
    w.close();
    const out = await runAndKill(db, ['refresh', segmentId], delay);
    outcomes.push(`refresh ${delay}ms: ${out.includes('done') ? 'finished' : 'killed'}`);
    const { state, status, history } = membershipState(db);
    expect(['A', 'B']).toContain(state);
    expect(status).toBe('live');
    expect(history).toBe(true);
  });

  it('killed at least one run before it finished (the test exercised a real interruption)', () => {
    expect(outcomes.filter((o) => o.endsWith('killed')).length, outcomes.join('; ')).toBeGreaterThan(0);
  });
});

function cityColumn(db: ReturnType<typeof openDatabase>): string {
  return db.prepare(`SELECT column_name FROM catalog_fields WHERE entity = 'contact' AND name = 'address1_city'`).pluck().get() as string;
}
