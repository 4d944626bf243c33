import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../backend/index.js';
import { DatabaseOpenError } from '../backend/db/openCheck.js';
import { lockDatabase } from './databaseLock.js';
import { Databases, type OpenDatabase } from './databases.js';
import { SettingsStore } from './settings.js';

let dir: string;
let dbs: Databases;
const logged: string[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-databases-'));
  logged.length = 0;
  dbs = makeDatabases();
});
afterEach(async () => {
  await dbs.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function makeDatabases() {
  const settings = new SettingsStore(path.join(dir, 'userData', 'settings.json'), (m) => logged.push(m));
  return new Databases({ createBackend: (dbPath) => createBackend({ dbPath, host: 'test' }), settings, log: (m) => logged.push(m) });
}

const at = (name: string) => path.join(dir, name);
async function segmentNames(): Promise<string[]> {
  const r = await dbs.dispatch('segments.list', {});
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { name: string }[]).map((s) => s.name);
}
async function createSegment(name: string) {
  const r = await dbs.dispatch('segments.create', { name, type: 'static' });
  if (!r.ok) throw new Error(r.error.message);
}

describe('several databases', () => {
  it('switches without restarting: each database keeps its own segments; recent list and last database persist', async () => {
    const changes: (string | undefined)[] = [];
    dbs.onChange((o?: OpenDatabase) => changes.push(o && path.basename(o.path)));
    await dbs.switchTo(at('a.db'));
    await createSegment('Only in A');
    await dbs.switchTo(at('b.db'));
    expect(await segmentNames()).toEqual([]);
    await dbs.switchTo(at('a.db'));
    expect(await segmentNames()).toEqual(['Only in A']);
    expect(changes).toEqual(['a.db', undefined, 'b.db', undefined, 'a.db']);
    // The next start reads the same settings file.
    await dbs.close();
    const next = makeDatabases();
    expect(next.startPath(at('default.db'))).toBe(at('a.db'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'userData', 'settings.json'), 'utf8')).recentDatabases).toEqual([
      at('a.db'),
      at('b.db'),
    ]);
  });

  it('creates a new database in a folder that does not exist yet', async () => {
    await dbs.switchTo(at('new folder/q4.db'));
    expect(fs.existsSync(at('new folder/q4.db'))).toBe(true);
  });

  it('reopening the open database changes nothing', async () => {
    const first = await dbs.switchTo(at('a.db'));
    expect((await dbs.switchTo(at('./a.db'))).backend).toBe(first.backend);
  });

  it('a file that cannot be opened leaves the current database open and the file out of the recent list', async () => {
    await dbs.switchTo(at('a.db'));
    await createSegment('Still here');
    fs.writeFileSync(at('notes.db'), 'not a database');
    await expect(dbs.switchTo(at('notes.db'))).rejects.toMatchObject({ problem: 'notSegmentStudio' });
    expect(dbs.open?.path).toBe(at('a.db'));
    expect(await segmentNames()).toEqual(['Still here']);
    expect(fs.readFileSync(at('notes.db'), 'utf8')).toBe('not a database');
  });

  it('the first start falls back to the default database', () => {
    expect(dbs.startPath(at('default.db'))).toBe(at('default.db'));
  });

  it('forgets one recent database or all of them', async () => {
    await dbs.switchTo(at('a.db'));
    await dbs.switchTo(at('b.db'));
    dbs.forgetRecent(at('a.db'));
    expect(new SettingsStore(path.join(dir, 'userData', 'settings.json'), () => {}).value.recentDatabases).toEqual([at('b.db')]);
    dbs.forgetRecent();
    expect(new SettingsStore(path.join(dir, 'userData', 'settings.json'), () => {}).value.recentDatabases).toEqual([]);
  });

  it('answers API calls with an error while no database is open, and closes idempotently', async () => {
    expect(await dbs.dispatch('segments.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    await dbs.switchTo(at('a.db'));
    await Promise.all([dbs.close(), dbs.close()]);
    expect(dbs.open).toBeUndefined();
    expect(fs.existsSync(at('a.db.lock'))).toBe(false);
  });
});

describe('database lock', () => {
  it('a database open in another instance (a live process) is refused as locked', async () => {
    const other = lockDatabase(at('shared.db'), { pid: process.ppid, host: os.hostname() });
    try {
      const err = await dbs.switchTo(at('shared.db')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseOpenError);
      expect(err).toMatchObject({ problem: 'locked', message: expect.stringContaining(`process ${process.ppid}`) });
      expect(lockDatabase.bind(null, at('shared.db'), { pid: 1, host: 'other-pc' })).toThrow(/the computer/);
    } finally {
      other.release();
    }
    await dbs.switchTo(at('shared.db'));
    expect(dbs.open?.path).toBe(at('shared.db'));
  });

  it('a lock left by a crashed instance (its process is gone) is taken over', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    fs.writeFileSync(at('crashed.db.lock'), JSON.stringify({ pid: gone, host: os.hostname() }));
    await dbs.switchTo(at('crashed.db'));
    expect(JSON.parse(fs.readFileSync(at('crashed.db.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
  });
});
