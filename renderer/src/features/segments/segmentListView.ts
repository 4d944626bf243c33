import {
  SEGMENT_STATUSES,
  SEGMENT_TYPES,
  type SegmentStatus,
  type SegmentSummary,
  type SegmentType,
} from '../../../../shared/models/segment';
import { STATUS_LABELS, TYPE_LABELS } from './segmentLabels';

/** Columns of the segments list, each sortable. */
export const SEGMENT_COLUMNS = ['name', 'type', 'status', 'members', 'lastEvaluated', 'modified'] as const;
export type SegmentColumn = (typeof SEGMENT_COLUMNS)[number];
export type SortDirection = 'asc' | 'desc';
export interface SegmentSort {
  column: SegmentColumn;
  direction: SortDirection;
}
/** Newest change first, as a marketer returning to the list expects. */
export const DEFAULT_SORT: SegmentSort = { column: 'modified', direction: 'desc' };

export interface SegmentFilters {
  type: SegmentType | 'all';
  status: SegmentStatus | 'all';
}
export const NO_FILTERS: SegmentFilters = { type: 'all', status: 'all' };

export const isSegmentType = (v: string): v is SegmentType => (SEGMENT_TYPES as readonly string[]).includes(v);
export const isSegmentStatus = (v: string): v is SegmentStatus => (SEGMENT_STATUSES as readonly string[]).includes(v);

/** The rows matching both filters (the name search is applied by the backend). Same array when nothing filters. */
export function filterSegments(segments: SegmentSummary[], { type, status }: SegmentFilters): SegmentSummary[] {
  if (type === 'all' && status === 'all') return segments;
  return segments.filter((s) => (type === 'all' || s.type === type) && (status === 'all' || s.status === status));
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A column's sort key; null (never counted / never evaluated) sorts after every value in both directions. */
function key(s: SegmentSummary, column: SegmentColumn): string | number | null {
  switch (column) {
    case 'name':
      return s.name;
    case 'type':
      return TYPE_LABELS[s.type].label;
    case 'status':
      return STATUS_LABELS[s.status].label;
    case 'members':
      return s.memberCount;
    case 'lastEvaluated':
      return s.lastEvaluatedAt === null ? null : Date.parse(s.lastEvaluatedAt);
    case 'modified':
      return Date.parse(s.modifiedAt);
  }
}

const compareKeys = (a: string | number, b: string | number): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));

/** A sorted copy: by the column, blanks last, ties by name then id (a stable, total order). */
export function sortSegments(segments: SegmentSummary[], { column, direction }: SegmentSort): SegmentSummary[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = segments.map((s) => ({ s, k: key(s, column) }));
  keyed.sort((x, y) => {
    if (x.k === null || y.k === null) {
      if (x.k !== y.k) return x.k === null ? 1 : -1;
    } else {
      const c = compareKeys(x.k, y.k);
      if (c !== 0) return sign * c;
    }
    return collator.compare(x.s.name, y.s.name) || (x.s.id < y.s.id ? -1 : x.s.id > y.s.id ? 1 : 0);
  });
  return keyed.map((e) => e.s);
}

/** Clicking a header: a new column starts in its natural direction (text A→Z, numbers and dates largest first); the same column flips. */
export function nextSort(current: SegmentSort, column: SegmentColumn): SegmentSort {
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: column === 'name' || column === 'type' || column === 'status' ? 'asc' : 'desc' };
}
