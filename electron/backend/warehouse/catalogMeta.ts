/**
 * `segment_studio_catalog`: the catalog as metadata in the warehouse, written by `warehouse push` to
 * PostgreSQL (docs/warehouse.md). Plain introspection of the tables recovers names, types and keys but not
 * display labels, choice options, lookups (the pushed tables carry no foreign keys) nor which interaction
 * fields belong to which type; this one-row table keeps them, so an app reading its catalog from the
 * warehouse gets the same catalog the desktop had.
 */
import type { ChoiceOption, FieldType } from '../../../shared/models/catalog.js';
import type { Db } from '../db/connection.js';
import { describeCatalog } from '../catalog/describe.js';

export const CATALOG_META_TABLE = 'segment_studio_catalog';
/** Bumped when the JSON below changes shape; a reader refuses formats it does not know. */
export const CATALOG_META_FORMAT = 1;

/** One field as the metadata keeps it. */
export interface MetaField {
  name: string;
  label?: string | undefined;
  type: FieldType;
  options?: ChoiceOption[] | undefined;
  /** The referenced entity of a lookup field. */
  lookupEntity?: string | undefined;
}

/** The catalog the warehouse was pushed from (also what plain introspection produces, without labels). */
export interface MetaCatalog {
  entities: {
    name: string;
    label?: string | undefined;
    keyField: string;
    keyLabel?: string | undefined;
    displayField?: string | undefined;
    /** Every field but the key. */
    fields: MetaField[];
  }[];
  relationships: { name: string; label?: string | undefined }[];
  interactionTypes: { name: string; label?: string | undefined; fields: MetaField[] }[];
}

const field = (f: MetaField): MetaField => ({
  name: f.name,
  label: f.label,
  type: f.type,
  ...(f.options && f.options.length > 0 ? { options: f.options } : {}),
  ...(f.lookupEntity ? { lookupEntity: f.lookupEntity } : {}),
});

/** The desktop catalog as metadata. */
export function catalogMeta(db: Db): MetaCatalog {
  const c = describeCatalog(db);
  return {
    entities: c.entities.map((e) => ({
      name: e.name,
      label: e.label,
      keyField: e.keyField,
      keyLabel: e.fields.find((f) => f.name === e.keyField)?.label,
      displayField: e.displayField,
      fields: e.fields.filter((f) => f.name !== e.keyField).map(field),
    })),
    relationships: c.relationships.filter((r) => r.labelSet === true).map((r) => ({ name: r.name, label: r.label })),
    interactionTypes: c.interactionTypes.map((t) => ({ name: t.name, label: t.label, fields: t.fields.map(field) })),
  };
}

/** Statements (PostgreSQL) that replace the metadata table; `$1` is the catalog JSON, `$2` the format. */
export const CATALOG_META_DDL = [
  `DROP TABLE IF EXISTS ${CATALOG_META_TABLE}`,
  `CREATE TABLE ${CATALOG_META_TABLE} (format integer NOT NULL, catalog jsonb NOT NULL, pushed_at timestamptz NOT NULL)`,
];
export const CATALOG_META_INSERT = `INSERT INTO ${CATALOG_META_TABLE} (format, catalog, pushed_at) VALUES ($2, $1::jsonb, statement_timestamp())`;
