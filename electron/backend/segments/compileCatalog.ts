/**
 * The compiler's view of the catalog: every table, column and index name the SQL compiler may ever
 * write, read from the catalog tables of docs/storage.md. Identifiers come only from here (never from
 * a definition), and are checked again against a strict pattern before they are quoted.
 */
import type { ChoiceOption, FieldType } from '../../../shared/models/catalog.js';
import type { Db } from '../db/connection.js';

/** A typed column of an entity table or of `interactions`. */
export interface StorageField {
  name: string;
  type: FieldType;
  column: string;
  /** Folded shadow column (`<column>__f`) for text, choice and multichoice. */
  foldedColumn: string | null;
  options: ChoiceOption[];
  lookupEntity: string | null;
}

export interface StorageEntity {
  name: string;
  table: string;
  keyField: string;
  /** Fields by lower-cased name. */
  fields: Map<string, StorageField>;
}

export interface StorageRelationship {
  name: string;
  referencingEntity: string;
  referencedEntity: string;
  lookupField: string;
}

export interface StorageInteractionType {
  id: number;
  name: string;
  /** Fields by lower-cased name. */
  fields: Map<string, StorageField>;
}

/** Names of the indexes whose use the compiler pins (null when the index does not exist). */
export interface StorageIndexes {
  /** `interactions(type_id, ts, contact_rid)`: covering index for time-window counts. */
  interactionsByTypeTs: string | null;
  /** `interactions(contact_rid, type_id, ts)`: per-contact probes. */
  interactionsByContact: string | null;
  /** `contact_type_stats(type_id, last_ts, contact_rid)`. */
  statsByTypeLastTs: string | null;
  /** Whether `contact_type_stats` exists at all. */
  hasTypeStats: boolean;
}

export interface StorageCatalog {
  /** Entities by lower-cased name. */
  entities: Map<string, StorageEntity>;
  /** Relationships by lower-cased name. */
  relationships: Map<string, StorageRelationship>;
  /** Interaction types by lower-cased name. */
  interactionTypes: Map<string, StorageInteractionType>;
  indexes: StorageIndexes;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes an identifier that came from the catalog; refuses anything that is not a plain name. */
export function quoteIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Refusing unsafe SQL identifier from the catalog: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

const FOLDED_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['text', 'choice', 'multichoice']);

function parseOptions(json: string | null): ChoiceOption[] {
  if (!json) return [];
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((o: unknown) => {
    if (typeof o === 'string') return [{ value: o, label: o }];
    if (o && typeof o === 'object' && 'value' in o && typeof o.value === 'string') {
      const label = 'label' in o && typeof o.label === 'string' ? o.label : o.value;
      return [{ value: o.value, label }];
    }
    return [];
  });
}

interface FieldRow {
  owner: string | number;
  name: string;
  type: FieldType;
  column_name: string;
  options: string | null;
  lookup_entity: string | null;
}

function toField(r: FieldRow): StorageField {
  return {
    name: r.name,
    type: r.type,
    column: r.column_name,
    foldedColumn: FOLDED_TYPES.has(r.type) ? `${r.column_name}__f` : null,
    options: parseOptions(r.options),
    lookupEntity: r.lookup_entity,
  };
}

function tableExists(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/** Finds an index on `table` whose leading columns are exactly `columns` (in order). */
export function findIndex(db: Db, table: string, columns: readonly string[]): string | null {
  if (!tableExists(db, table)) return null;
  const list = db.prepare(`SELECT name FROM pragma_index_list(?)`).all(table) as { name: string }[];
  for (const { name } of list) {
    const cols = (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(name) as { name: string | null }[]).map(
      (c) => c.name,
    );
    if (columns.every((c, i) => cols[i] === c) && IDENT.test(name)) return name;
  }
  return null;
}

/** Reads the catalog tables (docs/storage.md). Missing catalog tables read as an empty catalog. */
export function loadStorageCatalog(db: Db): StorageCatalog {
  const entities = new Map<string, StorageEntity>();
  const relationships = new Map<string, StorageRelationship>();
  const interactionTypes = new Map<string, StorageInteractionType>();

  if (tableExists(db, 'catalog_entities')) {
    const rows = db.prepare(`SELECT name, key_field, table_name FROM catalog_entities`).all() as {
      name: string;
      key_field: string;
      table_name: string;
    }[];
    for (const r of rows)
      entities.set(r.name.toLowerCase(), { name: r.name, table: r.table_name, keyField: r.key_field, fields: new Map() });
    const fields = db
      .prepare(`SELECT entity AS owner, name, type, column_name, options, lookup_entity FROM catalog_fields ORDER BY ordinal`)
      .all() as FieldRow[];
    for (const f of fields) entities.get(String(f.owner).toLowerCase())?.fields.set(f.name.toLowerCase(), toField(f));
  }
  if (tableExists(db, 'catalog_relationships')) {
    const rows = db.prepare(`SELECT name, referencing_entity, referenced_entity, lookup_field FROM catalog_relationships`).all() as {
      name: string;
      referencing_entity: string;
      referenced_entity: string;
      lookup_field: string;
    }[];
    for (const r of rows) {
      relationships.set(r.name.toLowerCase(), {
        name: r.name,
        referencingEntity: r.referencing_entity,
        referencedEntity: r.referenced_entity,
        lookupField: r.lookup_field,
      });
    }
  }
  if (tableExists(db, 'interaction_types')) {
    const rows = db.prepare(`SELECT id, name FROM interaction_types`).all() as { id: number; name: string }[];
    const byId = new Map<number, StorageInteractionType>();
    for (const r of rows) {
      const t: StorageInteractionType = { id: r.id, name: r.name, fields: new Map() };
      interactionTypes.set(r.name.toLowerCase(), t);
      byId.set(r.id, t);
    }
    const fields = db
      .prepare(`SELECT type_id AS owner, name, type, column_name, options, NULL AS lookup_entity FROM interaction_fields ORDER BY ordinal`)
      .all() as FieldRow[];
    for (const f of fields) byId.get(Number(f.owner))?.fields.set(f.name.toLowerCase(), toField(f));
  }

  const statsIndex = findIndex(db, 'contact_type_stats', ['type_id', 'last_ts', 'contact_rid']);
  return {
    entities,
    relationships,
    interactionTypes,
    indexes: {
      interactionsByTypeTs: findIndex(db, 'interactions', ['type_id', 'ts', 'contact_rid']),
      interactionsByContact: findIndex(db, 'interactions', ['contact_rid', 'type_id', 'ts']),
      statsByTypeLastTs: statsIndex,
      // While a bulk interaction load runs, the summary is not current and its index is dropped
      // (the durable mark, io/interactionImport.ts): answer from the log until it is rebuilt.
      hasTypeStats: statsIndex !== null && tableExists(db, 'contact_type_stats'),
    },
  };
}
