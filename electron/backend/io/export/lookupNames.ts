/**
 * Lookup values by name, in bulk: a page of rows names related records by internal row id; one query
 * per related entity and page (`rid IN json_each(?)`) turns them into the record's display name (the
 * entity's `displayField`, catalog) and key. Never one query per row.
 */
import type { LookupRef } from '../../../../shared/values/format.js';
import type { CatalogRepo } from '../../catalog/catalogRepo.js';
import { lookupTarget } from '../../catalog/lookupRecords.js';
import type { Db } from '../../db/connection.js';
import { stmt } from '../../db/statements.js';

/** Related record of (entity, rid), or null when it does not exist. */
export type LookupNames = (entity: string, rid: number) => LookupRef | null;

/** Row ids wanted per related entity. */
export type LookupWants = Map<string, Set<number>>;

/** Adds one stored lookup value (a row id, or null) to `wants`. */
export function wantLookup(wants: LookupWants, entity: string | null, stored: unknown): void {
  if (entity === null || stored === null || stored === undefined) return;
  const rid = Number(stored);
  if (!Number.isSafeInteger(rid)) return;
  const key = entity.toLowerCase();
  let set = wants.get(key);
  if (!set) wants.set(key, (set = new Set()));
  set.add(rid);
}

/** Resolves every wanted row id with one query per entity. */
export function resolveLookups(db: Db, repo: Pick<CatalogRepo, 'entity'>, wants: LookupWants): LookupNames {
  const found = new Map<string, Map<number, LookupRef>>();
  for (const [entity, rids] of wants) {
    const def = repo.entity(entity);
    const byRid = new Map<number, LookupRef>();
    found.set(entity, byRid);
    if (!def || rids.size === 0) continue;
    const t = lookupTarget(def);
    const rows = stmt(db, `SELECT rid, key, "${t.label}" AS name FROM "${t.table}" WHERE rid IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify([...rids]),
    ) as { rid: number; key: string; name: unknown }[];
    for (const r of rows) {
      const name = r.name === null || r.name === undefined || r.name === '' ? null : String(r.name);
      byRid.set(r.rid, { key: String(r.key), name });
    }
  }
  return (entity, rid) => found.get(entity.toLowerCase())?.get(rid) ?? null;
}
