/**
 * The app's window: opened where it was last (windowState.ts), titled by the open database, fed with
 * the open database's events and the files the OS handed over, zoomed as last time (zoom.ts), reloaded on a database switch, and its
 * bounds saved when it closes. Electron objects come in as parameters (structural types).
 */
import { IPC_EVENT_CHANNEL } from '../../shared/api/manifest.js';
import type { EventName } from '../../shared/api/contract.js';
import type { BrowserWindowConstructorOptions } from 'electron';
import { forwardOpenDatabaseEvents, type Databases } from './databases.js';
import { windowTitle } from './menu.js';
import type { OsFileRouter } from './osFiles.js';
import type { SettingsStore } from './settings.js';
import { restoreZoom, type ZoomableContents } from './zoom.js';
import { captureWindowState, restoreWindow, type DisplayLike, type StatefulWindow } from './windowState.js';

/** The parts of a BrowserWindow used here. */
export interface AppWindowLike extends StatefulWindow {
  readonly webContents: {
    send(channel: string, message: unknown): void;
    on(event: 'did-finish-load', listener: () => void): unknown;
    reload(): void;
  } & ZoomableContents;
  on(event: 'close' | 'closed', listener: () => void): unknown;
  on(event: 'page-title-updated', listener: (event: { preventDefault(): void }) => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  maximize(): void;
  setTitle(title: string): void;
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
}

export interface MainWindowOptions<W extends AppWindowLike> {
  /** `new BrowserWindow(options)`, hardened by the caller (window.ts). */
  create: (options: BrowserWindowConstructorOptions) => W;
  /** The secure options (window.ts secureWindowOptions). */
  baseOptions: BrowserWindowConstructorOptions;
  appUrl: string;
  displays: () => readonly DisplayLike[];
  databases: Databases;
  router: OsFileRouter;
  settings: SettingsStore;
  /** Called when the window has closed (the caller forgets it, rebuilds the menu). */
  onClosed: () => void;
}

/** Opens the window and wires it; returns it. */
export function openMainWindow<W extends AppWindowLike>(o: MainWindowOptions<W>): W {
  const restored = restoreWindow(o.settings.value.window, o.displays(), {
    width: o.baseOptions.width ?? 1280,
    height: o.baseOptions.height ?? 820,
  });
  const win = o.create({ ...o.baseOptions, ...restored.bounds });
  const send = (event: EventName, payload: unknown) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
  };
  const title = () => (o.databases.open ? windowTitle(o.databases.open.path) : 'Segment Studio');
  win.setTitle(title());
  // The page's <title> would replace the database name.
  win.on('page-title-updated', (event) => event.preventDefault());
  const stopForwarding = forwardOpenDatabaseEvents(o.databases, send);
  const stopFollowing = o.databases.onChange((open) => {
    if (!open || win.isDestroyed()) return;
    win.setTitle(title());
    // A fresh page: no cached data of the previous database survives.
    o.router.detach();
    win.webContents.reload();
  });
  // Files handed over before or while loading wait until the page can subscribe to them.
  win.webContents.on('did-finish-load', () => {
    // The remembered View ▸ Zoom level, on every load (a database switch reloads the page).
    restoreZoom(win.webContents, o.settings);
    o.router.attach((file) => send('app.fileOpened', file));
  });
  win.once('ready-to-show', () => {
    if (restored.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => o.settings.update((s) => ({ ...s, window: captureWindowState(win) })));
  win.on('closed', () => {
    stopForwarding();
    stopFollowing();
    o.router.detach();
    o.onClosed();
  });
  void win.loadURL(o.appUrl);
  return win;
}
