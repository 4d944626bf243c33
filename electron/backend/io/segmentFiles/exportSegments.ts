/**
 * Export: the chosen segments plus every segment they reference (transitively) as one stable,
 * diff-friendly segment file. Database ids never reach the file: segments get file-local ids derived
 * from their names, and segment blocks are rewritten to them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure, type ApiIssue } from '../../../../shared/api/result.js';
import type { Catalog } from '../../../../shared/models/catalog.js';
import type { SegmentDefinition } from '../../../../shared/segments/ast.js';
import {
  MAX_SEGMENT_FILE_BYTES,
  MAX_SEGMENT_FILE_STRING,
  SEGMENT_FILE_EXTENSION,
  SEGMENT_FILE_FORMAT_VERSION,
  stableStringify,
  type FileSegment,
  type SegmentFile,
} from '../../../../shared/segments/fileFormat.js';
import { printDefinition } from '../../../../shared/segments/queryPrint.js';
import { validateDefinition } from '../../../../shared/segments/validate.js';
import type { Db } from '../../db/connection.js';
import type { SegmentRow } from '../../segments/segmentService.js';
import { referencesOf } from './fileChecks.js';
import { collectRequirements } from './requirements.js';
import { exportTemplates } from './fileTemplates.js';

/** What to export. */
export interface ExportRequest {
  /** Database ids of the segments to export (their references come along). */
  segmentIds?: readonly string[];
  /** Export every segment instead. */
  all?: boolean;
  /** Static member keys (default true). */
  includeMembers?: boolean;
  /** The stored templates too (default false). */
  includeTemplates?: boolean;
}

export interface ExportedFile {
  file: SegmentFile;
  text: string;
  /** Suggested file name, e.g. `contacts-in-seattle.segment.json`. */
  fileName: string;
  /** Database id → file-local id of every exported segment, in file order. */
  segments: { id: string; localId: string; name: string }[];
}

/** A file-local id from a name: lower-case letters and digits joined by '-', made unique. */
export function slugFor(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'segment';
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

function rewriteRefs(def: SegmentDefinition, map: (id: string) => string): SegmentDefinition {
  if (def.kind === 'static') return { ...def };
  const copy = structuredClone(def);
  for (const b of copy.blocks) if (b.kind === 'segment') b.segmentId = map(b.segmentId);
  return copy;
}

/** Dependencies before dependants; otherwise by name, so the order is stable across exports. */
function orderRows(rows: Map<string, SegmentRow>, refs: Map<string, string[]>): SegmentRow[] {
  const remaining = new Map(rows);
  const ordered: SegmentRow[] = [];
  const byName = (a: SegmentRow, b: SegmentRow): number =>
    a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : a.id < b.id ? -1 : 1;
  while (remaining.size > 0) {
    const ready = [...remaining.values()].filter((r) => (refs.get(r.id) ?? []).every((d) => !remaining.has(d))).sort(byName);
    // A stored cycle cannot go live, but drafts might hold one: emit the rest by name rather than loop.
    const next = ready[0] ?? [...remaining.values()].sort(byName)[0];
    if (!next) break;
    ordered.push(next);
    remaining.delete(next.id);
  }
  return ordered;
}

/** Builds the file for `req` from the database (reads only). */
export function buildExport(db: Db, catalog: Catalog, req: ExportRequest): ExportedFile {
  const getRow = db.prepare('SELECT * FROM segments WHERE id = ?');
  const start: string[] = req.all
    ? (db.prepare('SELECT id FROM segments ORDER BY name_lower').pluck().all() as string[])
    : [...(req.segmentIds ?? [])];
  if (start.length === 0)
    throw new ApiFailure('invalid_input', req.all ? 'There are no segments to export.' : 'Choose at least one segment to export.', [
      { path: 'segmentIds', message: 'No segments chosen' },
    ]);
  const rows = new Map<string, SegmentRow>();
  const refs = new Map<string, string[]>();
  const queue = start.map((id) => ({ id, from: undefined as SegmentRow | undefined }));
  for (let item = queue.shift(); item; item = queue.shift()) {
    if (rows.has(item.id)) continue;
    const row = getRow.get(item.id) as SegmentRow | undefined;
    if (!row) {
      if (item.from)
        throw new ApiFailure(
          'invalid_state',
          `"${item.from.name}" uses a segment that no longer exists (${item.id}); remove that block before exporting.`,
        );
      throw new ApiFailure('not_found', `No segment with id "${item.id}".`, [
        { path: 'segmentIds', message: `Unknown segment ${item.id}` },
      ]);
    }
    rows.set(row.id, row);
    const def = JSON.parse(row.definition) as SegmentDefinition;
    const r = referencesOf(def);
    refs.set(row.id, r);
    for (const id of r) queue.push({ id, from: row });
  }
  const ordered = orderRows(rows, refs);
  const taken = new Set<string>();
  const localIds = new Map(ordered.map((r) => [r.id, slugFor(r.name, taken)]));
  const local = (id: string): string => localIds.get(id) ?? id;
  const names = new Map(ordered.map((r) => [local(r.id), r.name]));
  const includeMembers = req.includeMembers !== false;
  const memberKeys = db.prepare(
    'SELECT c.key FROM static_members s JOIN ent_contact c ON c.rid = s.contact_rid WHERE s.segment_id = ? ORDER BY c.key',
  );

  const problems: ApiIssue[] = [];
  const badNames = new Set<string>();
  const segments: FileSegment[] = [];
  for (const row of ordered) {
    const stored = JSON.parse(row.definition) as SegmentDefinition;
    // A definition that does not fit this catalog could not be checked on import: fix it first.
    for (const issue of validateDefinition(stored, catalog)) {
      badNames.add(row.name);
      problems.push({
        path: `segments.${row.id}.definition${issue.path ? `.${issue.path}` : ''}`,
        message: `${row.name}: ${issue.message}`,
        nodeId: issue.nodeId,
      });
    }
    const definition = rewriteRefs(stored, local);
    const queryText = definition.kind === 'static' ? '' : printDefinition(definition, catalog, (id) => names.get(id));
    segments.push({
      id: local(row.id),
      name: row.name,
      type: row.type,
      description: row.description,
      timeZone: row.time_zone,
      definition,
      // Very long query text would break the file's string limit; the definition is what counts.
      ...(queryText !== '' && queryText.length <= MAX_SEGMENT_FILE_STRING ? { queryText } : {}),
      ...(row.type === 'static' && includeMembers ? { members: memberKeys.pluck().all(row.id) as string[] } : {}),
    });
  }
  const templates = req.includeTemplates ? exportTemplates(db) : [];
  for (const t of templates)
    for (const issue of validateDefinition(t.definition, catalog, { template: true })) {
      badNames.add(`template ${t.name}`);
      problems.push({
        path: `templates.${t.name}.definition${issue.path ? `.${issue.path}` : ''}`,
        message: `${t.name}: ${issue.message}`,
      });
    }
  if (problems.length > 0) {
    throw new ApiFailure(
      'validation_failed',
      `Fix the problems in ${[...badNames].map((n) => `"${n}"`).join(', ')} before exporting (${problems.length} problem${problems.length === 1 ? '' : 's'}).`,
      problems,
    );
  }
  const withMembers = segments.some((s) => s.members !== undefined && s.members.length > 0);
  const file: SegmentFile = {
    formatVersion: SEGMENT_FILE_FORMAT_VERSION,
    generator: 'Segment Studio',
    catalog: collectRequirements([...segments.map((s) => s.definition), ...templates.map((t) => t.definition)], catalog, withMembers),
    segments,
    ...(templates.length > 0 ? { templates } : {}),
  };
  const text = stableStringify(file);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SEGMENT_FILE_BYTES) {
    throw new ApiFailure(
      'invalid_input',
      `The file would be ${(bytes / 1024 / 1024).toFixed(1)} MB, more than the 20 MB a segment file may hold. Export fewer segments, or leave out static members.`,
    );
  }
  const single = start.length === 1 && !req.all ? rows.get(start[0] ?? '') : undefined;
  const fileName = `${single ? local(single.id) : 'segments'}${SEGMENT_FILE_EXTENSION}`;
  return { file, text, fileName, segments: ordered.map((r) => ({ id: r.id, localId: local(r.id), name: r.name })) };
}

/** Writes `text` to `target` atomically (temp file + rename), so a failed write never leaves half a file. */
export function writeFileAtomic(target: string, text: string): string {
  const full = path.resolve(target);
  const dir = path.dirname(full);
  if (!fs.existsSync(dir))
    throw new ApiFailure('invalid_input', `The folder ${dir} does not exist.`, [{ path: 'path', message: 'No such folder' }]);
  const tmp = path.join(dir, `.${path.basename(full)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, 'utf8');
    fs.renameSync(tmp, full);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new ApiFailure('invalid_input', `Could not write ${full}: ${err instanceof Error ? err.message : String(err)}`, [
      { path: 'path', message: 'Not writable' },
    ]);
  }
  return full;
}
