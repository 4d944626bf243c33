/**
 * Live segments: lifecycle (go live, stop), membership that follows the data, history, static
 * members, explain, insights and member paging / export. DTOs are plain JSON: ISO dates, string
 * segment ids; contacts are named by their external key (`key`) and internal row id (`rid`).
 */
import { z } from 'zod';
import { filePath } from '../filePath.js';
import type { SegmentRecord } from '../../models/segment.js';
import type { StoredValue } from '../../segments/dataset.js';
import { definitionSchema } from '../../segments/schema.js';
import type { BlockTrace } from '../../segments/evaluate.js';
import type { LookupRef } from '../../values/format.js';

/** Why an evaluation ran. */
export const EVALUATION_REASONS = ['goLive', 'dataChange', 'schedule', 'manual', 'staticEdit', 'dependency'] as const;
export type EvaluationReason = (typeof EVALUATION_REASONS)[number];

/** One recorded evaluation of a live segment (consecutive identical no-change runs are compacted). */
export interface EvaluationRecord {
  id: number;
  segmentId: string;
  /** When it ran (ISO); for a compacted row, the first run. */
  at: string;
  /** The last run this row stands for (equals `at` unless `repeats > 1`). */
  lastAt: string;
  /** How many consecutive runs with no change this row stands for. */
  repeats: number;
  reason: EvaluationReason;
  /** `full`: every contact; `contacts`: only the changed contacts were re-checked. */
  scope: 'full' | 'contacts';
  /** For `contacts` scope: how many contacts were re-checked. */
  contactsChecked: number | null;
  /** Member count after the evaluation. */
  size: number;
  added: number;
  removed: number;
  durationMs: number;
}

/** A contact as shown in member lists and diffs. */
export interface ContactRef {
  rid: number;
  /** The contact's external key (e.g. its contactid). */
  key: string;
  /** Display value (e.g. full name), null when the contact has none. */
  name: string | null;
}

/** A member row with chosen columns (values as stored, see docs/storage.md). */
export interface MemberRow extends ContactRef {
  values: Record<string, StoredValue>;
  /**
   * For chosen lookup columns (whose stored value is a row id): the related record's display name and
   * key by field name, resolved in bulk per page. Screens show these, never the row id.
   */
  lookups?: Record<string, LookupRef>;
}

/** One stay of a contact in a segment: `[joinedAt, leftAt)`, `leftAt` null while still a member. */
export interface MembershipStay {
  segmentId: string;
  contactRid: number;
  contactKey: string;
  joinedAt: string;
  leftAt: string | null;
}

/** Live facts of one segment (Members tab header). */
export interface LiveStatus {
  id: string;
  status: string;
  memberCount: number | null;
  lastEvaluatedAt: string | null;
  /** When the scheduler re-evaluates it next (relative dates and windows), null when only data changes matter. */
  nextEvaluationAt: string | null;
  needsAttention: boolean;
  /** Children whose stop or deletion froze this segment. */
  missingChildren: { id: string; name: string; reason: 'stopped' | 'deleted'; at: string }[];
  /** Segments this one references, and live segments referencing it. */
  references: string[];
  dependants: { id: string; name: string; status: string }[];
}

/** Go-live diff: what going live (again) would change. */
export interface GoLiveDiff {
  currentSize: number;
  newSize: number;
  adds: number;
  removes: number;
  /** The first `limit` contacts that would join / leave, by rid. */
  added: ContactRef[];
  removed: ContactRef[];
}

/** Insights: size points, per-evaluation changes, composition, overlap, interaction counts. */
export interface SegmentInsights {
  sizeOverTime: { at: string; size: number }[];
  changes: { at: string; reason: EvaluationReason; added: number; removed: number }[];
  /**
   * Members by one contact field's value (top values, the rest counted as `others`). A lookup field's
   * values carry the related record (`lookup`: its name and key; null when the record is gone), as a
   * person reads them — never its row id.
   */
  composition: { field: string; top: { value: StoredValue; count: number; lookup?: LookupRef | null }[]; others: number } | null;
  overlap: { segmentIds: string[]; sizes: number[]; shared: number[][] } | null;
  interactions: { from: string; to: string; counts: { type: string; interactions: number; contacts: number }[] } | null;
}

const id = z.string().min(1).max(64);
const isoDate = z.iso.datetime({ offset: true, message: 'Expected an ISO date-time such as 2026-01-31T00:00:00Z' }).or(z.iso.date());
const contactKeys = z.array(z.string().min(1).max(400)).max(5_000_000);
const columns = z.array(z.string().min(1).max(200)).max(100);
/** File formats of exports: CSV (UTF-8 with BOM) or Excel (.xlsx); the same columns and values. */
export const exportFormat = z.enum(['csv', 'xlsx']);
/** A caller-chosen id of a running export, for `exports.cancel`. */
export const exportId = z
  .string()
  .regex(/^[\w-]{1,64}$/, 'An export id is 1 to 64 letters, digits, dashes or underscores')
  .optional();

export const liveInputs = {
  /**
   * Validate and go live (draft or stopped → goingLive → live), materialising membership. With
   * `definition`: save it and go live with it (also "save" of a live segment being edited).
   */
  'segments.goLive': z.strictObject({ id, definition: definitionSchema.optional() }),
  /** Stop a live segment (→ stopping → stopped). Refused while live segments use it unless `force`. */
  'segments.stop': z.strictObject({ id, force: z.boolean().optional() }),
  /** What going live would change (adds N, removes M), without changing anything. */
  'segments.previewGoLive': z.strictObject({
    id,
    definition: definitionSchema.optional(),
    limit: z.number().int().min(0).max(10_000).optional(),
  }),
  /** Re-evaluate a live segment now (reason "manual"). */
  'segments.refresh': z.strictObject({ id }),
  /** Live facts: counts, last/next evaluation, needs-attention reasons, references and dependants. */
  'segments.liveStatus': z.strictObject({ id }),
  /** Current members, keyset-paged by contact rid, searchable, with chosen contact columns. */
  'segments.members': z.strictObject({
    id,
    after: z.number().int().optional(),
    limit: z.number().int().min(1).max(5000).optional(),
    search: z.string().max(200).optional(),
    columns: columns.optional(),
  }),
  /** Who was in the segment at a moment (from membership history). */
  'segments.membersAsOf': z.strictObject({
    id,
    at: isoDate,
    after: z.number().int().optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  }),
  /**
   * Write the current members to a CSV (default) or Excel file, streaming, with `membersExport.progressed`
   * events: headers are catalog labels, values formatted by type in the segment's time zone
   * (shared/values/format.ts). With `exportId` it can be stopped by `exports.cancel` (error `cancelled`).
   */
  'segments.exportMembers': z.strictObject({
    id,
    path: filePath('write'),
    columns: columns.optional(),
    format: exportFormat.optional(),
    exportId,
  }),
  /** Stop a running export (members or contacts) between two batches; false when none runs under the id. */
  'exports.cancel': z.strictObject({ exportId: z.string().regex(/^[\w-]{1,64}$/, 'Unknown export id') }),
  /** Rule-by-rule trace of why a contact is or is not a member. */
  'segments.explain': z.strictObject({ id, contactKey: z.string().min(1).max(400) }),
  /** Joins and leaves: of one contact (`contactKey`), or the segment's latest stays. */
  'segments.history': z.strictObject({
    id,
    contactKey: z.string().min(1).max(400).optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  }),
  /** Recorded evaluations, newest first, optionally within From/To. */
  'segments.evaluations': z.strictObject({
    id,
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  }),
  /** Insights data: size over time, changes per evaluation, composition, overlap, interaction counts. */
  'segments.insights': z.strictObject({
    id,
    from: isoDate.optional(),
    to: isoDate.optional(),
    compositionField: z.string().min(1).max(200).optional(),
    top: z.number().int().min(1).max(100).optional(),
    overlapWith: z.array(id).max(20).optional(),
    interactionDays: z.number().int().min(1).max(3650).optional(),
  }),
  /** Add contacts (by key) to a static segment; unknown keys are reported, not fatal. */
  'staticMembers.add': z.strictObject({ segmentId: id, contactKeys }),
  /** Remove contacts (by key) from a static segment; unknown keys are reported, not fatal. */
  'staticMembers.remove': z.strictObject({ segmentId: id, contactKeys }),
  /** Run a query once and show the matches (nothing is changed). */
  'staticMembers.findByQuery': z.strictObject({
    segmentId: id,
    definition: definitionSchema,
    limit: z.number().int().min(0).max(10_000).optional(),
  }),
  /** Run a query once and add all its matches (use `staticMembers.add` for a selection). */
  'staticMembers.addByQuery': z.strictObject({ segmentId: id, definition: definitionSchema }),
  /** Run a query once and remove all its matches (use `staticMembers.remove` for a selection). */
  'staticMembers.removeByQuery': z.strictObject({ segmentId: id, definition: definitionSchema }),
  /** From a contact record: add it to a static segment (draft or live). */
  'staticMembers.addContact': z.strictObject({ contactKey: z.string().min(1).max(400), segmentId: id }),
  /** From a contact record: remove it from a static segment (draft or live). */
  'staticMembers.removeContact': z.strictObject({ contactKey: z.string().min(1).max(400), segmentId: id }),
  /** Which of these contacts (by rid, one page of a picker) are already static members: the picker marks them. */
  'staticMembers.which': z.strictObject({ segmentId: id, rids: z.array(z.number().int().min(1)).max(1000) }),
};

type In<K extends keyof typeof liveInputs> = z.infer<(typeof liveInputs)[K]>;

/** Result of a static add/remove: counts and the keys that matched no contact. */
export interface StaticChangeResult {
  segmentId: string;
  /** Contacts that joined (add) or left (remove). */
  changed: number;
  /** Keys that were already members (add) or were not members (remove). */
  unchanged: number;
  unknownKeys: string[];
  /** Static member count afterwards. */
  size: number;
}

/** Why a contact is (not) a member: the reference evaluator's per-block trace (static: `staticMember`). */
export interface ExplainResult {
  segmentId: string;
  contact: ContactRef;
  /** Membership according to the reference evaluator, as of `evaluatedAt`. */
  member: boolean;
  /** Membership as stored (what member lists show); equal to `member` for a current live segment. */
  storedMember: boolean;
  evaluatedAt: string;
  /** Per block, group and rule: true/false and the values compared (empty for static segments). */
  blocks: BlockTrace[];
  /** For static segments: whether the contact is on the hand-picked list. */
  staticMember?: boolean;
}

export interface LiveMethods {
  'segments.goLive': { input: In<'segments.goLive'>; output: { segment: SegmentRecord; evaluation: EvaluationRecord } };
  'segments.stop': { input: In<'segments.stop'>; output: { segment: SegmentRecord; frozenDependants: string[] } };
  'segments.previewGoLive': { input: In<'segments.previewGoLive'>; output: GoLiveDiff };
  'segments.refresh': { input: In<'segments.refresh'>; output: EvaluationRecord };
  'segments.liveStatus': { input: In<'segments.liveStatus'>; output: LiveStatus };
  'segments.members': { input: In<'segments.members'>; output: { rows: MemberRow[]; total: number; nextAfter: number | null } };
  'segments.membersAsOf': {
    input: In<'segments.membersAsOf'>;
    output: { at: string; rows: ContactRef[]; total: number; nextAfter: number | null; historyStartsAt: string | null };
  };
  'segments.exportMembers': { input: In<'segments.exportMembers'>; output: { path: string; rows: number } };
  'exports.cancel': { input: In<'exports.cancel'>; output: { cancelled: boolean } };
  'segments.explain': { input: In<'segments.explain'>; output: ExplainResult };
  'segments.history': { input: In<'segments.history'>; output: MembershipStay[] };
  'segments.evaluations': { input: In<'segments.evaluations'>; output: EvaluationRecord[] };
  'segments.insights': { input: In<'segments.insights'>; output: SegmentInsights };
  'staticMembers.add': { input: In<'staticMembers.add'>; output: StaticChangeResult };
  'staticMembers.remove': { input: In<'staticMembers.remove'>; output: StaticChangeResult };
  'staticMembers.findByQuery': { input: In<'staticMembers.findByQuery'>; output: { total: number; matches: ContactRef[] } };
  'staticMembers.addByQuery': { input: In<'staticMembers.addByQuery'>; output: StaticChangeResult };
  'staticMembers.removeByQuery': { input: In<'staticMembers.removeByQuery'>; output: StaticChangeResult };
  'staticMembers.addContact': { input: In<'staticMembers.addContact'>; output: StaticChangeResult };
  'staticMembers.removeContact': { input: In<'staticMembers.removeContact'>; output: StaticChangeResult };
  'staticMembers.which': { input: In<'staticMembers.which'>; output: { rids: number[] } };
}

/** Pushed events of live segments. */
export interface LiveEvents {
  /** A live segment's membership was re-evaluated and changed (or went live). */
  'membership.changed': { segmentId: string; reason: EvaluationReason; size: number; added: number; removed: number; at: string };
  /** A lifecycle transition happened (also when a dependant is frozen or thawed). */
  'segmentStatus.changed': { id: string; from: string | null; to: string; needsAttention: boolean };
  /** Progress of a member export. */
  'membersExport.progressed': { segmentId: string; path: string; rowsDone: number; total: number };
  /** Progress of a contacts grid export (`exportId` as the caller gave it, or null). */
  'contactsExport.progressed': { exportId: string | null; rowsDone: number; total: number };
  /** Progress of a large static add/remove. */
  'staticMembers.progressed': { segmentId: string; done: number; total: number };
}
