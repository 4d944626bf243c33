/**
 * Column and log snapshots (docs/performance.md, "Column snapshots") through real worker threads on a
 * real database file: a restarted worker loads its columns and logs from the files and answers like
 * the reference evaluator; changed data reaches the running worker and the next start; appended rows
 * extend cached logs without a reload; torn, corrupted and stale files are refused and rebuilt.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { EvaluatorHost } from '../../electron/backend/evaluator/host.js';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
import { insertRecords } from '../../electron/backend/values/storedValue.js';
import { loadDataset } from '../../electron/backend/segments/loadDataset.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { loadSnapshotFixtures, SNAPSHOT_DEFS } from './columnSnapshotDefs.js';

const fx = (name: string): string => path.resolve(__dirname, '../fixtures/csv', name);
const NOW = Date.parse('2025-06-01T00:00:00Z');

let dir: string;
let dbPath: string;
let snapDir: string;
let backend: Backend;

async function load(opts: ImportOptions): Promise<void> {
  const r = await backend.dispatch('imports.start', opts);
  if (!r.ok) throw new Error(r.error.message);
  await backend.services.imports.wait((r.value as { id: string }).id);
}

/** A worker with snapshots on, told about every committed change as the app's own evaluator is. */
function startWorker(): { host: EvaluatorHost; stop: () => Promise<void> } {
  const host = new EvaluatorHost({ dbPath, snapshots: true });
  const unsubscribe = backend.dataChanges.subscribe((c) => host.notifyDataChanged(c));
  return {
    host,
    stop: async () => {
      unsubscribe();
      await host.flushSnapshots();
      await host.close();
    },
  };
}

/** Every definition on `host` equals the reference evaluator over the data as stored now. */
async function expectAllMatch(host: EvaluatorHost): Promise<void> {
  const data = loadDataset(backend.db);
  for (const [name, def] of Object.entries(SNAPSHOT_DEFS)) {
    const want = evaluateDefinition(def, data, { now: NOW, timeZone: 'UTC' });
    const got = await host.estimate({ definition: def, timeZone: 'UTC', now: NOW }, name);
    expect({ name, path: got.path, total: got.total, blockCounts: got.blockCounts }).toEqual({
      name,
      path: 'columnar',
      total: want.members.size,
      blockCounts: want.blockCounts,
    });
  }
}

const loadsOf = async (host: EvaluatorHost): Promise<string[]> => (await host.cacheStats()).loads.map((l) => l.what);
const rejectedOf = async (host: EvaluatorHost): Promise<{ file: string; reason?: string }[]> =>
  ((await host.cacheStats()).snapshots ?? []).filter((e) => e.what === 'rejected');
const files = (): string[] => (fs.existsSync(snapDir) ? fs.readdirSync(snapDir).sort() : []);
const fileLike = (re: RegExp): string => {
  const f = files().find((n) => re.test(n));
  if (!f) throw new Error(`no snapshot file like ${re} in ${files().join(', ')}`);
  return path.join(snapDir, f);
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-snap-'));
  dbPath = path.join(dir, 'data.db');
  snapDir = `${dbPath}.columns`;
  backend = await createBackend({ dbPath, host: 'test' });
  await loadSnapshotFixtures(backend);
});

afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('column snapshots', () => {
  let staleCopy = '';
  let staleCopyOf = '';

  it('a first worker writes them; a restarted worker loads everything from them and answers like the reference', async () => {
    const first = startWorker();
    await expectAllMatch(first.host);
    await first.stop();
    expect(files().some((f) => f.startsWith('log-'))).toBe(true);
    expect(files()).toContain('ent-ent_contact.rid.snap');
    expect(files().filter((f) => f.startsWith('ent-ent_contact.col-')).length).toBeGreaterThanOrEqual(2);
    expect(files().some((f) => f.includes('.tmp-'))).toBe(false);

    const second = startWorker();
    await expectAllMatch(second.host);
    const loads = await loadsOf(second.host);
    expect(loads.length).toBeGreaterThan(0);
    expect(loads.filter((l) => !l.includes('(snapshot +0)'))).toEqual([]);
    expect(await rejectedOf(second.host)).toEqual([]);
    await second.stop();
  });

  it('changed data reaches the running worker, and the next start rebuilds what the change made stale', async () => {
    const city = fileLike(/^ent-ent_contact\.col-c_address1_city/);
    staleCopyOf = city;
    staleCopy = path.join(dir, 'city-before-update.snap');
    fs.copyFileSync(city, staleCopy);

    const running = startWorker();
    await expectAllMatch(running.host);
    const rid = backend.db.prepare("SELECT rid FROM ent_contact WHERE key = 'C1'").pluck().get() as number;
    const r = await backend.dispatch('contacts.update', { rid, values: { address1_city: 'Seattle', lifetimevalue: 5 } });
    expect(r.ok).toBe(true);
    const csv = path.join(dir, 'more.csv');
    fs.writeFileSync(
      csv,
      [
        'interactionid,interactiontype,contactid,timestamp',
        'N1,EmailOpened,C2,2025-02-01T09:00:00Z',
        'N2,EmailOpened,C2,2025-02-02T09:00:00Z',
        'N3,EmailSent,C3,2025-02-03T09:00:00Z',
      ].join('\n'),
    );
    await load({ kind: 'interactions', path: csv });
    await expectAllMatch(running.host);
    await running.stop();

    const next = startWorker();
    await expectAllMatch(next.host);
    const loads = await loadsOf(next.host);
    // The update replaced the contact table's generation: its columns were read from the table again.
    const stale = (await rejectedOf(next.host)).filter((e) => e.file.startsWith('ent-ent_contact.')).map((e) => e.reason);
    expect(stale).toEqual(expect.arrayContaining([expect.stringMatching(/^stale: generation/)]));
    expect(loads).toContain('contact.rid');
    // The new interactions were appended: the logs came from their files plus the rows after them.
    expect(loads.some((l) => /^interactions\.EmailOpened \(snapshot \+2\)$/.test(l))).toBe(true);
    await next.stop();

    const again = startWorker();
    await expectAllMatch(again.host);
    expect((await loadsOf(again.host)).filter((l) => !l.includes('(snapshot +0)'))).toEqual([]);
    await again.stop();
  });

  it('rows appended by an import extend the cached logs and the rid set; nothing is read again', async () => {
    const running = startWorker();
    await expectAllMatch(running.host);
    const before = (await loadsOf(running.host)).length;
    const other = openDatabase(dbPath, { skipMigrations: true });
    try {
      const cityField = new CatalogRepo(other).field('contact', 'address1_city');
      if (!cityField) throw new Error('no address1_city field');
      insertRecords(other, 'ent_contact', [cityField], [{ key: 'X1', values: ['Seattle'] }]);
      const x1 = other.prepare("SELECT rid FROM ent_contact WHERE key = 'X1'").pluck().get() as number;
      const sent = other.prepare("SELECT id FROM interaction_types WHERE name = 'EmailSent'").pluck().get() as number;
      const add = other.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');
      // Not in time order: the catch-up sorts what it reads.
      for (const ts of [NOW - 1000, NOW - 3000, NOW - 2000]) add.run(sent, x1, ts);
      other
        .prepare('INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) VALUES (?, ?, 3, ?, ?)')
        .run(x1, sent, NOW - 3000, NOW - 1000);
    } finally {
      other.close();
    }
    // What the import service reports after a big batch.
    running.host.notifyDataChanged({ kind: 'interactions', types: ['EmailSent'], contactRids: 'many' });
    running.host.notifyDataChanged({ kind: 'profile', entity: 'contact', fields: ['address1_city'], rids: 'many' });
    await expectAllMatch(running.host);
    const after = (await loadsOf(running.host)).slice(before);
    expect(after).toContain('interactions.EmailSent (+3 appended)');
    expect(after.filter((l) => l.startsWith('interactions.') && !l.endsWith('appended)'))).toEqual([]);
    // The contact columns were dropped by 'many' and came back from their files plus the new row.
    expect(after).toContain('contact.rid (snapshot +1)');
    expect(after.filter((l) => l.startsWith('contact.') && !l.includes('(snapshot +1)'))).toEqual([]);
    await running.stop();

    const next = startWorker();
    await expectAllMatch(next.host);
    expect((await loadsOf(next.host)).filter((l) => !l.includes('(snapshot +0)'))).toEqual([]);
    await next.stop();
  });

  it('torn, corrupted and stale files are refused, rebuilt from the database, and give the reference members', async () => {
    const log = fileLike(/^log-/);
    fs.truncateSync(log, Math.floor(fs.statSync(log).size / 2));
    const rid = fileLike(/^ent-ent_contact\.rid/);
    const bytes = fs.readFileSync(rid);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    fs.writeFileSync(rid, bytes);
    fs.copyFileSync(staleCopy, staleCopyOf); // whole and checksummed, but from before the update
    fs.writeFileSync(fileLike(/^ent-ent_account\.rid/), 'not a snapshot');

    const next = startWorker();
    await expectAllMatch(next.host);
    const reasons = (await rejectedOf(next.host)).map((e) => e.reason ?? '');
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^torn/),
        expect.stringMatching(/^checksum mismatch/),
        expect.stringMatching(/^stale: generation/),
        expect.stringMatching(/^truncated|bad magic/),
      ]),
    );
    await next.stop();

    const again = startWorker();
    await expectAllMatch(again.host);
    expect(await rejectedOf(again.host)).toEqual([]);
    expect((await loadsOf(again.host)).filter((l) => !l.includes('(snapshot +0)'))).toEqual([]);
    await again.stop();
  });

  it('a file from another database at the same path is refused', async () => {
    const other = path.join(dir, 'other.db');
    const b2 = await createBackend({ dbPath: other, host: 'test' });
    try {
      for (const opts of [
        { kind: 'entity', entity: 'account', path: fx('accounts.csv'), key: 'accountid', columns: { industry: { type: 'choice' } } },
        { kind: 'entity', entity: 'contact', path: fx('contacts.csv'), key: 'contactid', lookups: { parentcustomerid: 'account' } },
      ] satisfies ImportOptions[]) {
        const r = await b2.dispatch('imports.start', opts);
        if (!r.ok) throw new Error(r.error.message);
        await b2.services.imports.wait((r.value as { id: string }).id);
      }
    } finally {
      await b2.close();
    }
    // The account rid set of that database, dropped into ours: same table name, same rids, same generation history.
    const h = new EvaluatorHost({ dbPath: other, snapshots: true });
    await h.estimate({ definition: SNAPSHOT_DEFS.retailAccount as SegmentDefinition, timeZone: 'UTC', now: NOW });
    await h.flushSnapshots();
    await h.close();
    fs.copyFileSync(path.join(`${other}.columns`, 'ent-ent_account.rid.snap'), fileLike(/^ent-ent_account\.rid/));
    const next = startWorker();
    await expectAllMatch(next.host);
    expect((await rejectedOf(next.host)).map((e) => e.reason)).toContain('from another database');
    await next.stop();
  });
});
