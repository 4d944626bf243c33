/**
 * The catalog's entities, read once and reused until the catalog changes. `contacts.update` needs them
 * for validation and for the detail it returns; reading and parsing the catalog tables cost a third of
 * an edit. Staleness is decided by the catalog generation (migration 022: triggers on every catalog
 * table, whichever connection writes) and the schema version (columns added or tables rebuilt).
 */
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';
import { CatalogRepo, type EntityDef } from '../catalog/catalogRepo.js';

interface Cached {
  gen: number;
  schema: number;
  entities: EntityDef[];
}

const cache = new WeakMap<Db, Cached>();

/**
 * The catalog's entities as of now (shared between callers: never mutate them). One integer read and
 * one pragma when nothing changed since the last call on this connection.
 */
export function catalogEntities(db: Db): EntityDef[] {
  // One prepared statement (db.pragma would prepare anew on every call).
  const { gen, schema } = stmt(
    db,
    'SELECT (SELECT gen FROM catalog_generation WHERE id = 1) AS gen, (SELECT schema_version FROM pragma_schema_version) AS schema',
  ).get() as { gen: number; schema: number };
  const hit = cache.get(db);
  if (hit && hit.gen === gen && hit.schema === schema) return hit.entities;
  const entities = new CatalogRepo(db).entities();
  cache.set(db, { gen, schema, entities });
  return entities;
}
