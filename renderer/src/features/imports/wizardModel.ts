/** The import wizard's choices and how they become `imports.start` options. */
import type { ImportOptions } from '../../../../shared/api/contract/imports';
import type { Catalog, FieldType } from '../../../../shared/models/catalog';
import type { ImportPreview } from '../../../../shared/models/import';
import { NO_READ_CHOICES, readChoicesOf, readOptions, type ReadChoices } from './readingModel';

export type ColumnType = Exclude<FieldType, 'lookup'>;

export interface ColumnChoice {
  include: boolean;
  /** Field name to import into (default: the header). */
  field: string;
  type: ColumnType;
  /** The type the backend would infer (sent only when `type` differs). */
  inferred: ColumnType;
  /** Entity this column points at (a lookup), '' for none. */
  lookup: string;
}

export interface WizardChoices {
  kind: 'entity' | 'interactions';
  /** Entity for profile files (e.g. contact, account). */
  entity: string;
  key: string;
  /** Interactions: one type for the file, or a column naming it. */
  interactionType: string;
  typeColumn: string;
  contactColumn: string;
  timestampColumn: string;
  dateFormat: string;
  columns: Record<string, ColumnChoice>;
  /** How the file is read (delimiter, encoding, sheet, decimal mark): readingModel.ts. */
  read?: ReadChoices;
}

const find = (header: string[], ...names: string[]) => header.find((h) => names.includes(h.toLowerCase())) ?? '';

/**
 * Sensible first choices from a preview: interactions when it has contact + timestamp columns; a
 * column matching an existing field takes that field's type (a bad cell is then reported, not
 * turned into text).
 */
export function initialChoices(preview: ImportPreview, fileName: string, catalog?: Catalog): WizardChoices {
  const h = preview.header;
  const contactColumn = find(h, 'contactid', 'contact', 'contactkey');
  const timestampColumn = find(h, 'timestamp', 'ts', 'date', 'occurredon', 'createdon');
  const typeColumn = find(h, 'interactiontype', 'type');
  const interactions = contactColumn !== '' && timestampColumn !== '' && !h.some((x) => x.toLowerCase() === 'fullname');
  const entity = /account/i.test(fileName) ? 'account' : 'contact';
  const existing = interactions ? undefined : catalog?.entities.find((e) => e.name === entity);
  const columns: Record<string, ColumnChoice> = {};
  for (const c of preview.columns) {
    const inferred: ColumnType = c.inferredType === 'lookup' ? 'text' : c.inferredType;
    const known = existing?.fields.find((f) => f.name.toLowerCase() === c.name.toLowerCase());
    const lookup =
      known?.type === 'lookup' ? (known.lookupEntity ?? '') : !existing && c.name.toLowerCase() === 'parentcustomerid' ? 'account' : '';
    columns[c.name] = { include: true, field: c.name, type: known && known.type !== 'lookup' ? known.type : inferred, inferred, lookup };
  }
  return {
    kind: interactions ? 'interactions' : 'entity',
    entity,
    key: find(h, `${entity}id`, 'id', 'key') || (h[0] ?? ''),
    interactionType: '',
    typeColumn,
    contactColumn,
    timestampColumn,
    dateFormat: preview.locale?.dateFormat ?? '',
    columns,
    read: readChoicesOf(preview),
  };
}

/** What is missing before the import can start (empty when ready). */
export function choiceProblems(c: WizardChoices): string[] {
  const out: string[] = [];
  if (c.kind === 'entity') {
    if (!c.entity.trim()) out.push('Name the entity to import into.');
    if (!c.key) out.push('Choose the key column.');
    else if (c.columns[c.key]?.include === false) out.push('The key column cannot be skipped.');
  } else {
    if (!c.contactColumn) out.push('Choose the contact column.');
    if (!c.timestampColumn) out.push('Choose the timestamp column.');
    if (!c.interactionType.trim() && !c.typeColumn) out.push('Name the interaction type or choose the column that holds it.');
  }
  const fields = Object.entries(c.columns)
    .filter(([, v]) => v.include)
    .map(([, v]) => v.field.trim().toLowerCase());
  if (fields.some((f) => f === '')) out.push('Every imported column needs a field name.');
  const dup = fields.find((f, i) => fields.indexOf(f) !== i);
  if (dup) out.push(`Two columns import into the field “${dup}”.`);
  return out;
}

/** The `imports.start` input for the uploaded file at `path`. */
export function toImportOptions(path: string, c: WizardChoices): ImportOptions {
  const columns: NonNullable<ImportOptions['columns']> = {};
  const lookups: Record<string, string> = {};
  const structural = new Set(c.kind === 'entity' ? [c.key] : [c.contactColumn, c.timestampColumn, c.typeColumn]);
  for (const [header, col] of Object.entries(c.columns)) {
    if (!col.include) {
      if (!structural.has(header)) columns[header] = { skip: true };
      continue;
    }
    // The interaction id column is the backend's upsert key by default, not a field.
    if (structural.has(header) || (c.kind === 'interactions' && header.toLowerCase() === 'interactionid')) continue;
    if (c.kind === 'entity' && col.lookup) {
      lookups[header] = col.lookup;
      if (col.field !== header) columns[header] = { field: col.field.trim() };
      continue;
    }
    const mapping = {
      ...(col.field !== header ? { field: col.field.trim() } : {}),
      ...(col.type !== col.inferred ? { type: col.type } : {}),
    };
    if (Object.keys(mapping).length > 0) columns[header] = mapping;
  }
  const common = {
    path,
    ...readOptions(c.read ?? NO_READ_CHOICES),
    ...(Object.keys(columns).length > 0 ? { columns } : {}),
    ...(c.dateFormat ? { dateFormat: c.dateFormat } : {}),
  };
  if (c.kind === 'entity')
    return { kind: 'entity', entity: c.entity.trim(), key: c.key, ...(Object.keys(lookups).length > 0 ? { lookups } : {}), ...common };
  return {
    kind: 'interactions',
    ...(c.interactionType.trim() ? { type: c.interactionType.trim() } : { typeColumn: c.typeColumn }),
    contactColumn: c.contactColumn,
    timestampColumn: c.timestampColumn,
    ...common,
  };
}
