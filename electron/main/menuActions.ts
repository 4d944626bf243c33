/**
 * What the menu's own items do (menu.ts names them): database commands run here in main, page
 * commands go to the window as `app.commandInvoked`. Never rejects: a failure is logged.
 */
import { IPC_EVENT_CHANNEL } from '../../shared/api/manifest.js';
import type { Databases } from './databases.js';
import type { MenuAction } from './menu.js';
import { openWithRecovery, type RecoveryDialogs } from './startFailure.js';
import type { ZoomDirection } from './zoom.js';

export interface MenuActionDeps {
  databases: Databases;
  dialogs: RecoveryDialogs;
  /** The window's webContents.send, when a window is open. */
  sendToWindow: ((channel: string, message: unknown) => void) | undefined;
  openExternal: (url: string) => Promise<void>;
  showFolder: (folder: string) => Promise<string>;
  docsUrl: string | undefined;
  logsDir: string;
  /** Zooms the open window and remembers the level (zoom.ts zoomWindow); undefined with no window. */
  zoom: ((direction: ZoomDirection) => void) | undefined;
  /** The OS's recent documents (Dock / jump list). */
  clearRecentDocuments: () => void;
  log: (message: string) => void;
}

export async function runMenuAction(action: MenuAction, d: MenuActionDeps): Promise<void> {
  try {
    switch (action.type) {
      case 'newDatabase':
      case 'openDatabase': {
        const file = action.type === 'newDatabase' ? await d.dialogs.pickNew() : await d.dialogs.pickExisting();
        if (file !== null) await openWithRecovery(file, { databases: d.databases, dialogs: d.dialogs, atStart: false, log: d.log });
        return;
      }
      case 'openRecent':
        await openWithRecovery(action.path, { databases: d.databases, dialogs: d.dialogs, atStart: false, log: d.log });
        return;
      case 'clearRecent':
        d.databases.forgetRecent();
        d.clearRecentDocuments();
        return;
      case 'command':
        d.sendToWindow?.(IPC_EVENT_CHANNEL, { event: 'app.commandInvoked', payload: { command: action.command } });
        return;
      case 'zoom':
        d.zoom?.(action.direction);
        return;
      case 'documentation':
        if (d.docsUrl) await d.openExternal(d.docsUrl);
        return;
      case 'showLogs': {
        const problem = await d.showFolder(d.logsDir);
        if (problem) d.log(`Could not show the logs folder ${d.logsDir}: ${problem}`);
        return;
      }
    }
  } catch (err) {
    d.log(`Menu action ${action.type} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
