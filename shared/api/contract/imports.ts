import { z } from 'zod';
import { filePath } from '../filePath.js';
import { FIELD_TYPES } from '../../models/catalog.js';
import { DECIMAL_SEPARATORS, DELIMITERS, FILE_ENCODINGS } from '../../models/import.js';
import type { ImportErrorRow, ImportPreview, ImportProgress, ImportSummary, ImportUndoResult, SavedMapping } from '../../models/import.js';

/** The CSV file to read. */
const path = filePath('read');
const name = z.string().trim().min(1).max(120);
const importId = z.string().min(1).max(64);
/** Declared date format, tokens YYYY MM DD HH mm ss (e.g. `DD/MM/YYYY`, `MM/DD/YYYY HH:mm`). ISO 8601 is always accepted. */
const dateFormat = z
  .string()
  .max(40)
  .regex(/^(?=.*YYYY)(?=.*MM)(?=.*DD)[YMDHms/.\- :T]+$/, 'Date format uses the tokens YYYY, MM, DD, HH, mm, ss');

/** Per-column mapping: into an existing or a new field (with its label), force a type, or skip the column. Keys are header texts. */
const columnMapping = z.record(
  z.string().max(200),
  z.strictObject({
    field: name.optional(),
    /** Display label of a field the import creates (ignored for an existing field); default derived from the name. */
    label: z.string().trim().min(1).max(200).optional(),
    type: z.enum(FIELD_TYPES).exclude(['lookup']).optional(),
    skip: z.boolean().optional(),
  }),
);

/**
 * How to read the file; each is detected when absent (README "Import": delimiters, encodings, Excel,
 * locales). `decimalSeparator` also turns on thousands separators (the other mark, spaces).
 */
const reading = {
  delimiter: z.enum(DELIMITERS).optional(),
  encoding: z.enum(FILE_ENCODINGS).optional(),
  /** Workbooks: the sheet to read (default the first). */
  sheet: z.string().min(1).max(200).optional(),
  decimalSeparator: z.enum(DECIMAL_SEPARATORS).optional(),
};

const common = {
  path,
  ...reading,
  columns: columnMapping.optional(),
  dateFormat: dateFormat.optional(),
  /** Rows per committed transaction (default 5000 for entities, 10000 for interactions). */
  batchSize: z.number().int().min(1).max(100_000).optional(),
};

/** Options of an entity (profile) file import. */
export const entityImportOptions = z.strictObject({
  kind: z.literal('entity'),
  /** Entity to import into (created if new), e.g. `contact`, `account`. */
  entity: name,
  /** Header of the key column (the record's external id); rows are upserted by it. */
  key: z.string().min(1).max(200),
  /** Lookup columns: header → referenced entity name (which must already exist). */
  lookups: z.record(z.string().max(200), name).optional(),
  ...common,
});

/** Options of an interactions file import. */
export const interactionImportOptions = z.strictObject({
  kind: z.literal('interactions'),
  /** Every row is of this type (one file per type). Exclusive with `typeColumn`. */
  type: name.optional(),
  /** Header of the column naming each row's type (default `interactiontype` when `type` is absent). */
  typeColumn: z.string().min(1).max(200).optional(),
  /** Header of the contact key column (default `contactid`). */
  contactColumn: z.string().min(1).max(200).optional(),
  /** Header of the timestamp column (default `timestamp`). */
  timestampColumn: z.string().min(1).max(200).optional(),
  /** Header of an interaction id column: rows are upserted by it (default `interactionid` when present). */
  idColumn: z.string().min(1).max(200).optional(),
  ...common,
});

export const importOptions = z.discriminatedUnion('kind', [entityImportOptions, interactionImportOptions]);
export type ImportOptions = z.infer<typeof importOptions>;
export type EntityImportOptions = z.infer<typeof entityImportOptions>;
export type InteractionImportOptions = z.infer<typeof interactionImportOptions>;
/** What `imports.preview` takes: the file, and how to read it (each detected when absent). */
export type ImportPreviewInput = z.infer<(typeof importsInputs)['imports.preview']>;

export const importsInputs = {
  /** Header, first rows and inferred column types of a CSV file; writes nothing. */
  'imports.preview': z.strictObject({
    path,
    dateFormat: dateFormat.optional(),
    ...reading,
    /** The computer's locale (BCP 47, e.g. `de-DE`): the default decimal mark and date order when the sample does not say. */
    locale: z.string().min(2).max(35).optional(),
  }),
  /**
   * Starts the import in the background and returns its id at once: it answers after the cheap checks
   * only — the options, the file exists and is readable, no other import runs — each refused here with
   * `invalid_input` / `invalid_state`. The import thread then reads the whole file (header, options
   * against it, every byte's text) before it writes a row. A file refused there changes nothing: the
   * import ends with status `refused`, its `message` saying what and where (row, column), and
   * `import.finished` carries that summary (`imports.get` / `imports.list` show it; there is nothing
   * to undo). A cancel before the check ends ends the import `cancelled`, also with nothing written.
   */
  'imports.start': importOptions,
  /** Stops a running import after the batch in progress; committed batches stay. */
  'imports.cancel': z.strictObject({ id: importId }),
  /** Summary of one import. */
  'imports.get': z.strictObject({ id: importId }),
  /** Recent imports, newest first. */
  'imports.list': z.strictObject({ limit: z.number().int().min(1).max(500).optional() }),
  /** A page of the error report (skipped rows). */
  'imports.errors': z.strictObject({
    id: importId,
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  /** The whole error report as CSV text (row, column, value, reason), for download. */
  'imports.errorsCsv': z.strictObject({ id: importId }),
  /**
   * Undoes a finished import in one transaction: deletes the records (interactions) it created, restores
   * the values it overwrote, removes the fields it added when nothing uses them. Refused while a later
   * import touched the same records (naming it), and while any import runs.
   */
  'imports.undo': z.strictObject({ id: importId }),
  /** Mappings saved by earlier imports of a file with this header (same cells, any case), newest first. */
  'imports.savedMapping': z.strictObject({ header: z.array(z.string().max(1000)).min(1).max(2000) }),
};

type In<K extends keyof typeof importsInputs> = z.infer<(typeof importsInputs)[K]>;

export interface ImportsMethods {
  'imports.preview': { input: In<'imports.preview'>; output: ImportPreview };
  'imports.start': { input: In<'imports.start'>; output: { id: string } };
  'imports.cancel': { input: In<'imports.cancel'>; output: ImportSummary };
  'imports.get': { input: In<'imports.get'>; output: ImportSummary };
  'imports.list': { input: In<'imports.list'>; output: ImportSummary[] };
  'imports.errors': { input: In<'imports.errors'>; output: { total: number; rows: ImportErrorRow[] } };
  'imports.errorsCsv': { input: In<'imports.errorsCsv'>; output: { csv: string } };
  'imports.undo': { input: In<'imports.undo'>; output: ImportUndoResult };
  'imports.savedMapping': { input: In<'imports.savedMapping'>; output: SavedMapping[] };
}

/** Import events: progress after each committed batch, and the final summary. */
export interface ImportsEvents {
  'import.progressed': ImportProgress;
  'import.finished': ImportSummary;
}
