/**
 * Contacts as member lists show them: rid, external key and display name. The display column comes
 * from the catalog (contact's display field), never from user input.
 */
import type { ContactRef } from '../../../shared/api/contract/live.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Db } from '../db/connection.js';
import type { FieldType } from '../../../shared/models/catalog.js';
import { stmt } from '../db/statements.js';
import { hasShadow, shadowColumnOf } from '../values/storedValue.js';
import { loadStorageCatalog, quoteIdent, type StorageField } from '../segments/compileCatalog.js';

/** The contact's display column (quoted), or null when the display field is the key. */
export function contactDisplayColumn(db: Db): string | null {
  const row = stmt(db, `SELECT display_field, key_field FROM catalog_entities WHERE name = 'contact' COLLATE NOCASE`).get() as
    { display_field: string | null; key_field: string } | undefined;
  if (!row?.display_field || row.display_field.toLowerCase() === row.key_field.toLowerCase()) return null;
  const col = stmt(db, `SELECT column_name FROM catalog_fields WHERE entity = 'contact' COLLATE NOCASE AND name = ? COLLATE NOCASE`)
    .pluck()
    .get(row.display_field) as string | undefined;
  return col ? quoteIdent(col) : null;
}

/**
 * The columns a members search matches (quoted): the key's folded shadow and the display field's
 * (case- and accent-insensitive, compared with a search folded by foldText) — its plain column when
 * its type has no shadow.
 */
export function contactSearchColumns(db: Db): string[] {
  const cols = [quoteIdent(shadowColumnOf('key'))];
  const row = stmt(db, `SELECT display_field, key_field FROM catalog_entities WHERE name = 'contact' COLLATE NOCASE`).get() as
    { display_field: string | null; key_field: string } | undefined;
  if (!row?.display_field || row.display_field.toLowerCase() === row.key_field.toLowerCase()) return cols;
  const field = stmt(
    db,
    `SELECT column_name, type FROM catalog_fields WHERE entity = 'contact' COLLATE NOCASE AND name = ? COLLATE NOCASE`,
  ).get(row.display_field) as { column_name: string; type: FieldType } | undefined;
  if (field) cols.push(quoteIdent(hasShadow(field.type) ? shadowColumnOf(field.column_name) : field.column_name));
  return cols;
}

/**
 * The fields a members search matches, by name — the same ones as `contactSearchColumns` — when all
 * of them are text (a folded "contains" rule then matches exactly what the folded LIKE matches), else
 * null: the search stays on SQL.
 */
export function contactSearchFields(db: Db): string[] | null {
  const row = stmt(db, `SELECT display_field, key_field FROM catalog_entities WHERE name = 'contact' COLLATE NOCASE`).get() as
    { display_field: string | null; key_field: string } | undefined;
  if (!row) return null;
  const names = [row.key_field];
  if (row.display_field && row.display_field.toLowerCase() !== row.key_field.toLowerCase()) names.push(row.display_field);
  const typeOf = stmt(db, `SELECT type FROM catalog_fields WHERE entity = 'contact' COLLATE NOCASE AND name = ? COLLATE NOCASE`).pluck();
  return names.every((n) => typeOf.get(n) === 'text') ? names : null;
}

/** The contact entity's key field name (e.g. `contactid`). */
export function contactKeyField(db: Db): string {
  return (
    (stmt(db, `SELECT key_field FROM catalog_entities WHERE name = 'contact' COLLATE NOCASE`).pluck().get() as string | undefined) ??
    'contactid'
  );
}

/** ContactRefs for rids, in the order given (unknown rids are left out). */
export function contactRefs(db: Db, rids: readonly number[]): ContactRef[] {
  if (rids.length === 0) return [];
  const name = contactDisplayColumn(db);
  const rows = stmt(db, `SELECT rid, key, ${name ?? 'NULL'} AS name FROM ent_contact WHERE rid IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(rids),
  ) as { rid: number; key: string; name: unknown }[];
  const byRid = new Map(
    rows.map((r) => [r.rid, { rid: r.rid, key: r.key, name: r.name === null || r.name === undefined ? null : String(r.name) }]),
  );
  return rids.flatMap((r) => byRid.get(r) ?? []);
}

/** The contact with this external key, or not_found. */
export function contactByKey(db: Db, key: string): ContactRef {
  const rid = stmt(db, 'SELECT rid FROM ent_contact WHERE key = ?').pluck().get(key) as number | undefined;
  const ref = rid === undefined ? undefined : contactRefs(db, [rid])[0];
  if (!ref) throw new ApiFailure('not_found', `No contact with id "${key}".`);
  return ref;
}

/** Contact fields for chosen columns; unknown names are refused with the list of known ones. */
export function contactColumns(db: Db, names: readonly string[]): { name: string; field: StorageField }[] {
  const contact = loadStorageCatalog(db).entities.get('contact');
  return names.map((n, i) => {
    const field = contact?.fields.get(n.toLowerCase());
    if (!field) {
      const known = [...(contact?.fields.values() ?? [])].map((f) => f.name).join(', ');
      throw new ApiFailure('invalid_input', `Unknown contact field "${n}". Known fields: ${known || '(none)'}.`, [
        { path: `columns.${i}`, message: `Unknown contact field "${n}"` },
      ]);
    }
    return { name: field.name, field };
  });
}
