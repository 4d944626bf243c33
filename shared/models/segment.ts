import type { SegmentDefinition } from '../segments/ast.js';

/** Segment types; fixed at creation. */
export const SEGMENT_TYPES = ['dynamic', 'static', 'compound'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

/**
 * Lifecycle status (see docs/semantics.md): draft → goingLive → live → stopping → stopped → goingLive …
 * `goingLive` and `stopping` are transient while the worker materialises or releases membership.
 */
export const SEGMENT_STATUSES = ['draft', 'goingLive', 'live', 'stopping', 'stopped'] as const;
export type SegmentStatus = (typeof SEGMENT_STATUSES)[number];

/** A row of the segments list. Dates are ISO 8601 strings; ids are strings. */
export interface SegmentSummary {
  id: string;
  name: string;
  type: SegmentType;
  status: SegmentStatus;
  /** Current member count once the segment has been live; null before. */
  memberCount: number | null;
  /** When membership was last evaluated (ISO), null if never. */
  lastEvaluatedAt: string | null;
  /** True when a child of this compound/segment block was stopped or deleted (membership frozen). */
  needsAttention: boolean;
  createdAt: string;
  modifiedAt: string;
}

/** A whole segment record. */
export interface SegmentRecord extends SegmentSummary {
  description: string;
  /** IANA time zone used for relative dates, e.g. `Europe/Berlin`. */
  timeZone: string;
  owner: string;
  definition: SegmentDefinition;
  /** True once the segment has gone live at least once (Members and Insights tabs appear). */
  hasBeenLive: boolean;
}
