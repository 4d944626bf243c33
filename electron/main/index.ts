/**
 * Electron entry: app lifecycle only. Logic lives in ipc.ts and window.ts, which take electron
 * objects as parameters; this is the one main-process file that requires 'electron' at run time.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { createBackend, type Backend } from '../backend/index.js';
import { ChosenPaths } from './chosenPaths.js';
import { registerDialogHandlers } from './dialogs.js';
import { appSenderCheck, forwardEvents, registerIpcHandlers } from './ipc.js';
import { installSecurityGuards } from './security.js';
import { hardenWebContents, secureWindowOptions } from './window.js';

// dist-electron/electron/main/index.js → dist/index.html (the Vite build).
const indexHtml = path.join(__dirname, '..', '..', '..', 'dist', 'index.html');
const appUrl = pathToFileURL(indexHtml).href;
const preloadPath = path.join(__dirname, '..', 'preload', 'index.js');

let backend: Backend | undefined;
let mainWindow: BrowserWindow | undefined;

function createWindow(b: Backend): void {
  const win = new BrowserWindow(secureWindowOptions(preloadPath));
  mainWindow = win;
  hardenWebContents(win.webContents, appUrl);
  const stopForwarding = forwardEvents(b.events, (channel, message) => {
    if (!win.isDestroyed()) win.webContents.send(channel, message);
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    stopForwarding();
    mainWindow = undefined;
  });
  void win.loadURL(appUrl);
}

async function start(): Promise<void> {
  const dbPath = path.join(app.getPath('userData'), 'segment-studio.db');
  backend = await createBackend({ dbPath, host: 'electron', seedDemo: true, log: (err) => console.error(err) });
  installSecurityGuards(app, session.defaultSession, appUrl);
  // Paths the user picked in a dialog this session: the only ones the renderer may pass to the API.
  const chosen = new ChosenPaths();
  const isTrustedSender = appSenderCheck(appUrl);
  registerIpcHandlers(ipcMain, backend.dispatch, isTrustedSender, chosen);
  registerDialogHandlers<IpcMainInvokeEvent, BrowserWindow>(ipcMain, {
    dialog,
    windowOf: (event) => BrowserWindow.fromWebContents(event.sender),
    isTrustedSender,
    chosen,
    defaultDir: app.getPath('documents'),
  });
  createWindow(backend);
  app.on('activate', () => {
    if (!mainWindow && backend) createWindow(backend);
  });
}

// One instance per user: a second launch focuses the existing window (two writers on one DB file is asking for trouble).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void backend?.close();
    backend = undefined;
  });
  app.whenReady().then(start, (err: unknown) => {
    console.error(err);
    app.quit();
  });
}
