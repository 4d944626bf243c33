/**
 * Files dropped anywhere on the window, routed by the App shell: a `.segment.json` opens the segment
 * import dialog over the current page; a `.csv` opens the Data page's import wizard with it. In the
 * browser preview the shell reads the dropped File; in the desktop app the preload sends the dropped
 * file's path to main, which answers with `app.fileOpened` (desktopSlice.ts), as for files opened from
 * the OS, and the wizard or dialog gets the path.
 */
import { createContext, useContext } from 'react';

/** What a dropped file is for, by its name. */
export type DropKind = 'segmentFile' | 'csv' | 'unknown';

export function dropKind(fileName: string): DropKind {
  if (/\.json$/i.test(fileName)) return 'segmentFile';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return 'unknown';
}

/**
 * The last CSV for the import wizard: a dropped File (browser) or a path the desktop app was handed.
 * `seq` grows with every drop (and with File ▸ Import CSV…, which restarts the wizard); both are null once taken.
 */
export interface DroppedCsv {
  file: File | null;
  path: string | null;
  seq: number;
  /** The wizard took the file: a later visit of the Data page does not import it again. */
  taken: () => void;
}

export const DroppedCsvContext = createContext<DroppedCsv>({ file: null, path: null, seq: 0, taken: () => undefined });

export function useDroppedCsv(): DroppedCsv {
  return useContext(DroppedCsvContext);
}
