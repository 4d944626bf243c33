import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../backend/index.js';
import { openDatabase } from '../backend/db/connection.js';
import { DatabaseOpenError } from '../backend/db/openCheck.js';
import { SCHEMA_VERSION } from '../backend/db/migrations/index.js';
import { lockDatabase } from './databaseLock.js';
import { Databases } from './databases.js';
import { SettingsStore } from './settings.js';
import { failureBox, openWithRecovery, type FailureBoxOptions, type RecoveryDialogs } from './startFailure.js';

let dir: string;
let dbs: Databases;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-startfail-'));
  const settings = new SettingsStore(path.join(dir, 'settings.json'), () => {});
  dbs = new Databases({ createBackend: (dbPath) => createBackend({ dbPath, host: 'test' }), settings, log: () => {} });
});
afterEach(async () => {
  await dbs.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const at = (name: string) => path.join(dir, name);

/** Dialogs answering from scripts: message box responses (button index), and picked files. */
function scriptedDialogs(responses: number[], existing: (string | null)[] = [], created: (string | null)[] = []) {
  const shown: FailureBoxOptions[] = [];
  const dialogs: RecoveryDialogs = {
    showMessageBox: async (options) => {
      shown.push(options);
      const response = responses.shift();
      if (response === undefined) throw new Error('the test gave no answer for this dialog');
      return { response };
    },
    pickExisting: async () => existing.shift() ?? null,
    pickNew: async () => created.shift() ?? null,
  };
  return { dialogs, shown };
}

const newer = () => {
  const db = openDatabase(at('newer.db'));
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  return at('newer.db');
};
const foreign = () => {
  fs.writeFileSync(at('photo.db'), Buffer.from('\x89PNG\r\n\x1a\n-not-sqlite', 'latin1'));
  return at('photo.db');
};
const damaged = () => {
  openDatabase(at('damaged.db')).close();
  const b = fs.readFileSync(at('damaged.db'));
  b.fill(0x5a, 100, 4096);
  fs.writeFileSync(at('damaged.db'), b);
  return at('damaged.db');
};

describe('start failures', () => {
  it.each([
    ['from a newer version', newer, /was made by a newer version/, /Update Segment Studio/],
    ['not a Segment Studio database', foreign, /is not a Segment Studio database/, /Choose a database made by Segment Studio/],
    ['damaged', damaged, /is damaged/, /backup/],
  ])('%s: the dialog says so and offers open another / create new / quit; Quit gives up', async (_name, make, headline, advice) => {
    const file = make();
    const s = scriptedDialogs([2]);
    expect(await openWithRecovery(file, { databases: dbs, dialogs: s.dialogs, atStart: true, log: () => {} })).toBe(false);
    expect(s.shown).toHaveLength(1);
    expect(s.shown[0]).toMatchObject({ type: 'error', buttons: ['Open Another Database…', 'Create New Database…', 'Quit'], cancelId: 2 });
    expect(s.shown[0]?.message).toMatch(headline);
    expect(s.shown[0]?.message).toContain(path.basename(file));
    expect(s.shown[0]?.detail).toMatch(advice);
    expect(dbs.open).toBeUndefined();
  });

  it('locked by another instance: Create New opens a fresh database', async () => {
    const other = lockDatabase(at('team.db'), { pid: process.ppid, host: os.hostname() });
    try {
      const s = scriptedDialogs([1], [], [at('fresh.db')]);
      expect(await openWithRecovery(at('team.db'), { databases: dbs, dialogs: s.dialogs, atStart: true, log: () => {} })).toBe(true);
      expect(s.shown[0]?.message).toMatch(/“team\.db” is open in another Segment Studio/);
      expect(dbs.open?.path).toBe(at('fresh.db'));
    } finally {
      other.release();
    }
  });

  it('Open Another, cancelled, asks again; then another bad file asks again; then a good one opens', async () => {
    const good = at('good.db');
    openDatabase(good).close();
    const s = scriptedDialogs([0, 0, 0], [null, foreign(), good]);
    const log: string[] = [];
    expect(await openWithRecovery(newer(), { databases: dbs, dialogs: s.dialogs, atStart: true, log: (m) => log.push(m) })).toBe(true);
    expect(s.shown.map((b) => b.message)).toEqual([
      expect.stringMatching(/newer\.db/),
      expect.stringMatching(/newer\.db/),
      expect.stringMatching(/photo\.db/),
    ]);
    expect(dbs.open?.path).toBe(good);
    expect(log).toHaveLength(2);
  });

  it('a dialog that fails ends the recovery (quit) instead of rejecting', async () => {
    const s = scriptedDialogs([]);
    await expect(openWithRecovery(foreign(), { databases: dbs, dialogs: s.dialogs, atStart: true, log: () => {} })).resolves.toBe(false);
  });

  it('when switching, the last button keeps the current database', async () => {
    await dbs.switchTo(at('current.db'));
    const s = scriptedDialogs([2]);
    expect(await openWithRecovery(foreign(), { databases: dbs, dialogs: s.dialogs, atStart: false, log: () => {} })).toBe(false);
    expect(s.shown[0]?.buttons[2]).toBe('Cancel');
    expect(dbs.open?.path).toBe(at('current.db'));
  });

  it('every problem has its own headline', () => {
    const problems = ['locked', 'notSegmentStudio', 'corrupt', 'newerVersion', 'unreadable'] as const;
    const boxes = problems.map((p) => failureBox(new DatabaseOpenError(p, '/d/x.db', 'why'), true));
    expect(new Set(boxes.map((b) => b.message)).size).toBe(problems.length);
    expect(new Set(boxes.map((b) => b.detail)).size).toBe(problems.length);
  });
});
