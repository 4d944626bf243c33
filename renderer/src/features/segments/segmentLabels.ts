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
