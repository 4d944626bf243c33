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
  /** Values that occur more than once in this column among the sampled rows (for the key column's guard). */
  duplicates?: ImportDuplicates;
}

/** Repeated values of one column in the sample. */
export interface ImportDuplicates {
  /** Sampled rows whose value in this column repeats an earlier row's. */
  count: number;
  /** Up to 5 repeated values, each with its spreadsheet row numbers (at most 5 rows each). */
  examples: { value: string; rows: number[] }[];
}

/** Column separators the CSV reader knows (detected, or chosen in the preview). */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Text encodings the CSV reader knows (detected, or chosen in the preview). */
export const FILE_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

/** How numbers are written: the decimal mark (the other of `.`/`,` and spaces group thousands). */
export const DECIMAL_SEPARATORS = ['.', ','] as const;
export type DecimalSeparator = (typeof DECIMAL_SEPARATORS)[number];

/** How the file was read: what detection found, or what the marketer chose. */
export interface ImportReading {
  format: 'csv' | 'xlsx';
  /** CSV only. */
  encoding: FileEncoding | null;
  /**
   * Why this encoding: its byte-order mark, valid UTF-8, mostly UTF-8 (a few damaged bytes: the import
   * refuses them naming row and column), not UTF-8 (→ Windows-1252), a UTF-16 pattern, or chosen.
   */
  encodingReason: 'bom' | 'valid-utf8' | 'mostly-utf8' | 'not-utf8' | 'utf16-pattern' | 'chosen' | null;
  /** CSV only. */
  delimiter: Delimiter | null;
  /** Share of sampled rows with the header's column count under this delimiter (0–1); 1 for a workbook. */
  delimiterConfidence: number;
  /** Whether the delimiter was detected or chosen. */
  delimiterChosen: boolean;
  /** Workbooks: the sheet read, and every sheet's name. */
  sheet: string | null;
  sheets: string[];
}

/** The value locale proposed from the sample (or chosen): decimal mark and date format. */
export interface ImportLocale {
  decimalSeparator: DecimalSeparator;
  /** Where the decimal mark came from: the sample's numbers, the computer's locale, or the marketer. */
  decimalFrom: 'sample' | 'default' | 'chosen';
  /** A declared date format (`DD/MM/YYYY`…), or null when the dates are ISO (or there are none). */
  dateFormat: string | null;
  dateFrom: 'sample' | 'default' | 'chosen' | 'none';
  /** Other date formats that read the sampled dates just as well (day and month both ≤ 12): the marketer decides. */
  dateAlternatives: string[];
  /** Up to 3 sampled values that fit every alternative, e.g. `03/04/2025`. */
  ambiguousDates: string[];
  /** Up to 3 sampled numbers that read as thousands or as decimals (`1,234` with no other number deciding). */
  ambiguousNumbers: string[];
}

/**
 * A problem the preview found that the marketer must acknowledge before the import can start:
 * `single_column` (the header is one column holding a likely delimiter), `ambiguous_dates`,
 * `ambiguous_numbers` (`1,234`: thousands or decimals?), `failing_rows` (more than 5% of sampled rows
 * would be skipped: wrong column count).
 * Duplicate keys depend on the key column chosen in the mapping: see `ImportColumnPreview.duplicates`.
 */
export interface ImportWarning {
  code: 'single_column' | 'ambiguous_dates' | 'ambiguous_numbers' | 'failing_rows';
  message: string;
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
  /** How the file was read (encoding, delimiter, sheet). */
  reading?: ImportReading;
  /** Number and date locale proposed for the values. */
  locale?: ImportLocale;
  /** Problems to acknowledge before starting. */
  warnings?: ImportWarning[];
}

/** `refused`: the file or the options were refused before a row was written (nothing changed; `message` says why). */
export const IMPORT_STATUSES = ['running', 'completed', 'cancelled', 'failed', 'refused'] as const;
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
  /** Why it failed, was refused (what and where: row, column) or was cancelled; null when completed. */
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
  /** Catalog fields removed because nothing used them, by display name (an interaction type's as `Type: Field`; a whole entity or type says so). */
  droppedFields: string[];
  /** Fields the import created that stay, by display name, and why (the segments using them, or later data fills them). */
  keptFields: string[];
}
