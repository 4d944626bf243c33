/**
 * The read-only half of an import: everything `segmentFiles.inspect` reports and `segmentFiles.import`
 * acts on — file problems (fatal), catalog mismatches with this database (importable as drafts only
 * when allowed), name conflicts and what the chosen policy does with each, and unknown member keys.
 */
import type { ConflictPolicyName, NameConflict, UnknownMemberKeys } from '../../../../shared/api/contract/segmentFiles.js';
import type { ApiIssue } from '../../../../shared/api/result.js';
import type { Catalog } from '../../../../shared/models/catalog.js';
import type { SegmentStatus, SegmentType } from '../../../../shared/models/segment.js';
import type { FileSegment, SegmentFile } from '../../../../shared/segments/fileFormat.js';
import type { Db } from '../../db/connection.js';
import { checkFile, referencesOf, validateFileDefinitions } from './fileChecks.js';
import { compareRequirements } from './requirements.js';
import { planTemplates, type TemplatePlan } from './fileTemplates.js';

/** How a name that already exists in this database is resolved. */
export type ConflictPolicy = ConflictPolicyName;

/** Unknown member keys are listed up to this many per segment (the count is always exact). */
export const MAX_LISTED_UNKNOWN_KEYS = 1000;

/** What will happen to one file segment. */
export type SegmentPlan =
  | { action: 'create'; segment: FileSegment; name: string }
  | { action: 'replace'; segment: FileSegment; existingId: string }
  | { action: 'skip'; segment: FileSegment; existingId: string };

export interface ImportPlan {
  /** Problems of the file itself, or replace conflicts that cannot be resolved: nothing can be imported. */
  problems: ApiIssue[];
  catalogMismatches: ApiIssue[];
  conflicts: NameConflict[];
  unknownMemberKeys: UnknownMemberKeys[];
  /** Per file segment, in file order (empty when there are problems). */
  segments: SegmentPlan[];
  /** Contact rid per known member key, for the write. */
  memberRids: Map<string, number[]>;
  /** Per file template (format version 2), in file order (empty when there are problems). */
  templates: TemplatePlan[];
}

interface ExistingRow {
  id: string;
  name: string;
  type: SegmentType;
  status: SegmentStatus;
}

/** `name (2)`, `name (3)`, … the first one free, kept within the 200-character name limit. */
export function freeName(name: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${name.slice(0, 200 - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function resolveMembers(db: Db, keys: readonly string[]): { rids: number[]; unknown: string[] } {
  const unique = [...new Set(keys)];
  const found = new Map<string, number>();
  const stmt = db.prepare('SELECT rid, key FROM ent_contact WHERE key IN (SELECT value FROM json_each(?))');
  for (let i = 0; i < unique.length; i += 20_000) {
    for (const r of stmt.all(JSON.stringify(unique.slice(i, i + 20_000))) as { rid: number; key: string }[]) found.set(r.key, r.rid);
  }
  return { rids: [...found.values()].sort((a, b) => a - b), unknown: unique.filter((k) => !found.has(k)) };
}

/** Plans the import of `file` into `db` under `policy` (reads only). */
export function planImport(db: Db, catalog: Catalog, file: SegmentFile, policy: ConflictPolicy): ImportPlan {
  const plan: ImportPlan = {
    problems: checkFile(file),
    catalogMismatches: [],
    conflicts: [],
    unknownMemberKeys: [],
    segments: [],
    memberRids: new Map(),
    templates: [],
  };
  if (plan.problems.length > 0) return plan;
  const templates = planTemplates(db, catalog, file, policy);
  plan.problems.push(...templates.problems);
  plan.templates = templates.plans;
  const withMembers = file.segments.some((s) => (s.members?.length ?? 0) > 0);
  plan.catalogMismatches = [...compareRequirements(file.catalog, catalog, withMembers), ...validateFileDefinitions(file, catalog)];

  const existing = new Map<string, ExistingRow>();
  for (const r of db.prepare('SELECT id, name, type, status FROM segments').all() as ExistingRow[]) existing.set(r.name.toLowerCase(), r);
  const taken = new Set([...existing.keys(), ...file.segments.map((s) => s.name.toLowerCase())]);
  const skipped = new Set<string>();

  file.segments.forEach((s, i) => {
    const clash = existing.get(s.name.toLowerCase());
    if (!clash) {
      plan.segments.push({ action: 'create', segment: s, name: s.name });
      return;
    }
    const canReplace = clash.status === 'draft' && clash.type === s.type;
    const conflict: NameConflict = {
      localId: s.id,
      name: s.name,
      existingId: clash.id,
      existingType: clash.type,
      existingStatus: clash.status,
      canReplace,
    };
    if (policy === 'rename') {
      const name = freeName(s.name, taken);
      taken.add(name.toLowerCase());
      conflict.renamedTo = name;
      plan.segments.push({ action: 'create', segment: s, name });
    } else if (policy === 'skip') {
      skipped.add(s.id);
      plan.segments.push({ action: 'skip', segment: s, existingId: clash.id });
    } else if (canReplace) {
      plan.segments.push({ action: 'replace', segment: s, existingId: clash.id });
    } else {
      const why =
        clash.type !== s.type
          ? `it is a ${clash.type} segment and the file's is ${s.type}`
          : `it is ${clash.status}; only drafts are replaced`;
      plan.problems.push({ path: `$.segments[${i}].name`, message: `"${clash.name}" cannot be replaced: ${why}. Choose rename or skip.` });
    }
    plan.conflicts.push(conflict);
  });

  // A skipped segment is stood in for by the existing one; it must be of a kind the references accept.
  file.segments.forEach((s, i) => {
    if (skipped.has(s.id)) return;
    for (const ref of referencesOf(s.definition)) {
      const target = file.segments.find((t) => t.id === ref);
      const stand = target && skipped.has(ref) ? existing.get(target.name.toLowerCase()) : undefined;
      if (target && stand && stand.type !== target.type) {
        plan.catalogMismatches.push({
          path: `$.segments[${i}].definition`,
          message: `"${s.name}" will use the existing "${stand.name}" (${stand.type}) in place of the file's ${target.type} segment`,
        });
      }
    }
  });

  file.segments.forEach((s) => {
    if (s.members === undefined || skipped.has(s.id)) return;
    const { rids, unknown } = resolveMembers(db, s.members);
    plan.memberRids.set(s.id, rids);
    if (unknown.length > 0)
      plan.unknownMemberKeys.push({ localId: s.id, name: s.name, count: unknown.length, keys: unknown.slice(0, MAX_LISTED_UNKNOWN_KEYS) });
  });
  if (plan.problems.length > 0) {
    plan.segments = [];
    plan.templates = [];
  }
  return plan;
}
