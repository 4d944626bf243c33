/**
 * The editable copy of a segment record on the record page, and which of its changes may be saved
 * in the record's status (name/description/owner in draft only; definition/time zone in draft and
 * stopped: spec F3).
 */
import type { MethodInput } from '../../../../shared/api/contract';
import type { SegmentRecord } from '../../../../shared/models/segment';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { isEditable } from './commandRules';

export interface RecordDraft {
  name: string;
  description: string;
  owner: string;
  timeZone: string;
  definition: SegmentDefinition;
}

export function draftOf(r: SegmentRecord): RecordDraft {
  return { name: r.name, description: r.description, owner: r.owner, timeZone: r.timeZone, definition: r.definition };
}

/** JSON with object keys sorted: the backend may return a definition with its keys in another order. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

/** Structural equality of plain JSON, ignoring key order. */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || stableJson(a) === stableJson(b);
}

/** The `segments.update` input for what changed, or null when nothing did. */
export function updateInput(record: SegmentRecord, draft: RecordDraft): MethodInput<'segments.update'> | null {
  const input: MethodInput<'segments.update'> = { id: record.id };
  if (isEditable(record.status)) {
    if (draft.name !== record.name) input.name = draft.name;
    if (draft.description !== record.description) input.description = draft.description;
    if (draft.owner !== record.owner) input.owner = draft.owner;
    if (draft.timeZone !== record.timeZone) input.timeZone = draft.timeZone;
    if (!sameJson(draft.definition, record.definition)) input.definition = draft.definition;
  }
  const changed = Object.keys(input).length > 1;
  return changed ? input : null;
}

export function isDirty(record: SegmentRecord, draft: RecordDraft): boolean {
  return (
    draft.name !== record.name ||
    draft.description !== record.description ||
    draft.owner !== record.owner ||
    draft.timeZone !== record.timeZone ||
    !sameJson(draft.definition, record.definition)
  );
}

/** A free "<name> (copy)" / "<name> (copy 2)" name for Duplicate. */
export function copyName(name: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  const base = `${name} (copy)`;
  if (!lower.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${name} (copy ${n})`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}
