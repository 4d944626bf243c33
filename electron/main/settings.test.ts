import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, MAX_RECENT, saveSettings, SettingsStore, withRecent, type Settings } from './settings.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-settings-'));
  file = path.join(dir, 'settings.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sample: Settings = {
  version: 1,
  recentDatabases: ['/data/a.db', '/data/b.db'],
  lastDatabase: '/data/a.db',
  window: { x: 10, y: 20, width: 1200, height: 800, maximized: true },
  zoomLevel: 1.5,
};

describe('settings file', () => {
  it('round-trips through an atomic save, leaving no temp file', () => {
    saveSettings(file, sample);
    expect(loadSettings(file, () => {})).toEqual(sample);
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('a missing file gives the defaults without a log line', () => {
    const logged: string[] = [];
    expect(loadSettings(file, (m) => logged.push(m))).toEqual(DEFAULT_SETTINGS);
    expect(logged).toEqual([]);
  });

  it.each([
    ['not JSON', '{"version":1,"recentDat', /is not JSON/],
    ['foreign JSON', '{"theme":"dark"}', /not a Segment Studio settings file \(version: .*recentDatabases/],
    ['a relative recent path', '{"version":1,"recentDatabases":["crm.db"]}', /recentDatabases\.0: An absolute path/],
    ['a newer version', '{"version":2,"recentDatabases":[]}', /version:/],
    ['an array', '[]', /\(root\)/],
    ["a zoom level beyond Chromium's range", '{"version":1,"recentDatabases":[],"zoomLevel":12}', /zoomLevel: /],
    ['a zoom level that is not a number', '{"version":1,"recentDatabases":[],"zoomLevel":"150%"}', /zoomLevel: /],
  ])('%s is ignored with one log line naming the file and why', (_name, text, why) => {
    fs.writeFileSync(file, text);
    const logged: string[] = [];
    expect(loadSettings(file, (m) => logged.push(m))).toEqual(DEFAULT_SETTINGS);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(file);
    expect(logged[0]).toMatch(why);
  });

  it('refuses to save invalid settings and keeps the old file', () => {
    saveSettings(file, sample);
    expect(() => saveSettings(file, { ...sample, recentDatabases: ['relative.db'] })).toThrow(/absolute path/);
    expect(loadSettings(file, () => {})).toEqual(sample);
  });

  it('the store saves every change and replaces a corrupt file on the first one', () => {
    fs.writeFileSync(file, 'garbage');
    const logged: string[] = [];
    const store = new SettingsStore(file, (m) => logged.push(m));
    expect(store.value).toEqual(DEFAULT_SETTINGS);
    store.update((s) => ({ ...s, recentDatabases: withRecent(s.recentDatabases, '/x/one.db'), lastDatabase: '/x/one.db' }));
    expect(new SettingsStore(file, () => {}).value).toEqual({ version: 1, recentDatabases: ['/x/one.db'], lastDatabase: '/x/one.db' });
    expect(logged).toHaveLength(1);
  });

  it('a failed save is logged, not thrown', () => {
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    const logged: string[] = [];
    const store = new SettingsStore(path.join(blocked, 'settings.json'), (m) => logged.push(m));
    expect(() => store.update((s) => ({ ...s, lastDatabase: '/x.db' }))).not.toThrow();
    expect(store.value.lastDatabase).toBe('/x.db');
    expect(logged.join('\n')).toMatch(/could not be saved/);
  });
});

describe('recent databases', () => {
  it('moves a reopened database to the front without duplicates', () => {
    expect(withRecent(['/a.db', '/b.db', '/c.db'], '/b.db')).toEqual(['/b.db', '/a.db', '/c.db']);
    expect(withRecent([], '/x/../a.db')).toEqual(['/a.db']);
  });

  it(`keeps at most ${MAX_RECENT}, dropping the oldest`, () => {
    let recent: string[] = [];
    for (let i = 0; i < MAX_RECENT + 3; i++) recent = withRecent(recent, `/db${i}.db`);
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent[0]).toBe(`/db${MAX_RECENT + 2}.db`);
    expect(recent).not.toContain('/db2.db');
  });
});
