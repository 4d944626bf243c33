/** The import wizard's choices and how they become `imports.start` options. */
import type { ImportOptions } from '../../../../shared/api/contract/imports';
import type { Catalog, CatalogEntity, FieldType } from '../../../../shared/models/catalog';
import type { ImportPreview, SavedMapping } from '../../../../shared/models/import';
import { bestMatch } from './fieldMatch';
import { NO_READ_CHOICES, readChoicesOf, readOptions, type ReadChoices } from './readingModel';

export type ColumnType = Exclude<FieldType, 'lookup'>;

export interface ColumnChoice {
  include: boolean;
  /** Field name to import into: an existing field's name, or the name of a new field (default: the header). */
  field: string;
  /** True when `field` is an existing field of the entity (its type is then the field's). */
  existing: boolean;
  /** Display label of a new field ('' = derived from the name). */
  label: string;
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
  const key = find(h, `${entity}id`, 'id', 'key') || (h[0] ?? '');
  const columns = interactions
    ? newColumns(preview)
    : proposeColumns(
        preview,
        key,
        catalog?.entities.find((e) => e.name === entity),
      );
  return {
    kind: interactions ? 'interactions' : 'entity',
    entity,
    key,
    interactionType: '',
    typeColumn,
    contactColumn,
    timestampColumn,
    dateFormat: preview.locale?.dateFormat ?? '',
    columns,
    read: readChoicesOf(preview),
  };
}

/** Every column as a new field of its inferred type (interactions, or an entity that does not exist yet). */
function newColumns(preview: ImportPreview): Record<string, ColumnChoice> {
  const columns: Record<string, ColumnChoice> = {};
  for (const c of preview.columns) {
    const inferred: ColumnType = c.inferredType === 'lookup' ? 'text' : c.inferredType;
    const lookup = c.name.toLowerCase() === 'parentcustomerid' ? 'account' : '';
    columns[c.name] = { include: true, field: c.name, existing: false, label: '', type: inferred, inferred, lookup };
  }
  return columns;
}

/**
 * Columns of an entity file: each proposed onto the existing field that best matches its header
 * (fieldMatch.ts; the key column onto the key field), the others as new fields.
 */
export function proposeColumns(preview: ImportPreview, key: string, entity: CatalogEntity | undefined): Record<string, ColumnChoice> {
  if (!entity) return newColumns(preview);
  const columns: Record<string, ColumnChoice> = {};
  const taken = new Set([entity.keyField.toLowerCase()]);
  for (const c of preview.columns) {
    const inferred: ColumnType = c.inferredType === 'lookup' ? 'text' : c.inferredType;
    const known = c.name === key ? entity.fields.find((f) => f.name === entity.keyField) : bestMatch(c.name, entity.fields, taken);
    if (!known) {
      columns[c.name] = { include: true, field: c.name, existing: false, label: '', type: inferred, inferred, lookup: '' };
      continue;
    }
    taken.add(known.name.toLowerCase());
    const type = known.type === 'lookup' ? inferred : known.type;
    columns[c.name] = { include: true, field: known.name, existing: true, label: '', type, inferred, lookup: known.lookupEntity ?? '' };
  }
  return columns;
}

/** The choices with a mapping saved by an earlier import of a file with the same header applied. */
export function applySaved(c: WizardChoices, saved: SavedMapping, entity: CatalogEntity | undefined): WizardChoices {
  const o = saved.options as Partial<ImportOptions> & Record<string, unknown>;
  const next: WizardChoices = { ...c, kind: saved.kind, columns: { ...c.columns } };
  if (typeof o['entity'] === 'string') next.entity = o['entity'];
  if (typeof o['key'] === 'string') next.key = o['key'];
  if (typeof o['dateFormat'] === 'string') next.dateFormat = o['dateFormat'];
  for (const k of ['typeColumn', 'contactColumn', 'timestampColumn'] as const) if (typeof o[k] === 'string') next[k] = o[k];
  if (typeof o['type'] === 'string') next.interactionType = o['type'];
  const lookups = (o['lookups'] ?? {}) as Record<string, string>;
  const mapping = (o['columns'] ?? {}) as Record<string, { field?: string; label?: string; type?: ColumnType; skip?: boolean }>;
  for (const [header, col] of Object.entries(next.columns)) {
    const m = mapping[header];
    const field = m?.field ?? header;
    const known = entity?.fields.find((f) => f.name.toLowerCase() === field.toLowerCase());
    next.columns[header] = {
      ...col,
      include: !m?.skip,
      field: known?.name ?? field,
      existing: known !== undefined,
      label: m?.label ?? '',
      type: known && known.type !== 'lookup' ? known.type : (m?.type ?? col.inferred),
      lookup: lookups[header] ?? '',
    };
  }
  return next;
}

/** What is missing before the import can start (empty when ready). */
export function choiceProblems(c: WizardChoices): string[] {
  const out: string[] = [];
  if (c.kind === 'entity') {
    if (!c.entity.trim()) out.push('Pick or name the kind of record to import into.');
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
    // An existing field's type is its own (sent when the sample looks different: the backend then checks the cells against it).
    const mapping = {
      ...(col.field !== header ? { field: col.field.trim() } : {}),
      ...(col.type !== col.inferred ? { type: col.type } : {}),
      ...(!col.existing && col.label.trim() !== '' ? { label: col.label.trim() } : {}),
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
