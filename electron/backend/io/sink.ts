import type { ImportErrorRow } from '../../../shared/models/import.js';
import type { DataChange } from '../dataChange.js';
import type { CsvRecord } from './csvFile.js';

/** Outcome of one batch (already written inside the caller's transaction). */
export interface BatchResult {
  imported: number;
  updated: number;
  skipped: number;
  errors: ImportErrorRow[];
  /** What to report to the data-change hook after commit (null: nothing changed). */
  change: DataChange | null;
}

/** Writes one batch of records; called inside a transaction the import job owns. */
export interface ImportSink {
  writeBatch(records: CsvRecord[]): BatchResult;
  /**
   * Called once after the last batch, whether the import completed, was cancelled or failed: puts back
   * what a bulk load set aside (e.g. indexes it dropped). Runs outside the batch transactions.
   */
  finish?(): void;
}
