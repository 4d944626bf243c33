import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { IPC_EVENT_CHANNEL } from '../../shared/api/manifest.js';
import { createBackend } from '../backend/index.js';
import { ChosenPaths } from './chosenPaths.js';
import { Databases } from './databases.js';
import { openMainWindow, type AppWindowLike } from './mainWindow.js';
import { runMenuAction, type MenuActionDeps } from './menuActions.js';
import { OsFileRouter } from './osFiles.js';
import { SettingsStore } from './settings.js';
import { zoomWindow } from './zoom.js';

let dir: string;
let dbs: Databases;
let settings: SettingsStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-window-'));
  settings = new SettingsStore(path.join(dir, 'settings.json'), () => {});
  dbs = new Databases({ createBackend: (dbPath) => createBackend({ dbPath, host: 'test' }), settings, log: () => {} });
});
afterEach(async () => {
  await dbs.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const at = (name: string) => path.join(dir, name);

/** A stand-in BrowserWindow recording what main does to it; `fire` plays Electron's events. */
function fakeWindow(options: BrowserWindowConstructorOptions) {
  const handlers = new Map<string, ((e: { preventDefault(): void }) => void)[]>();
  const add = (event: string, l: (e: { preventDefault(): void }) => void) => handlers.set(event, [...(handlers.get(event) ?? []), l]);
  const record = {
    options,
    sent: [] as [string, unknown][],
    titles: [] as string[],
    reloads: 0,
    shown: false,
    maximized: false,
    loaded: '',
    destroyed: false,
    zoomLevel: 0,
  };
  const win: AppWindowLike = {
    webContents: {
      send: (channel, message) => record.sent.push([channel, message]),
      on: (event, l) => add(`wc:${event}`, l),
      reload: () => record.reloads++,
      getZoomLevel: () => record.zoomLevel,
      setZoomLevel: (l) => void (record.zoomLevel = l),
    },
    on: (event: string, l: (e: { preventDefault(): void }) => void) => add(event, l),
    once: (event, l) => add(event, l),
    show: () => (record.shown = true),
    maximize: () => (record.maximized = true),
    setTitle: (t) => record.titles.push(t),
    isDestroyed: () => record.destroyed,
    loadURL: async (url) => void (record.loaded = url),
    getNormalBounds: () => ({ x: 40, y: 50, width: 1000, height: 700 }),
    isMaximized: () => false,
    isFullScreen: () => false,
  };
  const fire = (event: string) => {
    let prevented = false;
    for (const l of handlers.get(event) ?? []) l({ preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { win, record, fire };
}

function open(router = new OsFileRouter({ trust: () => {}, log: () => {} })) {
  let fake: ReturnType<typeof fakeWindow> | undefined;
  let closed = false;
  openMainWindow({
    create: (options) => (fake = fakeWindow(options)).win,
    baseOptions: { width: 1280, height: 820, show: false },
    appUrl: 'file:///app/dist/index.html',
    displays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    databases: dbs,
    router,
    settings,
    onClosed: () => (closed = true),
  });
  if (!fake) throw new Error('no window was created');
  return { ...fake, closed: () => closed };
}

const events = (sent: [string, unknown][]) => sent.filter(([c]) => c === IPC_EVENT_CHANNEL).map(([, m]) => (m as { event: string }).event);

describe('main window', () => {
  it('is titled by the database, keeps that title, and reloads on a switch with the new title', async () => {
    await dbs.switchTo(at('Q3 campaign.db'));
    const w = open();
    expect(w.record.titles).toEqual(['Q3 campaign — Segment Studio']);
    expect(w.fire('page-title-updated')).toBe(true);
    await dbs.switchTo(at('crm.db'));
    expect(w.record.titles.at(-1)).toBe('crm — Segment Studio');
    expect(w.record.reloads).toBe(1);
  });

  it('forwards the events of whichever database is open', async () => {
    await dbs.switchTo(at('a.db'));
    const w = open();
    await dbs.dispatch('segments.create', { name: 'In A', type: 'static' });
    await dbs.switchTo(at('b.db'));
    await dbs.dispatch('segments.create', { name: 'In B', type: 'static' });
    expect(events(w.record.sent).filter((e) => e === 'segment.changed')).toHaveLength(2);
  });

  it('delivers files handed over before the page loaded once it has loaded', async () => {
    await dbs.switchTo(at('a.db'));
    const file = at('vips.segment.json');
    fs.writeFileSync(file, '{}');
    const chosen = new ChosenPaths();
    const router = new OsFileRouter({ trust: (p) => chosen.add('read', p), log: () => {} });
    router.open(file, 'os');
    const w = open(router);
    expect(events(w.record.sent)).toEqual([]);
    w.fire('wc:did-finish-load');
    expect(w.record.sent).toEqual([
      [IPC_EVENT_CHANNEL, { event: 'app.fileOpened', payload: { kind: 'segmentFile', path: file, via: 'os' } }],
    ]);
  });

  it('opens where it was (maximised) and saves its bounds when closed', async () => {
    settings.update((s) => ({ ...s, window: { x: 100, y: 80, width: 1100, height: 760, maximized: true } }));
    await dbs.switchTo(at('a.db'));
    const w = open();
    expect(w.record.options).toMatchObject({ x: 100, y: 80, width: 1100, height: 760, show: false });
    w.fire('ready-to-show');
    expect(w.record).toMatchObject({ shown: true, maximized: true });
    w.fire('close');
    w.fire('closed');
    expect(new SettingsStore(path.join(dir, 'settings.json'), () => {}).value.window).toEqual({
      x: 40,
      y: 50,
      width: 1000,
      height: 700,
      maximized: false,
    });
    expect(w.closed()).toBe(true);
  });

  it('puts the remembered zoom back on every load, and View ▸ Zoom changes and remembers it', async () => {
    settings.update((s) => ({ ...s, zoomLevel: 1 }));
    await dbs.switchTo(at('a.db'));
    const w = open();
    w.fire('wc:did-finish-load');
    expect(w.record.zoomLevel).toBe(1);
    await runMenuAction(
      { type: 'zoom', direction: 'in' },
      {
        databases: dbs,
        dialogs: { showMessageBox: async () => ({ response: 2 }), pickExisting: async () => null, pickNew: async () => null },
        sendToWindow: undefined,
        openExternal: async () => {},
        showFolder: async () => '',
        docsUrl: undefined,
        logsDir: at('logs'),
        clearRecentDocuments: () => {},
        zoom: (direction) => void zoomWindow(w.win.webContents, direction, settings),
        log: () => {},
      },
    );
    expect(w.record.zoomLevel).toBe(1.5);
    // A database switch reloads the page, which Chromium would show at its own default: ours comes back.
    w.record.zoomLevel = 0;
    w.fire('wc:did-finish-load');
    expect(w.record.zoomLevel).toBe(1.5);
    expect(new SettingsStore(path.join(dir, 'settings.json'), () => {}).value.zoomLevel).toBe(1.5);
  });
});

describe('menu actions', () => {
  function deps(over: Partial<MenuActionDeps> = {}) {
    const sent: [string, unknown][] = [];
    const log: string[] = [];
    const d: MenuActionDeps = {
      databases: dbs,
      dialogs: {
        showMessageBox: async () => ({ response: 2 }),
        pickExisting: async () => at('picked.db'),
        pickNew: async () => at('new.db'),
      },
      sendToWindow: (c, m) => sent.push([c, m]),
      openExternal: async () => {},
      showFolder: async () => '',
      docsUrl: undefined,
      logsDir: at('logs'),
      clearRecentDocuments: () => {},
      zoom: undefined,
      log: (m) => log.push(m),
      ...over,
    };
    return { d, sent, log };
  }

  it('page commands reach the window as app.commandInvoked', async () => {
    const { d, sent } = deps();
    await runMenuAction({ type: 'command', command: 'importSegmentFile' }, d);
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { event: 'app.commandInvoked', payload: { command: 'importSegmentFile' } }]]);
  });

  it('New Database and Open Database switch to the picked file; Clear empties the recent list', async () => {
    const { d } = deps();
    await runMenuAction({ type: 'newDatabase' }, d);
    expect(dbs.open?.path).toBe(at('new.db'));
    await runMenuAction({ type: 'openDatabase' }, d);
    expect(dbs.open?.path).toBe(at('picked.db'));
    expect(dbs.recent).toEqual([at('picked.db'), at('new.db')]);
    await runMenuAction({ type: 'clearRecent' }, d);
    expect(dbs.recent).toEqual([]);
  });

  it('a recent database that is gone now (not ours any more) shows the failure dialog and keeps the current one', async () => {
    await dbs.switchTo(at('current.db'));
    fs.writeFileSync(at('stale.db'), 'replaced by something else');
    let asked = 0;
    const { d } = deps({
      dialogs: { showMessageBox: async () => (asked++, { response: 2 }), pickExisting: async () => null, pickNew: async () => null },
    });
    await runMenuAction({ type: 'openRecent', path: at('stale.db') }, d);
    expect(asked).toBe(1);
    expect(dbs.open?.path).toBe(at('current.db'));
  });

  it('a failing action is logged, not thrown', async () => {
    const { d, log } = deps({ showFolder: () => Promise.reject(new Error('no file manager')) });
    await expect(runMenuAction({ type: 'showLogs' }, d)).resolves.toBeUndefined();
    expect(log.join()).toMatch(/no file manager/);
  });
});
