/**
 * The application menu as a pure function of the platform, the recent databases, development mode and
 * the app's state. Items that do something of ours carry a {@link MenuAction} handed to `run`; the rest
 * are Electron roles (edit, full screen, windows), which follow each platform's conventions by themselves.
 * index.ts builds it with `Menu.buildFromTemplate` and rebuilds it when the inputs change.
 */
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/api/contract.js';
import type { ZoomDirection } from './zoom.js';

/** What a menu item of ours asks main to do. */
export type MenuAction =
  | { type: 'newDatabase' }
  | { type: 'openDatabase' }
  | { type: 'openRecent'; path: string }
  | { type: 'clearRecent' }
  /** Carried out by the page (app.commandInvoked). */
  | { type: 'command'; command: AppCommand }
  /** View ▸ Zoom In / Zoom Out / Actual Size: main sets the level and remembers it (zoom.ts). */
  | { type: 'zoom'; direction: ZoomDirection }
  | { type: 'documentation' }
  | { type: 'showLogs' };

export interface MenuInput {
  platform: NodeJS.Platform;
  /** Recent databases, most recent first (paths). */
  recent: readonly string[];
  /** Development build: Reload and DevTools appear in View. */
  isDev: boolean;
  /** Whether a window with the app is open (the page's commands need one). */
  state: { windowOpen: boolean };
  /** The product name shown in the macOS app menu. */
  appName?: string;
  /** Where Help ▸ Documentation goes (package.json `homepage`); without one the item is left out. */
  docsUrl?: string | undefined;
}

const sep: MenuItemConstructorOptions = { type: 'separator' };

/** A short, unambiguous label for a recent database: its file name, and its folder in parentheses. */
export function recentLabel(p: string): string {
  // Either separator: the list may hold Windows paths while tests run on Linux.
  const parts = p.split(/[\\/]/).filter(Boolean);
  const name = parts.pop() ?? p;
  const folder = parts.pop();
  // `&` would become an accelerator marker on Windows and Linux.
  return (folder ? `${name} (${folder})` : name).replace(/&/g, '&&');
}

export function buildMenuTemplate(input: MenuInput, run: (action: MenuAction) => void): MenuItemConstructorOptions[] {
  const { platform, recent, isDev, state } = input;
  const mac = platform === 'darwin';
  const appName = input.appName ?? 'Segment Studio';
  const act = (action: MenuAction) => () => run(action);
  const pageCommand = (label: string, command: AppCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    enabled: state.windowOpen,
    click: act({ type: 'command', command }),
  });

  const openRecent: MenuItemConstructorOptions = {
    label: 'Open Recent',
    // Our own list (settings.ts), not macOS's recentDocuments role: the same on every platform, and testable.
    submenu: [
      ...recent.map((p) => ({ label: recentLabel(p), toolTip: p, click: act({ type: 'openRecent', path: p }) })),
      ...(recent.length > 0 ? [sep] : []),
      { label: mac ? 'Clear Menu' : 'Clear Recently Opened', enabled: recent.length > 0, click: act({ type: 'clearRecent' }) },
    ],
  };

  const file: MenuItemConstructorOptions = {
    label: mac ? 'File' : '&File',
    submenu: [
      { label: 'New Database…', accelerator: 'CmdOrCtrl+N', click: act({ type: 'newDatabase' }) },
      { label: 'Open Database…', accelerator: 'CmdOrCtrl+O', click: act({ type: 'openDatabase' }) },
      openRecent,
      sep,
      pageCommand('Import CSV…', 'importCsv', 'CmdOrCtrl+I'),
      pageCommand('Import Segment File…', 'importSegmentFile', 'CmdOrCtrl+Shift+I'),
      pageCommand('Export Segments…', 'exportSegments', 'CmdOrCtrl+E'),
      sep,
      // macOS: Close Window; Quit lives in the app menu. Windows says Exit, Linux Quit.
      { role: 'close', label: 'Close Window', accelerator: 'CmdOrCtrl+W' },
      // Windows leaves Alt+F4 to the window (it closes it); Linux apps quit with Ctrl+Q.
      ...(mac
        ? []
        : [
            sep,
            platform === 'win32'
              ? { role: 'quit' as const, label: 'E&xit' }
              : { role: 'quit' as const, label: '&Quit', accelerator: 'Ctrl+Q' },
          ]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac
        ? [{ role: 'pasteAndMatchStyle' as const }, { role: 'delete' as const }, { role: 'selectAll' as const }]
        : [{ role: 'delete' as const }, sep, { role: 'selectAll' as const }]),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: mac ? 'View' : '&View',
    submenu: [
      ...(isDev
        ? [
            { role: 'reload' as const },
            { role: 'forceReload' as const },
            { role: 'toggleDevTools' as const, accelerator: mac ? 'Alt+Command+I' : 'F12' },
            sep,
          ]
        : []),
      // Our own items rather than Electron's zoom roles, so the level is remembered across starts (zoom.ts).
      { label: 'Actual Size', accelerator: 'CmdOrCtrl+0', enabled: state.windowOpen, click: act({ type: 'zoom', direction: 'reset' }) },
      { label: 'Zoom In', accelerator: 'CmdOrCtrl+Plus', enabled: state.windowOpen, click: act({ type: 'zoom', direction: 'in' }) },
      // Ctrl+= is Ctrl++ without Shift on most keyboards; one item shows one accelerator, so a hidden twin takes this one.
      {
        label: 'Zoom In',
        accelerator: 'CmdOrCtrl+=',
        visible: false,
        acceleratorWorksWhenHidden: true,
        enabled: state.windowOpen,
        click: act({ type: 'zoom', direction: 'in' }),
      },
      { label: 'Zoom Out', accelerator: 'CmdOrCtrl+-', enabled: state.windowOpen, click: act({ type: 'zoom', direction: 'out' }) },
      sep,
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    label: mac ? 'Window' : '&Window',
    role: 'windowMenu',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };

  const help: MenuItemConstructorOptions = {
    label: mac ? 'Help' : '&Help',
    role: 'help',
    submenu: [
      ...(input.docsUrl ? [{ label: `${appName} Documentation`, click: act({ type: 'documentation' }) }] : []),
      pageCommand('Keyboard Shortcuts', 'showShortcuts', 'CmdOrCtrl+/'),
      { label: mac ? 'Show Logs in Finder' : 'Show Logs Folder', click: act({ type: 'showLogs' }) },
      ...(mac ? [] : [sep, { role: 'about' as const, label: `About ${appName}` }]),
    ],
  };

  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      { role: 'about', label: `About ${appName}` },
      sep,
      { role: 'services' },
      sep,
      { role: 'hide', label: `Hide ${appName}` },
      { role: 'hideOthers' },
      { role: 'unhide' },
      sep,
      { role: 'quit', label: `Quit ${appName}` },
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, windowMenu, help];
}

/** The window title for a database: its file name without the extension, then the product. */
export function windowTitle(dbPath: string, appName = 'Segment Studio'): string {
  const name = path.basename(dbPath.replace(/\\/g, '/')).replace(/\.(db|sqlite3?)$/i, '');
  return `${name} — ${appName}`;
}
