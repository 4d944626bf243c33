/**
 * Members of a warehouse segment when the catalog came from the warehouse (docs/warehouse.md): the
 * contacts stay there, but Members lists rows of this computer's store, so each go-live or refresh brings
 * the members this computer lacks with their key and display field (e.g. full name) — nothing else.
 */
import { CatalogRepo } from '../../catalog/catalogRepo.js';
import type { Db } from '../../db/connection.js';
import { loadStorageCatalog } from '../../segments/compileCatalog.js';
import { postgres } from '../../segments/sql/dialects/postgres.js';
import { insertRecords } from '../../values/storedValue.js';
import { ident, warehouseSchema } from '../schema.js';
import type { WarehousePool } from './pool.js';

const KEY_CHUNK = 500;

/** Inserts the contacts of `keys` this store lacks (key + display field, read from the warehouse in chunks). */
export async function pullMemberContacts(db: Db, pool: WarehousePool, keys: readonly string[]): Promise<number> {
  const entity = new CatalogRepo(db).entity('contact');
  const storage = warehouseSchema(loadStorageCatalog(db)).entities.get('contact');
  if (!entity || !storage) return 0;
  const held = db.prepare(`SELECT 1 FROM "${entity.table}" WHERE key = ?`);
  const missing = keys.filter((k) => held.get(k) === undefined);
  const display = entity.fields.find((f) => f.name === entity.displayField && f.column !== 'key');
  const wcol = display ? storage.columns.get(display.name.toLowerCase())?.name : undefined;
  const key = ident(postgres, storage.key);
  let added = 0;
  for (let i = 0; i < missing.length; i += KEY_CHUNK) {
    const rows = await pool.query<{ k: string; d: unknown }>(
      `SELECT ${key}::text AS k, ${wcol ? ident(postgres, wcol) : 'NULL'} AS d FROM ${ident(postgres, storage.table)} WHERE ${key} = ANY($1)`,
      [missing.slice(i, i + KEY_CHUNK)],
    );
    // Through the one writer of stored values (values/storedValue.ts): it adds the key's and the display
    // field's folded shadows. Keys an import added meanwhile are skipped (re-checked in the transaction).
    db.transaction(() => {
      const fresh = rows.filter((r) => held.get(r.k) === undefined);
      const records = fresh.map((r) => ({ key: r.k, values: display ? [r.d === null || r.d === undefined ? null : String(r.d)] : [] }));
      added += insertRecords(db, entity.table, display ? [display] : [], records).length;
    })();
  }
  return added;
}
