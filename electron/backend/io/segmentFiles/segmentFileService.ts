/**
 * Segment files: export, inspect and import (docs/segment-file-format.md). An import is checked whole
 * before anything is written — file problems refuse it, catalog mismatches refuse it unless the caller
 * allows drafts that show them — and then written in one transaction: created segments are drafts,
 * ids are remapped, name conflicts follow the policy, static members are matched by contact key.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MethodInput } from '../../../../shared/api/contract.js';
import type {
  ImportedSegment,
  SegmentFileExport,
  SegmentFileImport,
  SegmentFileInspection,
} from '../../../../shared/api/contract/segmentFiles.js';
import { ApiFailure, type ApiIssue } from '../../../../shared/api/result.js';
import type { Catalog } from '../../../../shared/models/catalog.js';
import type { SegmentRecord } from '../../../../shared/models/segment.js';
import type { SegmentDefinition } from '../../../../shared/segments/ast.js';
import { MAX_SEGMENT_FILE_BYTES } from '../../../../shared/segments/fileFormat.js';
import type { Db } from '../../db/connection.js';
import type { EventBus } from '../../events.js';
import { loadCatalog } from '../../catalog/describe.js';
import type { SegmentService } from '../../segments/segmentService.js';
import { buildExport, writeFileAtomic, type ExportRequest } from './exportSegments.js';
import { draftFromQueryText } from './fromQueryText.js';
import { parseSegmentFileBytes, parseSegmentFileText, type ParseOutcome } from './parseFile.js';
import { planImport, type ConflictPolicy, type ImportPlan } from './planImport.js';
import { writeTemplates } from './fileTemplates.js';

export interface SegmentFileDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  actor: string;
  segments: SegmentService;
  /** The catalog as the validator sees it (defaults to reading the catalog tables). */
  catalog?: () => Catalog;
}

/** Where the file comes from: its text, or a path the backend reads. */
export type FileSource = { text: string } | { path: string };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export class SegmentFileService {
  constructor(private readonly deps: SegmentFileDeps) {}

  private catalog(): Catalog {
    return this.deps.catalog ? this.deps.catalog() : loadCatalog(this.deps.db);
  }

  export(req: ExportRequest & { path?: string }): SegmentFileExport {
    const built = buildExport(this.deps.db, this.catalog(), req);
    const base = {
      fileName: built.fileName,
      segmentCount: built.segments.length,
      bytes: Buffer.byteLength(built.text, 'utf8'),
      segments: built.segments,
    };
    if (req.path === undefined) return { ...base, text: built.text };
    return { ...base, path: writeFileAtomic(req.path, built.text) };
  }

  /** A draft from segment query text (`segments.fromQueryText`). */
  fromQueryText(input: MethodInput<'segments.fromQueryText'>): SegmentRecord {
    return draftFromQueryText(this.deps.db, this.catalog(), this.deps.segments, input);
  }

  /** Reads and parses the source; never throws for bad content (problems come back instead). */
  read(source: FileSource): ParseOutcome {
    if ('text' in source) return parseSegmentFileText(source.text);
    const full = path.resolve(source.path);
    const cannot = (err: unknown): ApiFailure => {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : err instanceof Error
              ? err.message
              : String(err);
      return new ApiFailure('invalid_input', `Cannot open ${full}: ${why}.`, [{ path: 'path', message: why }]);
    };
    let st: fs.Stats;
    try {
      st = fs.statSync(full);
    } catch (err) {
      throw cannot(err);
    }
    if (!st.isFile()) throw new ApiFailure('invalid_input', `${full} is not a file.`, [{ path: 'path', message: 'Not a file' }]);
    // Refused before reading, so a huge file never lands in memory.
    if (st.size > MAX_SEGMENT_FILE_BYTES)
      return {
        ok: false,
        problems: [{ path: '$', message: `The file is ${(st.size / 1024 / 1024).toFixed(1)} MB; segment files can be at most 20.0 MB.` }],
      };
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(full);
    } catch (err) {
      throw cannot(err);
    }
    return parseSegmentFileBytes(bytes);
  }

  inspect(source: FileSource, policy: ConflictPolicy = 'rename'): SegmentFileInspection {
    const parsed = this.read(source);
    if (!parsed.ok)
      return {
        importable: false,
        segments: [],
        problems: parsed.problems,
        catalogMismatches: [],
        conflicts: [],
        unknownMemberKeys: [],
        templates: [],
      };
    const plan = planImport(this.deps.db, this.catalog(), parsed.file, policy);
    return {
      importable: plan.problems.length === 0,
      segments: parsed.file.segments.map((s) => ({
        localId: s.id,
        name: s.name,
        type: s.type,
        references: s.definition.kind === 'static' ? [] : s.definition.blocks.flatMap((b) => (b.kind === 'segment' ? [b.segmentId] : [])),
        memberCount: s.members === undefined ? null : new Set(s.members).size,
      })),
      problems: plan.problems,
      catalogMismatches: plan.catalogMismatches,
      conflicts: plan.conflicts,
      unknownMemberKeys: plan.unknownMemberKeys,
      templates: (parsed.file.templates ?? []).map((t) => ({ name: t.name, labels: t.labels })),
    };
  }

  import(source: FileSource, options: { onConflict: ConflictPolicy; allowCatalogMismatch: boolean }): SegmentFileImport {
    const parsed = this.read(source);
    if (!parsed.ok) throw refused(parsed.problems);
    const { db } = this.deps;
    // Planned inside the write transaction, so nothing can change between the checks and the write.
    const { result, plan } = db
      .transaction(() => {
        const p = planImport(db, this.catalog(), parsed.file, options.onConflict);
        if (p.problems.length > 0) throw refused(p.problems);
        if (p.catalogMismatches.length > 0 && !options.allowCatalogMismatch) {
          throw new ApiFailure(
            'conflict',
            `The file does not fit this database's catalog (${plural(p.catalogMismatches.length, 'problem')}, first: ${p.catalogMismatches[0]?.message ?? ''}). Nothing was imported; import anyway to get drafts that show the problems.`,
            p.catalogMismatches,
          );
        }
        return { result: this.write(p), plan: p };
      })
      .immediate();
    for (const s of result.segments) {
      if (s.action !== 'skipped')
        this.deps.events.emit('segment.changed', { id: s.id, change: s.action === 'created' ? 'created' : 'updated' });
    }
    if (result.templates.some((t) => t.action === 'created')) this.deps.events.emit('template.changed', { id: '', change: 'created' });
    return { ...result, catalogMismatches: plan.catalogMismatches, unknownMemberKeys: plan.unknownMemberKeys };
  }

  /** The writes of a checked plan; runs inside the import transaction. */
  private write(plan: ImportPlan): Pick<SegmentFileImport, 'segmentIds' | 'segments' | 'templates'> {
    const { db, now, actor, segments } = this.deps;
    const t = now();
    const ids = new Map<string, string>();
    for (const p of plan.segments) ids.set(p.segment.id, p.action === 'create' ? randomUUID() : p.existingId);
    const mapId = (localId: string): string => ids.get(localId) ?? localId;
    const insert = db.prepare(
      `INSERT INTO segments (id, name, name_lower, description, type, status, time_zone, owner, definition, created_at, modified_at)
       VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)`,
    );
    const replace = db.prepare(
      'UPDATE segments SET name = ?, name_lower = ?, description = ?, time_zone = ?, definition = ?, modified_at = max(modified_at, ?) WHERE id = ?',
    );
    const addMember = db.prepare('INSERT OR IGNORE INTO static_members (segment_id, contact_rid, added_at) VALUES (?, ?, ?)');
    const out: ImportedSegment[] = [];
    for (const p of plan.segments) {
      const s = p.segment;
      const id = mapId(s.id);
      if (p.action === 'skip') {
        out.push({ localId: s.id, id, name: s.name, action: 'skipped' });
        continue;
      }
      const definition = JSON.stringify(remapRefs(s.definition, mapId));
      if (p.action === 'create') {
        insert.run(id, p.name, p.name.toLowerCase(), s.description, s.type, s.timeZone, actor, definition, t, t);
        segments.recordTransition(id, 'import', null, 'draft', { localId: s.id, ...(p.name !== s.name ? { renamedFrom: s.name } : {}) });
        out.push({ localId: s.id, id, name: p.name, action: 'created', ...(p.name !== s.name ? { renamedFrom: s.name } : {}) });
      } else {
        replace.run(s.name, s.name.toLowerCase(), s.description, s.timeZone, definition, t, id);
        if (s.members !== undefined) db.prepare('DELETE FROM static_members WHERE segment_id = ?').run(id);
        segments.recordTransition(id, 'importReplace', 'draft', 'draft', { localId: s.id });
        out.push({ localId: s.id, id, name: s.name, action: 'replaced' });
      }
      for (const rid of plan.memberRids.get(s.id) ?? []) addMember.run(id, rid, t);
    }
    const templates = writeTemplates(db, plan.templates, t);
    return { segmentIds: out.filter((s) => s.action !== 'skipped').map((s) => s.id), segments: out, templates };
  }
}

function remapRefs(def: SegmentDefinition, map: (id: string) => string): SegmentDefinition {
  if (def.kind === 'static') return def;
  const copy = structuredClone(def);
  for (const b of copy.blocks) if (b.kind === 'segment') b.segmentId = map(b.segmentId);
  return copy;
}

function refused(problems: ApiIssue[]): ApiFailure {
  const first = problems[0];
  return new ApiFailure(
    'validation_failed',
    `The segment file was refused (${plural(problems.length, 'problem')}${first ? `; first at ${first.path}: ${first.message}` : ''}). Nothing was imported.`,
    problems,
  );
}
