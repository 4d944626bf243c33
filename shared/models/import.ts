/**
 * CSV import DTOs (plain JSON). Rows are numbered like a spreadsheet: the header is row 1, the first
 * data row is row 2.
 */
import type { FieldType } from './catalog.js';

/** One column of a previewed file. */
export interface ImportColumnPreview {
  /** Header text as in the file. */
  name: string;
  /** Type inferred from the sample (see docs/cli.md "Type inference"). */
  inferredType: FieldType;
  /** Non-empty cells among the sampled rows. */
  nonEmpty: number;
}

/** What `imports.preview` returns: enough to fill the mapping dialog. */
export interface ImportPreview {
  path: string;
  totalBytes: number;
  header: string[];
  columns: ImportColumnPreview[];
  /** The first rows (cells as text, at most 20). */
  sampleRows: string[][];
  /** Rows read to infer types. */
  sampledRows: number;
}

export const IMPORT_STATUSES = ['running', 'completed', 'cancelled', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Where an import stands or how it ended. Counts cover committed batches only. */
export interface ImportSummary {
  id: string;
  kind: 'entity' | 'interactions';
  file: string;
  /** Entity name, or the interaction type (`(type column)` when the file names the type per row). */
  target: string;
  status: ImportStatus;
  startedAt: string;
  finishedAt: string | null;
  totalBytes: number;
  bytesDone: number;
  /** Data rows read and committed (imported + updated + skipped). */
  rowsDone: number;
  imported: number;
  updated: number;
  skipped: number;
  /** Batches committed; each is one transaction, so a crash or cancel keeps only whole batches. */
  batchesCommitted: number;
  /** Why it failed or was cancelled; null when completed. */
  message: string | null;
  /** When "Undo this import" took it back; null while it stands. */
  undoneAt: string | null;
}

/** One skipped row (or cell) in the error report. */
export interface ImportErrorRow {
  /** Spreadsheet row number (header = 1). */
  row: number;
  /** Header of the offending column; null for row-level problems (e.g. wrong column count). */
  column: string | null;
  value: string | null;
  reason: string;
}

/** Progress payload of `import.progressed` (sent after each committed batch). */
export interface ImportProgress {
  id: string;
  rowsDone: number;
  bytesDone: number;
  totalBytes: number;
  imported: number;
  updated: number;
  skipped: number;
}

/**
 * A column mapping saved by an earlier import of a file with the same header (`imports.savedMapping`):
 * the import options without the file path and batch size.
 */
export interface SavedMapping {
  kind: 'entity' | 'interactions';
  savedAt: string;
  /** For entity imports: entity, key, columns, lookups (and dateFormat); for interactions their columns. */
  options: Record<string, unknown> & { kind: 'entity' | 'interactions' };
}

/** What `imports.undo` did. */
export interface ImportUndoResult {
  id: string;
  /** Records (or interactions) the undo deleted: those the import created. */
  removed: number;
  /** Records whose previous values were restored. */
  restored: number;
  /** Catalog fields (and entities / interaction types, as `entity` / `type:name`) removed because nothing used them. */
  droppedFields: string[];
  /** Fields the import created that stay, and why (a segment uses them, or later data fills them). */
  keptFields: string[];
}
