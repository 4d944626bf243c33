/**
 * Desktop-only events: the application menu and files handed over by the operating system (opened from
 * the file manager, passed on the command line, dropped on the window). Main pushes them like backend
 * events; the web host never emits them. No methods: the renderer only reacts.
 */

/** Menu commands the renderer carries out (main handles the rest: databases, zoom, windows). */
export const APP_COMMANDS = ['importCsv', 'importSegmentFile', 'exportSegments', 'showShortcuts'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

/** What kind of file the OS handed over, by its name: a `.segment.json` or a `.csv`. */
export type OpenedFileKind = 'segmentFile' | 'csv';

export interface DesktopEvents {
  /** A menu item (or its accelerator) that the page carries out: open the import wizard, a dialog… */
  'app.commandInvoked': { command: AppCommand };
  /**
   * A file the OS handed over (`via`: opened from the file manager or the command line, or dropped on
   * the window). Main has already added `path` to the paths the API may read, so the renderer passes it
   * to `segmentFiles.inspect` / `imports.preview` as if it had been picked in the open dialog.
   */
  'app.fileOpened': { kind: OpenedFileKind; path: string; via: 'os' | 'drop' };
}
