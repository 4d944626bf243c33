/**
 * Deleting records of any entity (contacts from their grid and page, `delete --entity E --key K…`,
 * and the rows an undone import created). A deletion is refused — changing nothing — when a key is
 * unknown or another record still links to one of them through a lookup field. Deleting contacts also
 * deletes their interactions and their static-segment memberships (a live static segment's members and
 * history follow in the same transaction); live segments follow through the data-change hook.
 */
import { ApiFailure } from '../../../shared/api/result.js';
import type { Db } from '../db/connection.js';
import type { CatalogRepo, EntityDef } from '../catalog/catalogRepo.js';
import { ridsOrMany, type DataChange } from '../dataChange.js';
import { applyContacts } from '../live/membershipWriter.js';

/** Records named by key or rid, resolved to rids (unknown keys refused). */
export function resolveRecords(
  db: Db,
  repo: CatalogRepo,
  input: { entity: string; keys?: readonly string[] | undefined; rids?: readonly number[] | undefined },
): { def: EntityDef; rids: number[] } {
  const def = repo.entity(input.entity);
  if (!def) throw new ApiFailure('not_found', `There is no entity "${input.entity}".`, [{ path: 'entity', message: 'unknown entity' }]);
  const wanted = input.keys ?? [];
  const byKey = db
    .prepare(`SELECT key, rid FROM "${def.table}" WHERE key IN (SELECT value FROM json_each(?))`)
    .raw()
    .all(JSON.stringify(wanted)) as [string, number][];
  const found = new Map(byKey);
  const unknownKeys = wanted.filter((k) => !found.has(k));
  if (unknownKeys.length > 0) {
    const message = `No ${def.label.toLowerCase()} has the key${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.slice(0, 10).join(', ')}${unknownKeys.length > 10 ? ', …' : ''}; nothing was deleted.`;
    throw new ApiFailure('not_found', message, [{ path: 'keys', message }]);
  }
  const givenRids = input.rids ?? [];
  const existing = new Set(
    db
      .prepare(`SELECT rid FROM "${def.table}" WHERE rid IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(JSON.stringify(givenRids)) as number[],
  );
  const missing = givenRids.filter((r) => !existing.has(r));
  if (missing.length > 0) {
    const message = `No ${def.label.toLowerCase()} has the id${missing.length > 1 ? 's' : ''} ${missing.slice(0, 10).join(', ')}; nothing was deleted.`;
    throw new ApiFailure('not_found', message, [{ path: 'rids', message }]);
  }
  return { def, rids: [...new Set([...found.values(), ...givenRids])].sort((a, b) => a - b) };
}

/** Names of the segments (sorted) that have any of these contacts as a member or a static member. */
export function segmentsHolding(db: Db, rids: readonly number[]): string[] {
  if (rids.length === 0) return [];
  const json = JSON.stringify(rids);
  return db
    .prepare(
      `SELECT s.name FROM segments s WHERE EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = s.id AND m.contact_rid IN (SELECT value FROM json_each(?))) ` +
        `OR EXISTS (SELECT 1 FROM static_members sm WHERE sm.segment_id = s.id AND sm.contact_rid IN (SELECT value FROM json_each(?))) ORDER BY s.name`,
    )
    .pluck()
    .all(json, json) as string[];
}

/** Why these records cannot be deleted (another record links to them), or null. */
export function linkProblem(db: Db, repo: CatalogRepo, def: EntityDef, rids: readonly number[]): string | null {
  const json = JSON.stringify(rids);
  for (const other of repo.entities()) {
    for (const f of other.fields) {
      if (f.type !== 'lookup' || f.lookupEntity?.toLowerCase() !== def.name.toLowerCase()) continue;
      const n = db
        .prepare(
          `SELECT count(*) FROM "${other.table}" WHERE "${f.column}" IN (SELECT value FROM json_each(?))` +
            (other.table === def.table ? ` AND rid NOT IN (SELECT value FROM json_each(?))` : ''),
        )
        .pluck()
        .get(...(other.table === def.table ? [json, json] : [json])) as number;
      if (n > 0)
        return `${n} ${other.label.toLowerCase()} record${n > 1 ? 's' : ''} still link${n > 1 ? '' : 's'} to ${rids.length > 1 ? 'these records' : 'this record'} through "${f.label}"; change or delete ${n > 1 ? 'them' : 'it'} first.`;
    }
  }
  return null;
}

/** A live static segment whose members changed in a deletion: segments using it follow after commit. */
export interface StaticCascade {
  segmentId: string;
  /** The rids whose membership changed; null when too many to list (dependants re-evaluate whole). */
  rids: number[] | null;
}

/**
 * Deletes the records (call inside a transaction, after {@link linkProblem} said nothing). Returns the
 * changes to report after commit; live static segments that lost members are added to `cascades`.
 */
export function deleteRecordRows(
  db: Db,
  def: EntityDef,
  rids: readonly number[],
  now: number,
  cascades: StaticCascade[] = [],
): DataChange[] {
  if (rids.length === 0) return [];
  const json = JSON.stringify(rids);
  const changes: DataChange[] = [{ kind: 'profile', entity: def.name, fields: def.fields.map((f) => f.name), rids: ridsOrMany(rids) }];
  if (def.name.toLowerCase() === 'contact') {
    const types = db
      .prepare(
        'SELECT DISTINCT t.name FROM contact_type_stats s JOIN interaction_types t ON t.id = s.type_id WHERE s.contact_rid IN (SELECT value FROM json_each(?))',
      )
      .pluck()
      .all(json) as string[];
    db.prepare('DELETE FROM interactions WHERE contact_rid IN (SELECT value FROM json_each(?))').run(json);
    db.prepare('DELETE FROM contact_type_stats WHERE contact_rid IN (SELECT value FROM json_each(?))').run(json);
    if (types.length > 0) changes.push({ kind: 'interactions', types, contactRids: ridsOrMany(rids) });
    // Static segments are not re-evaluated by data changes: their members go here, with history when live.
    const statics = db
      .prepare(
        `SELECT DISTINCT sm.segment_id AS id, s.status FROM static_members sm JOIN segments s ON s.id = sm.segment_id WHERE sm.contact_rid IN (SELECT value FROM json_each(?))`,
      )
      .all(json) as { id: string; status: string }[];
    db.prepare('DELETE FROM static_members WHERE contact_rid IN (SELECT value FROM json_each(?))').run(json);
    for (const s of statics) {
      if (s.status !== 'live') continue;
      const out = applyContacts(db, { segmentId: s.id, reason: 'staticEdit', now }, rids, new Set(), performance.now());
      cascades.push({ segmentId: s.id, rids: out.changedRids });
    }
  }
  db.prepare(`DELETE FROM "${def.table}" WHERE rid IN (SELECT value FROM json_each(?))`).run(json);
  return changes;
}
