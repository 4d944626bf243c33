import fs from 'node:fs';
import { importOptions, type ImportOptions } from '../../../shared/api/contract/imports.js';
import { FIELD_TYPES } from '../../../shared/models/catalog.js';
import type { ImportSummary } from '../../../shared/models/import.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { CliUsageError, intFlag, listFlag, pairFlag, stringFlag, type CliCommand, type CliValues } from '../command.js';
import { withBackend } from '../backend.js';
import { DEFAULT_BATCH } from '../../backend/io/importService.js';
import { CSV_LIMITS } from '../../backend/io/csvFile.js';

type ColumnMap = NonNullable<ImportOptions['columns']>;

function columnMapping(values: CliValues): ColumnMap | undefined {
  const map: ColumnMap = {};
  const entry = (col: string): NonNullable<ColumnMap[string]> => (map[col] ??= {});
  for (const [col, type] of pairFlag(values, 'column-type')) {
    const t = FIELD_TYPES.find((x) => x === type.toLowerCase());
    if (!t || t === 'lookup')
      throw new CliUsageError(
        `--column-type ${col}=${type}: the type must be one of ${FIELD_TYPES.filter((x) => x !== 'lookup').join(', ')}.`,
      );
    entry(col).type = t;
  }
  for (const [col, field] of pairFlag(values, 'map')) entry(col).field = field;
  for (const col of listFlag(values, 'skip-column')) entry(col).skip = true;
  return Object.keys(map).length > 0 ? map : undefined;
}

function buildOptions(values: CliValues): ImportOptions {
  const file = stringFlag(values, 'file', true);
  const common = {
    path: file,
    ...(columnMapping(values) ? { columns: columnMapping(values) } : {}),
    ...(stringFlag(values, 'date-format') ? { dateFormat: stringFlag(values, 'date-format') } : {}),
    ...(intFlag(values, 'batch-size') !== undefined ? { batchSize: intFlag(values, 'batch-size') } : {}),
  };
  let raw: unknown;
  if (values['interactions']) {
    if (values['entity'] !== undefined || values['key'] !== undefined || values['lookup'] !== undefined) {
      throw new CliUsageError('--entity, --key and --lookup are for entity files, not with --interactions.');
    }
    raw = {
      kind: 'interactions',
      ...common,
      ...(stringFlag(values, 'type') ? { type: stringFlag(values, 'type') } : {}),
      ...(stringFlag(values, 'type-column') ? { typeColumn: stringFlag(values, 'type-column') } : {}),
      ...(stringFlag(values, 'contact-column') ? { contactColumn: stringFlag(values, 'contact-column') } : {}),
      ...(stringFlag(values, 'timestamp-column') ? { timestampColumn: stringFlag(values, 'timestamp-column') } : {}),
      ...(stringFlag(values, 'id-column') ? { idColumn: stringFlag(values, 'id-column') } : {}),
    };
  } else {
    for (const f of ['type', 'type-column', 'contact-column', 'timestamp-column', 'id-column']) {
      if (values[f] !== undefined) throw new CliUsageError(`--${f} is for interaction files: add --interactions.`);
    }
    const lookups = Object.fromEntries(pairFlag(values, 'lookup'));
    raw = {
      kind: 'entity',
      ...common,
      entity: stringFlag(values, 'entity', true),
      key: stringFlag(values, 'key', true),
      ...(Object.keys(lookups).length > 0 ? { lookups } : {}),
    };
  }
  const parsed = importOptions.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new CliUsageError(`invalid options: ${i ? `${i.path.join('.') || 'options'}: ${i.message}` : 'malformed'}`);
  }
  return parsed.data;
}

function describe(s: ImportSummary): string {
  return `${s.status}: ${s.imported} imported, ${s.updated} updated, ${s.skipped} skipped (${s.rowsDone} rows in ${s.batchesCommitted} committed batches).`;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import a CSV file of an entity (contacts, accounts, …) or of interactions.',
  usage: [
    'import --db FILE --entity NAME --file F.csv --key COL [--lookup COL=ENTITY ...]',
    'import --db FILE --interactions --file F.csv (--type NAME | --type-column COL) [--contact-column COL] [--timestamp-column COL]',
  ],
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file (create it with init).', required: true },
    file: { type: 'string', arg: 'F.csv', description: 'CSV file with a header row (UTF-8, comma separated).', required: true },
    entity: { type: 'string', arg: 'NAME', description: 'Entity file: the entity to import into (created if new), e.g. contact, account.' },
    key: { type: 'string', arg: 'COL', description: 'Entity file: the key column; rows are upserted by it.' },
    lookup: {
      type: 'string',
      multiple: true,
      arg: 'COL=ENTITY',
      description: 'Entity file: COL holds keys of ENTITY records (import ENTITY first).',
    },
    interactions: { type: 'boolean', description: 'The file holds interactions (each linked to a contact and timestamped).' },
    type: { type: 'string', arg: 'NAME', description: 'Interactions: every row has this type (one file per type).' },
    'type-column': {
      type: 'string',
      arg: 'COL',
      description: 'Interactions: the column naming each row\'s type (default "interactiontype").',
    },
    'contact-column': { type: 'string', arg: 'COL', description: 'Interactions: the contact key column (default "contactid").' },
    'timestamp-column': { type: 'string', arg: 'COL', description: 'Interactions: the timestamp column (default "timestamp").' },
    'id-column': {
      type: 'string',
      arg: 'COL',
      description: 'Interactions: an id column to upsert by (default "interactionid" when present).',
    },
    'column-type': {
      type: 'string',
      multiple: true,
      arg: 'COL=TYPE',
      description: 'Override the inferred type of COL (text, integer, decimal, date, datetime, boolean, choice, multichoice).',
    },
    map: { type: 'string', multiple: true, arg: 'COL=FIELD', description: 'Store column COL as field FIELD.' },
    'skip-column': { type: 'string', multiple: true, arg: 'COL', description: 'Do not import column COL.' },
    'date-format': {
      type: 'string',
      arg: 'FMT',
      description: 'Date format of the file, tokens YYYY MM DD HH mm ss (e.g. DD/MM/YYYY). ISO 8601 is always accepted.',
    },
    'batch-size': {
      type: 'string',
      arg: 'N',
      description: `Rows per committed transaction (default ${DEFAULT_BATCH.entity} for entities, ${DEFAULT_BATCH.interactions} for interactions).`,
    },
    errors: { type: 'string', arg: 'FILE', description: 'Write the error report (row, column, value, reason) to FILE as CSV.' },
  },
  details: [
    'Empty cells are stored as no data. Booleans: true/false, yes/no, 1/0. Dates: ISO 8601 (no zone = UTC)',
    'or --date-format. Numbers use "." for decimals. Bad rows are skipped and listed in the error report.',
    'Progress goes to stderr ("progress rows=… bytes=…/…"), the summary to stdout. Exit code 1 when the',
    'import is refused or fails; rows committed before a failure stay (whole batches only).',
    `A kill or crash loses at most the batch in progress (${DEFAULT_BATCH.entity} entity rows / ${DEFAULT_BATCH.interactions} interactions`,
    'by default); the next run says how many rows the interrupted one committed. Re-running the same file',
    'finishes the job: rows are upserted by key (interactions by --id-column).',
    `Limits: ${CSV_LIMITS.maxColumns} columns per file (more are refused before anything is written), ${CSV_LIMITS.maxCellChars}`,
    'characters per cell (a longer cell skips its row). Files must be UTF-8 without NUL bytes; lines may end in',
    'LF, CRLF or CR. A file with a header and no data rows is refused.',
  ].join('\n'),
  async run(values, io) {
    const db = stringFlag(values, 'db', true);
    const opts = buildOptions(values);
    const errorsFile = stringFlag(values, 'errors');
    return withBackend(db, true, async (b) => {
      for (const cut of b.services.imports.interrupted) {
        io.err(
          `The previous import of ${cut.file} (started ${cut.startedAt}) was interrupted: ${cut.rowsDone} rows in ${cut.batchesCommitted} whole batches were committed.`,
        );
      }
      const off = b.events.onAny((event, payload) => {
        if (event !== 'import.progressed') return;
        const p = payload as { rowsDone: number; bytesDone: number; totalBytes: number };
        io.err(`progress rows=${p.rowsDone} bytes=${p.bytesDone}/${p.totalBytes}`);
      });
      try {
        const started = await b.dispatch('imports.start', opts);
        if (!started.ok) throw new ApiFailure(started.error.code, started.error.message, started.error.issues);
        const { id } = started.value as { id: string };
        const stop = (): void => {
          io.err('Cancelling after the batch in progress…');
          void b.services.imports.cancel(id).catch(() => undefined);
        };
        process.once('SIGINT', stop);
        const summary = await b.services.imports.wait(id);
        process.off('SIGINT', stop);
        // `start` answers before the whole file is checked: a refused file ends the import `refused`,
        // and the command fails with its reason exactly as when `start` itself refused.
        if (summary.status === 'refused') throw new ApiFailure('invalid_input', summary.message ?? 'The file was refused.');
        io.out(describe(summary));
        if (summary.message) io.err(summary.message);
        if (summary.skipped > 0) {
          if (errorsFile) {
            fs.writeFileSync(errorsFile, b.services.imports.errorsCsv(id));
            io.err(`Error report written to ${errorsFile}.`);
          } else {
            for (const e of b.services.imports.errors(id, 0, 20).rows)
              io.err(`  row ${e.row}${e.column ? ` column ${e.column}` : ''}${e.value !== null ? ` value "${e.value}"` : ''}: ${e.reason}`);
            if (summary.skipped > 20) io.err(`  … see all with --errors FILE`);
          }
        }
        return summary.status === 'completed' ? 0 : 1;
      } finally {
        off();
      }
    });
  },
};
