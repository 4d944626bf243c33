/**
 * Handlers of the segment-engine methods: estimate (on the evaluator worker), validate, and the query
 * text parse / print. Definitions are validated against the stored catalog and the stored segments
 * before anything runs, so a bad definition fails with issues keyed by node id and changes nothing.
 */
import type { EstimateResult } from '../../../../shared/api/contract/engine.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { SegmentStatus, SegmentType } from '../../../../shared/models/segment.js';
import type { SegmentDefinition } from '../../../../shared/segments/ast.js';
import { isValidTimeZone } from '../../../../shared/segments/dates.js';
import { parseQueryText, printDefinition } from '../../../../shared/segments/queryText.js';
import { validateDefinition, type ReferencedSegment, type ValidationIssue } from '../../../../shared/segments/validate.js';
import type { Db } from '../../db/connection.js';
import type { EvaluatorHost } from '../../evaluator/host.js';
import { runEstimate } from '../../evaluator/jobs.js';
import { loadCatalog } from '../../catalog/describe.js';
import type { Handlers } from '../handlers.js';

export interface EngineDeps {
  db: Db;
  /** Runs estimates off the main thread; null only for in-memory databases (tests), which run inline. */
  evaluator: EvaluatorHost | null;
  now: () => number;
}

interface SegmentRow {
  id: string;
  name: string;
  status: SegmentStatus;
  type: SegmentType;
  time_zone: string;
  definition: string;
}

function referencesOf(def: SegmentDefinition): string[] {
  return def.kind === 'static' ? [] : def.blocks.flatMap((b) => (b.kind === 'segment' ? [b.segmentId] : []));
}

/** Segment facts the validator and the parser need, read from the segments table. */
export function segmentDirectory(db: Db) {
  const byId = db.prepare('SELECT id, name, status, type, time_zone, definition FROM segments WHERE id = ?');
  const byName = db.prepare('SELECT id FROM segments WHERE name_lower = ?').pluck();
  return {
    row: (id: string) => byId.get(id) as SegmentRow | undefined,
    lookup: (id: string): ReferencedSegment | undefined => {
      const r = byId.get(id) as SegmentRow | undefined;
      return r
        ? { name: r.name, status: r.status, type: r.type, references: referencesOf(JSON.parse(r.definition) as SegmentDefinition) }
        : undefined;
    },
    /** SEGMENT(x): an id, or else a name (case-insensitive). */
    resolve: (nameOrId: string): string | undefined => {
      if (byId.get(nameOrId)) return nameOrId;
      return (byName.get(nameOrId.trim().toLowerCase()) as string | undefined) ?? undefined;
    },
    name: (id: string): string | undefined => (byId.get(id) as SegmentRow | undefined)?.name,
  };
}

/** Validation issues of `def` (empty when it can be evaluated). */
export function checkDefinition(db: Db, def: SegmentDefinition, selfId?: string): ValidationIssue[] {
  const dir = segmentDirectory(db);
  return validateDefinition(def, loadCatalog(db), { segmentLookup: dir.lookup, ...(selfId ? { selfId } : {}) });
}

/** Throws `validation_failed` with the issues keyed by node id. */
export function assertValid(db: Db, def: SegmentDefinition, selfId?: string): void {
  const issues = checkDefinition(db, def, selfId);
  if (issues.length === 0) return;
  const first = issues[0];
  throw new ApiFailure(
    'validation_failed',
    `The definition has ${issues.length} problem${issues.length === 1 ? '' : 's'}${first ? `, first: ${first.message}` : ''}.`,
    issues.map((i) => ({ path: i.path || '(definition)', message: i.message, nodeId: i.nodeId })),
  );
}

export function engineHandlers(
  deps: EngineDeps,
): Pick<Handlers, 'segments.estimate' | 'segments.validate' | 'segments.parseText' | 'segments.printText'> {
  const { db } = deps;
  return {
    'segments.estimate': async (input): Promise<EstimateResult> => {
      const dir = segmentDirectory(db);
      const own = input.segmentId ? dir.row(input.segmentId) : undefined;
      if (input.segmentId && !own) throw new ApiFailure('not_found', `Segment ${input.segmentId} does not exist.`);
      const timeZone = input.timeZone ?? own?.time_zone ?? 'UTC';
      if (!isValidTimeZone(timeZone))
        throw new ApiFailure('invalid_input', `Unknown time zone '${timeZone}'.`, [{ path: 'timeZone', message: 'Not an IANA time zone' }]);
      assertValid(db, input.definition, input.segmentId);
      const now = input.now !== undefined ? Date.parse(input.now) : deps.now();
      const job = { definition: input.definition, timeZone, now, ...(input.segmentId ? { segmentId: input.segmentId } : {}) };
      const out = deps.evaluator ? await deps.evaluator.estimate(job) : runEstimate(db, { kind: 'estimate', ...job });
      return {
        total: out.total,
        blockCounts: out.blockCounts,
        estimated: true,
        asOf: new Date(now).toISOString(),
        durationMs: Math.round(out.durationMs * 1000) / 1000,
      };
    },
    'segments.validate': (input) => {
      const issues = checkDefinition(db, input.definition, input.segmentId);
      return { valid: issues.length === 0, issues };
    },
    'segments.parseText': (input) => {
      const dir = segmentDirectory(db);
      return parseQueryText(input.text, loadCatalog(db), dir.resolve, {
        segmentLookup: dir.lookup,
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.segmentId ? { selfId: input.segmentId } : {}),
      });
    },
    'segments.printText': (input) => ({ text: printDefinition(input.definition, loadCatalog(db), segmentDirectory(db).name) }),
  };
}
