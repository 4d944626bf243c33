/**
 * Checks a schema-valid segment file on its own, before any database is consulted: unique ids and
 * names, type agrees with definition, members only on static segments, known time zones, and every
 * definition valid against the catalog the file declares (which also catches references to segments
 * missing from the file and reference cycles between segments of the file). Any problem refuses the file.
 */
import type { ApiIssue } from '../../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../../shared/segments/ast.js';
import type { FileSegment, SegmentFile } from '../../../../shared/segments/fileFormat.js';
import { validateDefinition, type ReferencedSegment, type ValidationIssue } from '../../../../shared/segments/validate.js';
import type { Catalog } from '../../../../shared/models/catalog.js';
import { isValidTimeZone } from '../../segments/segmentService.js';
import { catalogFromRequirements } from './requirements.js';

/** Ids of the segments a definition references (segment blocks). */
export function referencesOf(def: SegmentDefinition): string[] {
  if (def.kind === 'static') return [];
  return def.blocks.flatMap((b) => (b.kind === 'segment' ? [b.segmentId] : []));
}

/** Validator issues as file problems: `$.segments[i].definition.<validator path>`. */
export function definitionProblems(issues: readonly ValidationIssue[], segmentIndex: number): ApiIssue[] {
  const base = `$.segments[${segmentIndex}].definition`;
  return issues.map((i) => ({ path: i.path ? `${base}.${i.path}` : base, message: i.message, ...(i.nodeId ? { nodeId: i.nodeId } : {}) }));
}

/**
 * Validates every definition against `catalog` with references resolved inside the file. Referenced
 * segments count as usable here: whether they are live is a go-live question, not a file question.
 */
export function validateFileDefinitions(file: SegmentFile, catalog: Catalog): ApiIssue[] {
  const local = new Map<string, FileSegment>(file.segments.map((s) => [s.id, s]));
  const lookup = (id: string): ReferencedSegment | undefined => {
    const s = local.get(id);
    return s && { name: s.name, status: 'live', type: s.type, references: referencesOf(s.definition) };
  };
  return file.segments.flatMap((s, i) =>
    definitionProblems(validateDefinition(s.definition, catalog, { segmentLookup: lookup, selfId: s.id }), i),
  );
}

// Building an Intl formatter per check is slow; the answer for a zone name never changes.
const zoneCache = new Map<string, boolean>();
function knownZone(zone: string): boolean {
  let known = zoneCache.get(zone);
  if (known === undefined) {
    known = isValidTimeZone(zone);
    if (zoneCache.size < 1000) zoneCache.set(zone, known);
  }
  return known;
}

/** Every problem of the file itself (empty when it is sound). */
export function checkFile(file: SegmentFile): ApiIssue[] {
  const problems: ApiIssue[] = [];
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  file.segments.forEach((s, i) => {
    const at = `$.segments[${i}]`;
    const sameId = ids.get(s.id);
    if (sameId !== undefined) problems.push({ path: `${at}.id`, message: `Id '${s.id}' is already used by segment ${sameId + 1}` });
    else ids.set(s.id, i);
    const sameName = names.get(s.name.toLowerCase());
    if (sameName !== undefined)
      problems.push({ path: `${at}.name`, message: `The name "${s.name}" is already used by segment ${sameName + 1} of this file` });
    else names.set(s.name.toLowerCase(), i);
    if (s.definition.kind !== s.type)
      problems.push({
        path: `${at}.definition.kind`,
        message: `A ${s.type} segment needs a ${s.type} definition, not ${s.definition.kind}`,
      });
    if (s.members !== undefined && s.type !== 'static')
      problems.push({ path: `${at}.members`, message: `Only static segments have members; "${s.name}" is ${s.type}` });
    if (!knownZone(s.timeZone)) problems.push({ path: `${at}.timeZone`, message: `Unknown time zone "${s.timeZone}"` });
  });
  problems.push(...validateFileDefinitions(file, catalogFromRequirements(file.catalog)));
  return problems;
}
