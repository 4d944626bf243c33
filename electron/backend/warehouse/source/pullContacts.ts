/**
 * Members of a warehouse segment when the catalog came from the warehouse (docs/warehouse.md): the
 * contacts stay there, but Members lists rows of this computer's store, so each go-live or refresh brings
 * the members this computer lacks with their key and display field (e.g. full name) — nothing else.
 */
import { CatalogRepo } from '../../catalog/catalogRepo.js';
import type { Db } from '../../db/connection.js';
import { loadStorageCatalog } from '../../segments/compileCatalog.js';
import { postgres } from '../../segments/sql/dialects/postgres.js';
import { keyCells, shadowOf } from '../../values/storedValue.js';
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
  const cols = ['key', 'key__f', ...(display ? [display.column, ...(display.foldedColumn ? [display.foldedColumn] : [])] : [])];
  const insert = db.prepare(
    `INSERT OR IGNORE INTO "${entity.table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
  );
  const key = ident(postgres, storage.key);
  let added = 0;
  for (let i = 0; i < missing.length; i += KEY_CHUNK) {
    const rows = await pool.query<{ k: string; d: unknown }>(
      `SELECT ${key}::text AS k, ${wcol ? ident(postgres, wcol) : 'NULL'} AS d FROM ${ident(postgres, storage.table)} WHERE ${key} = ANY($1)`,
      [missing.slice(i, i + KEY_CHUNK)],
    );
    db.transaction(() => {
      for (const r of rows) {
        const d = r.d === null || r.d === undefined ? null : String(r.d);
        const shadow = display?.foldedColumn ? [shadowOf(display.type, d)] : [];
        added += insert.run(...keyCells(r.k), ...(display ? [d, ...shadow] : [])).changes;
      }
    })();
  }
  return added;
}
