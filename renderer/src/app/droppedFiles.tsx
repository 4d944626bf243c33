/**
 * Files dropped anywhere on the window, routed by the App shell: a `.segment.json` opens the segment
 * import dialog over the current page; a `.csv` opens the Data page's import wizard with it (in the
 * browser preview; the desktop app reads only files picked in its dialog, so it says so instead).
 */
import { createContext, useContext } from 'react';

/** What a dropped file is for, by its name. */
export type DropKind = 'segmentFile' | 'csv' | 'unknown';

export function dropKind(fileName: string): DropKind {
  if (/\.json$/i.test(fileName)) return 'segmentFile';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return 'unknown';
}

/** The last CSV dropped for the import wizard. `seq` grows with every drop; `file` is null once taken. */
export interface DroppedCsv {
  file: File | null;
  seq: number;
  /** The wizard took the file: a later visit of the Data page does not import it again. */
  taken: () => void;
}

export const DroppedCsvContext = createContext<DroppedCsv>({ file: null, seq: 0, taken: () => undefined });

export function useDroppedCsv(): DroppedCsv {
  return useContext(DroppedCsvContext);
}
