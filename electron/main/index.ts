/**
 * Electron entry: wiring only. Each job lives in its own module, which takes electron objects as
 * parameters; this is the one main-process file that requires 'electron' at run time.
 *   logging.ts (logs, uncaught errors) · settings.ts (settings file) · databases.ts (open/switch, recent)
 *   startFailure.ts (failure dialogs) · osFiles.ts + drops.ts (files from the OS) · menu.ts + menuActions.ts
 *   mainWindow.ts + windowState.ts + zoom.ts (the window) · quit.ts (close the database before quitting)
 *   ipc.ts, dialogs.ts, chosenPaths.ts, window.ts + security.ts (API, file dialogs, path policy, hardening)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, screen, session, shell, type IpcMainInvokeEvent } from 'electron';
import log from 'electron-log/main';
import { readPackageFacts } from '../backend/appInfo.js';
import { createBackend } from '../backend/index.js';
import { ChosenPaths } from './chosenPaths.js';
import { databasePickers } from './databaseDialogs.js';
import { Databases } from './databases.js';
import { registerDialogHandlers } from './dialogs.js';
import { registerDropHandler } from './drops.js';
import { appSenderCheck, registerIpcHandlers } from './ipc.js';
import { configureLogging } from './logging.js';
import { openMainWindow } from './mainWindow.js';
import { buildMenuTemplate } from './menu.js';
import { runMenuAction } from './menuActions.js';
import { OsFileRouter } from './osFiles.js';
import { holdQuitUntilClosed, quitsWithLastWindow } from './quit.js';
import { SettingsStore } from './settings.js';
import { openWithRecovery, type FailureBoxOptions } from './startFailure.js';
import { installSecurityGuards } from './security.js';
import { secureWindowOptions } from './window.js';
import { zoomWindow } from './zoom.js';
import { safeStorageSecrets } from './warehouseSecrets.js';

// dist-electron/electron/main/index.js → dist/index.html (the Vite build).
const indexHtml = path.join(__dirname, '..', '..', '..', 'dist', 'index.html');
const appUrl = pathToFileURL(indexHtml).href;
const preloadPath = path.join(__dirname, '..', 'preload', 'index.js');

const userData = app.getPath('userData');
const logsDir = path.join(userData, 'logs');
configureLogging(log, { logsDir });
const info = (m: string) => log.info(m);

// Paths the user picked in a dialog or handed over from the OS: the only ones the renderer may pass to the API.
const chosen = new ChosenPaths();
const router = new OsFileRouter({ trust: (paths) => chosen.add('read', paths), log: info });
let mainWindow: BrowserWindow | undefined;
let databases: Databases | undefined;

// macOS hands files over with open-file, also before the app is ready (a double-click that launches it).
app.on('open-file', (event, file) => {
  event.preventDefault();
  router.open(file, 'os');
  focusOrOpenWindow();
});

/** Help ▸ Documentation's address: package.json `homepage` (https only); without one the item is left out. */
const docsUrl = readPackageFacts().homepage;

const pickers = databasePickers(dialog, { defaultDir: app.getPath('documents'), window: () => mainWindow });
const recoveryDialogs = {
  ...pickers,
  showMessageBox: (options: FailureBoxOptions) =>
    mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options),
};

function refreshMenu(): void {
  if (!databases || !app.isReady()) return;
  const dbs = databases;
  const template = buildMenuTemplate(
    {
      platform: process.platform,
      recent: dbs.recent,
      isDev: !app.isPackaged,
      state: { windowOpen: mainWindow !== undefined },
      appName: app.name,
      docsUrl,
    },
    (action) =>
      void runMenuAction(action, {
        databases: dbs,
        dialogs: recoveryDialogs,
        sendToWindow: mainWindow && ((channel, message) => mainWindow?.webContents.send(channel, message)),
        openExternal: (url) => shell.openExternal(url),
        showFolder: (folder) => shell.openPath(folder),
        zoom: (direction) => {
          if (mainWindow) zoomWindow(mainWindow.webContents, direction, settingsStore());
        },
        docsUrl,
        logsDir,
        clearRecentDocuments: () => {
          if (process.platform !== 'linux') app.clearRecentDocuments();
        },
        log: info,
      }),
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function focusOrOpenWindow(): void {
  if (!databases?.open || !app.isReady()) return;
  if (!mainWindow) return openWindow(databases);
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function openWindow(dbs: Databases): void {
  mainWindow = openMainWindow({
    // Hardened by the web-contents-created guard (security.ts), like every webContents.
    create: (options) => new BrowserWindow(options),
    baseOptions: secureWindowOptions(preloadPath),
    appUrl,
    displays: () => screen.getAllDisplays(),
    databases: dbs,
    router,
    settings: settingsStore(),
    onClosed: () => {
      mainWindow = undefined;
      refreshMenu();
    },
  });
  refreshMenu();
}

let settings: SettingsStore | undefined;
function settingsStore(): SettingsStore {
  settings ??= new SettingsStore(path.join(userData, 'settings.json'), info);
  return settings;
}

async function start(): Promise<void> {
  // Before anything can create a webContents (a window, a dialog's parent, devtools).
  installSecurityGuards(app, session.defaultSession, appUrl);
  app.setAboutPanelOptions({ applicationName: app.name, applicationVersion: app.getVersion() });
  const defaultDb = path.join(userData, 'segment-studio.db');
  const dbs = new Databases({
    // The demo data fills only the app's own first database; a database the user creates starts empty.
    createBackend: (dbPath) =>
      createBackend({
        dbPath,
        host: 'electron',
        seedDemo: dbPath === defaultDb,
        log: (err) => log.error(err),
        // The warehouse password, encrypted by the OS (warehouseSecrets.ts); never in the database or settings.
        warehouseSecrets: safeStorageSecrets(safeStorage, path.join(userData, 'warehouse-secrets.json'), dbPath),
      }),
    settings: settingsStore(),
    log: info,
  });
  databases = dbs;
  dbs.onChange((open) => {
    // The OS's own recent lists (Dock menu, jump list) exist on macOS and Windows only; the proxy icon on macOS.
    if (open && process.platform !== 'linux') app.addRecentDocument(open.path);
    if (open && process.platform === 'darwin') mainWindow?.setRepresentedFilename(open.path);
    refreshMenu();
  });
  if (!(await openWithRecovery(dbs.startPath(defaultDb), { databases: dbs, dialogs: recoveryDialogs, atStart: true, log: info }))) {
    app.quit();
    return;
  }
  const isTrustedSender = appSenderCheck(appUrl);
  registerIpcHandlers(ipcMain, dbs.dispatch, isTrustedSender, chosen);
  registerDialogHandlers<IpcMainInvokeEvent, BrowserWindow>(ipcMain, {
    dialog,
    windowOf: (event) => BrowserWindow.fromWebContents(event.sender),
    isTrustedSender,
    chosen,
    defaultDir: app.getPath('documents'),
  });
  registerDropHandler(ipcMain, { isTrustedSender, router, log: info });
  openWindow(dbs);
  // macOS: clicking the Dock icon with no window open opens one.
  app.on('activate', () => focusOrOpenWindow());
}

// One instance per user: a second launch hands its files to this one and focuses the window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  router.openArgv(process.argv, { isPackaged: app.isPackaged, cwd: process.cwd() });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    router.openArgv(argv, { isPackaged: app.isPackaged, cwd: workingDirectory });
    focusOrOpenWindow();
  });
  app.on('window-all-closed', () => {
    if (quitsWithLastWindow(process.platform)) app.quit();
  });
  holdQuitUntilClosed(app, () => databases?.close() ?? Promise.resolve(), info);
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      log.error('Segment Studio failed to start', err);
      dialog.showErrorBox('Segment Studio could not start', err instanceof Error ? err.message : String(err));
      app.quit();
    });
}
