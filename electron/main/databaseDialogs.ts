/**
 * The native dialogs that pick a database file: one to open, one to create. Electron's `dialog` and the
 * parent window come in as parameters.
 */
import path from 'node:path';

export const DATABASE_FILTERS = [
  { name: 'Segment Studio databases', extensions: ['db', 'sqlite'] },
  { name: 'All files', extensions: ['*'] },
];

/** The part of electron's `dialog` used here (`W`: BrowserWindow; absent before a window exists). */
export interface DatabaseDialogLike<W> {
  showOpenDialog(window: W, options: OpenDatabaseOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showOpenDialog(options: OpenDatabaseOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: W, options: NewDatabaseOptions): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  showSaveDialog(options: NewDatabaseOptions): Promise<{ canceled: boolean; filePath?: string | undefined }>;
}

export interface OpenDatabaseOptions {
  title: string;
  buttonLabel: string;
  defaultPath: string;
  filters: typeof DATABASE_FILTERS;
  properties: ['openFile'];
}

export interface NewDatabaseOptions {
  title: string;
  buttonLabel: string;
  defaultPath: string;
  filters: typeof DATABASE_FILTERS;
  properties: ['createDirectory', 'showOverwriteConfirmation'];
}

/** Pickers bound to a dialog, a folder to start in and (when there is one) the parent window. */
export function databasePickers<W>(dialog: DatabaseDialogLike<W>, o: { defaultDir: string; window: () => W | undefined }) {
  return {
    async pickExisting(): Promise<string | null> {
      const options: OpenDatabaseOptions = {
        title: 'Open Database',
        buttonLabel: 'Open',
        defaultPath: o.defaultDir,
        filters: DATABASE_FILTERS,
        properties: ['openFile'],
      };
      const w = o.window();
      const answer = await (w === undefined ? dialog.showOpenDialog(options) : dialog.showOpenDialog(w, options));
      return answer.canceled ? null : (answer.filePaths[0] ?? null);
    },
    /**
     * A file for a new database. Choosing an existing file (after the overwrite question) opens it
     * instead of erasing it: the app never deletes a database.
     */
    async pickNew(): Promise<string | null> {
      const options: NewDatabaseOptions = {
        title: 'New Database',
        buttonLabel: 'Create',
        defaultPath: path.join(o.defaultDir, 'Segments.db'),
        filters: DATABASE_FILTERS,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const w = o.window();
      const answer = await (w === undefined ? dialog.showSaveDialog(options) : dialog.showSaveDialog(w, options));
      if (answer.canceled || !answer.filePath) return null;
      return path.extname(answer.filePath) === '' ? `${answer.filePath}.db` : answer.filePath;
    },
  };
}
