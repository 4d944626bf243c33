/**
 * The wiring of index.ts, run with fakes of the Electron modules (vi.mock: the binary does not exist
 * here) over the real backend on a temp userData folder: start, window, menu, a file from a second
 * launch, quit closing the database.
 */
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL } from '../../shared/api/manifest.js';

const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-main-'));
afterAll(() => fs.rmSync(userData, { recursive: true, force: true }));

const fakes = vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const windows: FakeWindow[] = [];
  let menuTemplate: unknown[] = [];
  let quits = 0;
  class FakeContents extends Emitter {
    sent: [string, unknown][] = [];
    send(channel: string, message: unknown) {
      this.sent.push([channel, message]);
    }
    zoomLevel = 0;
    setWindowOpenHandler() {}
    reload() {}
    getZoomLevel() {
      return this.zoomLevel;
    }
    setZoomLevel(level: number) {
      this.zoomLevel = level;
    }
  }
  class FakeWindow extends Emitter {
    webContents = new FakeContents();
    title = '';
    shown = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    setTitle(t: string) {
      this.title = t;
    }
    show() {
      this.shown = true;
    }
    maximize() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    setRepresentedFilename() {}
    async loadURL() {
      queueMicrotask(() => {
        this.webContents.emit('did-finish-load');
        this.emit('ready-to-show');
      });
    }
    getNormalBounds() {
      return { x: 10, y: 10, width: 1200, height: 800 };
    }
    isMaximized() {
      return false;
    }
    isFullScreen() {
      return false;
    }
    static fromWebContents() {
      return windows[0] ?? null;
    }
  }
  const app = Object.assign(new Emitter(), {
    name: 'Segment Studio',
    isPackaged: true,
    ready: false,
    // userData, documents: one temp folder (set by the test before index.ts is imported).
    getPath: () => process.env.SS_TEST_USERDATA ?? '',
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve().then(() => void (app.ready = true)),
    isReady: () => app.ready,
    getVersion: () => '0.1.0',
    setAboutPanelOptions: () => {},
    addRecentDocument: () => {},
    clearRecentDocuments: () => {},
    quit: () => {
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) quits++;
    },
  });
  const handled = new Set<string>();
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: {
      showMessageBox: async () => ({ response: 2 }),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
      showErrorBox: () => {},
    },
    ipcMain: {
      handle: (c: string) => handled.add(c),
      removeHandler: (c: string) => handled.delete(c),
      on: (c: string) => handled.add(c),
      removeListener: () => {},
    },
    Menu: { buildFromTemplate: (t: unknown[]) => t, setApplicationMenu: (t: unknown[]) => void (menuTemplate = t) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => {} },
        setPermissionRequestHandler: () => {},
        setPermissionCheckHandler: () => {},
        setDevicePermissionHandler: () => {},
      },
    },
    shell: { openExternal: async () => {}, openPath: async () => '' },
    // No OS keyring in the test: the warehouse password store refuses to save and reads the environment.
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
  };
  return { electron, windows, handled, menu: () => menuTemplate, quits: () => quits };
});

vi.mock('electron', async () => {
  const { electron } = await fakes;
  return { ...electron, default: electron };
});
vi.mock('electron-log/main', async () => {
  const log = (await import('electron-log/node')).default;
  return { default: log };
});

describe('main wiring (fakes of the Electron modules, real backend)', () => {
  it('starts on the default database, routes a second launch’s file to the page and closes the database on quit', async () => {
    const fake = await fakes;
    process.env.SS_TEST_USERDATA = userData;
    const segmentFile = path.join(userData, 'vips.segment.json');
    fs.writeFileSync(segmentFile, '{}');
    await import('./index.js');
    const { app } = fake.electron;
    await vi.waitUntil(() => fake.windows[0]?.shown === true, { timeout: 30_000 });
    const win = fake.windows[0]!;
    expect(win.title).toBe('segment-studio — Segment Studio');
    expect(fake.handled.has('segments.list')).toBe(true);
    expect(fake.handled.has('drop:files')).toBe(true);
    // security.ts guards every webContents the app will create.
    expect((app as EventEmitter).listenerCount('web-contents-created')).toBe(1);
    expect((fake.menu() as { label?: string }[]).map((m) => m.label)).toContain('&File');

    (app as EventEmitter).emit('second-instance', {}, ['/opt/segment-studio', '--flag', 'vips.segment.json'], userData);
    expect(win.webContents.sent).toContainEqual([
      IPC_EVENT_CHANNEL,
      { event: 'app.fileOpened', payload: { kind: 'segmentFile', path: segmentFile, via: 'os' } },
    ]);

    app.quit();
    expect(fake.quits()).toBe(0);
    await vi.waitUntil(() => fake.quits() === 1, { timeout: 30_000 });
    expect(fs.existsSync(path.join(userData, 'segment-studio.db.lock'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'settings.json'), 'utf8'))).toMatchObject({
      lastDatabase: path.join(userData, 'segment-studio.db'),
    });
  }, 60_000);
});
