import type { SegmentStatus, SegmentType } from '../../../../shared/models/segment';

export const TYPE_LABELS: Record<SegmentType, { label: string; description: string }> = {
  dynamic: { label: 'Dynamic', description: 'Contacts that match rules on their fields and interactions; membership follows the data.' },
  static: { label: 'Static', description: 'A fixed list of contacts that you pick or import; it changes only when you change it.' },
  compound: { label: 'Compound', description: 'Combines other segments with union, intersection and exclusion.' },
};

export const STATUS_LABELS: Record<SegmentStatus, { label: string; color: 'default' | 'info' | 'success' | 'warning' }> = {
  draft: { label: 'Draft', color: 'default' },
  goingLive: { label: 'Going live…', color: 'info' },
  live: { label: 'Live', color: 'success' },
  stopping: { label: 'Stopping…', color: 'warning' },
  stopped: { label: 'Stopped', color: 'default' },
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A local date and time for an ISO timestamp. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

const count = new Intl.NumberFormat();
export const formatCount = (n: number): string => count.format(n);

/** A count with its noun, singular for exactly one: "1 contact", "1,204 contacts". */
export const countOf = (n: number, noun: string): string => `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;

/** The longest segment name the backend takes (shared/api/contract/segments.ts), in UTF-16 units as it counts. */
export const SEGMENT_NAME_MAX = 200;

/** What is wrong with a name before it is sent, in words; null when it may be sent. Nothing is ever cut silently. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the segment a name.';
  if (trimmed.length > SEGMENT_NAME_MAX)
    return `A name can have at most ${formatCount(SEGMENT_NAME_MAX)} characters; this one has ${formatCount(trimmed.length)}.`;
  return null;
}
