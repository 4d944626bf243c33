/**
 * "Undo this import": in ONE transaction, deletes the records (or interactions) the import created,
 * restores the stored values it overwrote (recorded at import time, importLog.ts), and removes the
 * catalog it added when nothing uses it any more (no segment, no value left). Refused — changing
 * nothing — while the import runs, once it was undone, when a later import touched the same records
 * (naming that import), or when other records link to records it created. Live segments follow through
 * the data-change hook the caller feeds with the returned changes after commit.
 */
import { ApiFailure } from '../../../shared/api/result.js';
import { pickedName } from '../../../shared/models/fileNames.js';
import type { ImportUndoResult } from '../../../shared/models/import.js';
import type { Db } from '../db/connection.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import {
  dropEntity,
  dropEntityField,
  dropInteractionField,
  dropInteractionTypeIfUnused,
  entityDropProblem,
} from '../catalog/catalogDrop.js';
import { segmentsUsingField } from '../catalog/catalogUsage.js';
import { deleteRecordRows, linkProblem, type StaticCascade } from '../contacts/recordDelete.js';
import { ridsOrMany, type DataChange } from '../dataChange.js';
import { entityImportLog, priorPath, readCreated } from './importLog.js';

interface UndoRow {
  id: string;
  seq: number;
  kind: 'entity' | 'interactions';
  file: string;
  target: string;
  status: string;
  started_at: number;
  stored_columns: string | null;
  created: string | null;
  undone_at: number | null;
}

const refuse = (message: string): never => {
  throw new ApiFailure('invalid_state', message, [{ path: 'id', message }]);
};

/** A later import as the marketer knows it: the file picked and when it started (never its id). */
const describe = (r: { file: string; started_at: number }): string =>
  `import of ${pickedName(r.file)} (${new Date(r.started_at).toISOString().replace('T', ' ').slice(0, 16)} UTC)`;

/** Undoes an import; returns what it did and the changes to report after commit. */
export function undoImport(
  db: Db,
  id: string,
  now: number,
): { result: ImportUndoResult; changes: DataChange[]; cascades: StaticCascade[] } {
  const cascades: StaticCascade[] = [];
  const out = db
    .transaction(() => {
      const row = db.prepare('SELECT * FROM imports WHERE id = ?').get(id) as UndoRow | undefined;
      if (!row) throw new ApiFailure('not_found', `No import with id ${id}.`);
      if (row.status === 'running') refuse('This import is still running; cancel it or wait for it to finish, then undo it.');
      if (row.status === 'refused') refuse('This import was refused before it wrote anything; there is nothing to undo.');
      if (row.undone_at !== null)
        refuse(`This import was already undone (${new Date(row.undone_at).toISOString().replace('T', ' ').slice(0, 16)} UTC).`);
      // Imports from before migration 010 recorded nothing to undo with (every later one records `created`).
      if (row.created === null) refuse('This import ran before imports were recorded for undo; it cannot be undone.');
      const done = row.kind === 'entity' ? undoEntity(db, row, now, cascades) : undoInteractions(db, row);
      db.prepare('UPDATE imports SET undone_at = ?, undo_settled = 0 WHERE id = ?').run(now, id);
      return done;
    })
    .immediate();
  return { ...out, cascades };
}

function undoEntity(db: Db, row: UndoRow, now: number, cascades: StaticCascade[]): { result: ImportUndoResult; changes: DataChange[] } {
  const repo = new CatalogRepo(db);
  const def = repo.entity(row.target);
  const created = readCreated(db, row.id);
  const result: ImportUndoResult = { id: row.id, removed: 0, restored: 0, droppedFields: [], keptFields: [] };
  if (!def) return { result, changes: [] };
  // What this import logged (importLog.ts): rid → prior values, null for the records it created.
  const log = entityImportLog(db, row.seq);
  const later = db
    .prepare(
      `SELECT i.id, i.file, i.started_at, i.seq FROM imports i ` +
        `WHERE i.seq > ? AND i.kind = 'entity' AND i.target = ? COLLATE NOCASE AND i.undone_at IS NULL ORDER BY i.seq`,
    )
    .all(row.seq, def.name) as { id: string; file: string; started_at: number; seq: number }[];
  for (const l of later) {
    let n = 0;
    for (const rid of entityImportLog(db, l.seq).keys()) if (log.has(rid)) n++;
    if (n > 0) refuse(`A later ${describe(l)} changed ${n} of the records this import wrote; undo that import first.`);
  }
  const touched = [...log.keys()].sort((a, b) => a - b);
  const createdRids = touched.filter((rid) => log.get(rid) === null);
  if (def.name.toLowerCase() === 'contact' && createdRids.length > 0) {
    // Created: in one of its ranges and not logged with prior values, or logged created (imports before migration 026).
    const inter = db
      .prepare(
        `SELECT i.id, i.file, i.started_at FROM interactions x JOIN import_interactions r ON x.id BETWEEN r.first_id AND r.last_id ` +
          `JOIN imports i ON i.seq = r.seq WHERE i.undone_at IS NULL AND (` +
          `x.contact_rid IN (SELECT rid FROM import_rows WHERE seq = @seq AND prior IS NULL) OR (` +
          `EXISTS (SELECT 1 FROM import_created c WHERE c.seq = @seq AND x.contact_rid BETWEEN c.first_rid AND c.last_rid) AND ` +
          `NOT EXISTS (SELECT 1 FROM import_rows p WHERE p.seq = @seq AND p.rid = x.contact_rid AND p.prior IS NOT NULL))) LIMIT 1`,
      )
      .get({ seq: row.seq }) as { id: string; file: string; started_at: number } | undefined;
    if (inter) refuse(`A later ${describe(inter)} added interactions to contacts this import created; undo that import first.`);
  }
  // Restore the overwritten values, set-wise, for the columns that still exist.
  const columns = JSON.parse(row.stored_columns ?? '[]') as string[];
  const present = new Set(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(def.table) as string[]);
  const restore = columns.map((c, i) => ({ c, i })).filter((x) => present.has(x.c));
  if (restore.length > 0) {
    const sets = restore.map((x) => `"${x.c}" = json_extract(r.prior, '${priorPath(x.i)}')`).join(', ');
    result.restored = db
      .prepare(
        `UPDATE "${def.table}" SET ${sets} FROM import_rows r WHERE r.seq = ? AND r.prior IS NOT NULL AND r.rid = "${def.table}".rid`,
      )
      .run(row.seq).changes;
  }
  // After the restore: records this import pointed at its own new records no longer count as links.
  const link = linkProblem(db, repo, def, createdRids);
  if (link) refuse(`This import created records that others now link to: ${link}`);
  const changes = deleteRecordRows(db, def, createdRids, now, cascades);
  result.removed = createdRids.length;
  let catalogChanged = false;
  for (const name of created.fields) {
    const field = repo.field(def.name, name);
    if (!field) continue;
    const using = segmentsUsingField(db, repo, def.name, field.name);
    const filled = db.prepare(`SELECT 1 FROM "${def.table}" WHERE "${field.column}" IS NOT NULL LIMIT 1`).get();
    if (using.length > 0) result.keptFields.push(`${field.label} (used by ${using.join(', ')})`);
    else if (filled) result.keptFields.push(`${field.label} (later data fills it)`);
    else {
      changes.push(dropEntityField(db, repo, def.name, field.name));
      result.droppedFields.push(field.label);
      catalogChanged = true;
    }
  }
  if (created.entity && !db.prepare(`SELECT 1 FROM "${def.table}" LIMIT 1`).get() && entityDropProblem(db, repo, def.name) === null) {
    dropEntity(db, repo, def.name);
    result.droppedFields.push(`${def.label} (the kind of record)`);
    return { result, changes: [] };
  }
  const all = repo.entity(def.name)?.fields.map((f) => f.name) ?? [];
  changes.push({ kind: 'profile', entity: def.name, fields: all, rids: catalogChanged ? 'many' : ridsOrMany(touched) });
  return { result, changes };
}

function undoInteractions(db: Db, row: UndoRow): { result: ImportUndoResult; changes: DataChange[] } {
  const repo = new CatalogRepo(db);
  const created = readCreated(db, row.id);
  const result: ImportUndoResult = { id: row.id, removed: 0, restored: 0, droppedFields: [], keptFields: [] };
  const inRanges = 'SELECT x.id FROM interactions x JOIN import_interactions r ON x.id BETWEEN r.first_id AND r.last_id WHERE r.seq = ?';
  const pairs = db.prepare(`SELECT DISTINCT contact_rid AS c, type_id AS t FROM interactions WHERE id IN (${inRanges})`).all(row.seq) as {
    c: number;
    t: number;
  }[];
  const typeIds = [...new Set(pairs.map((p) => p.t))];
  const types = repo.interactionTypes().filter((t) => typeIds.includes(t.id) || created.types.includes(t.name));
  result.removed = db.prepare(`DELETE FROM interactions WHERE id IN (${inRanges})`).run(row.seq).changes;
  const del = db.prepare('DELETE FROM contact_type_stats WHERE contact_rid = ? AND type_id = ?');
  const ins = db.prepare(
    'INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) SELECT contact_rid, type_id, count(*), min(ts), max(ts) ' +
      'FROM interactions WHERE contact_rid = ? AND type_id = ? GROUP BY contact_rid, type_id',
  );
  for (const p of pairs) {
    del.run(p.c, p.t);
    ins.run(p.c, p.t);
  }
  for (const tf of created.typeFields) {
    const type = repo.interactionType(tf.type);
    const field = type?.fields.find((f) => f.name.toLowerCase() === tf.field.toLowerCase());
    if (!type || !field) continue;
    const filled = db.prepare(`SELECT 1 FROM interactions WHERE type_id = ? AND "${field.column}" IS NOT NULL LIMIT 1`).get(type.id);
    if (filled) {
      result.keptFields.push(`${type.label}: ${field.label} (later data fills it)`);
      continue;
    }
    const dropped = dropInteractionField(db, repo, type.name, field.name);
    if (dropped === null) result.keptFields.push(`${type.label}: ${field.label} (used by a segment)`);
    else if (dropped.length > 0) result.droppedFields.push(`${type.label}: ${field.label}`);
  }
  for (const t of created.types) {
    const label = repo.interactionType(t)?.label ?? t;
    if (dropInteractionTypeIfUnused(db, repo, t)) result.droppedFields.push(`${label} (interaction type)`);
  }
  const contactRids = ridsOrMany(new Set(pairs.map((p) => p.c)));
  const changes: DataChange[] = types.length > 0 ? [{ kind: 'interactions', types: types.map((t) => t.name), contactRids }] : [];
  return { result, changes };
}
