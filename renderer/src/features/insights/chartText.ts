/**
 * The words and numbers behind each Insights chart (WCAG 1.1.1): a one-sentence summary a person can take
 * in without seeing the chart, and the same numbers as a table. Pure, so the sentences are tested directly.
 */
import type { SegmentInsights } from '../../../../shared/api/contract/live';
import { formatCount, formatDateTime } from '../segments/segmentLabels';

/** A chart's numbers as a table: a caption, column headers and rows (the first cell of a row is its header). */
export interface ChartTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "Members went from 1,020 on 2 Mar to 1,180 on 9 Mar, lowest 990 on 4 Mar and highest 1,200 on 8 Mar." */
export function sizeSummary(points: SegmentInsights['sizeOverTime']): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return 'No evaluation in this period.';
  if (points.length === 1) return `${plural(first.size, 'member', 'members')} at the one evaluation, ${formatDateTime(first.at)}.`;
  let low = first;
  let high = first;
  for (const p of points) {
    if (p.size < low.size) low = p;
    if (p.size > high.size) high = p;
  }
  const trend =
    last.size === first.size
      ? `Members stayed at ${formatCount(last.size)} from ${formatDateTime(first.at)} to ${formatDateTime(last.at)}`
      : `Members went from ${formatCount(first.size)} on ${formatDateTime(first.at)} to ${formatCount(last.size)} on ${formatDateTime(last.at)}`;
  const range =
    low.size === high.size
      ? ''
      : `, lowest ${formatCount(low.size)} on ${formatDateTime(low.at)} and highest ${formatCount(high.size)} on ${formatDateTime(high.at)}`;
  return `${trend}${range}, over ${plural(points.length, 'evaluation', 'evaluations')}.`;
}

export function sizeTable(points: SegmentInsights['sizeOverTime']): ChartTable {
  return { caption: 'Members over time', columns: ['Evaluated', 'Members'], rows: points.map((p) => [formatDateTime(p.at), p.size]) };
}

/** "Over 12 evaluations 340 contacts joined and 120 left; the biggest change, 2 Mar 09:00, added 200 and removed 3." */
export function changesSummary(changes: SegmentInsights['changes'], labels: string[]): string {
  if (changes.length === 0) return 'No evaluation in this period.';
  const added = changes.reduce((n, c) => n + c.added, 0);
  const removed = changes.reduce((n, c) => n + c.removed, 0);
  let big = 0;
  changes.forEach((c, i) => {
    const b = changes[big];
    if (b && c.added + c.removed > b.added + b.removed) big = i;
  });
  const b = changes[big];
  const head = `Over ${plural(changes.length, 'evaluation', 'evaluations')} ${plural(added, 'contact', 'contacts')} joined and ${formatCount(
    removed,
  )} left`;
  if (!b || b.added + b.removed === 0) return `${head}.`;
  return `${head}; the biggest change, ${labels[big] ?? formatDateTime(b.at)}, added ${formatCount(b.added)} and removed ${formatCount(
    b.removed,
  )}.`;
}

export function changesTable(changes: SegmentInsights['changes'], labels: string[]): ChartTable {
  return {
    caption: 'Added and removed per evaluation',
    columns: ['Evaluation', 'Added', 'Removed'],
    rows: changes.map((c, i) => [labels[i] ?? formatDateTime(c.at), c.added, c.removed]),
  };
}

/** One bar of the composition chart: the value's label and its member count. */
export interface CompositionBar {
  label: string;
  count: number;
}

/** "By City: Seattle has the most members, 120 of 300 (40 %), then Redmond 80 and Bellevue 40; 60 in other values." */
export function compositionSummary(fieldLabel: string, bars: CompositionBar[], others: number): string {
  const [top, ...rest] = bars;
  if (!top) return 'No members to break down.';
  const total = bars.reduce((n, b) => n + b.count, 0) + others;
  const share = total > 0 ? Math.round((100 * top.count) / total) : 0;
  const next = rest.slice(0, 2).map((b) => `${b.label} ${formatCount(b.count)}`);
  const then = next.length > 0 ? `, then ${next.join(' and ')}` : '';
  const tail = others > 0 ? `; ${formatCount(others)} in other values` : '';
  return `By ${fieldLabel}: ${top.label} has the most members, ${formatCount(top.count)} of ${formatCount(total)} (${share} %)${then}${tail}.`;
}

export function compositionTable(fieldLabel: string, bars: CompositionBar[]): ChartTable {
  return { caption: `Members by ${fieldLabel}`, columns: [fieldLabel, 'Members'], rows: bars.map((b) => [b.label, b.count]) };
}

type InteractionCounts = NonNullable<SegmentInsights['interactions']>['counts'];

/** "In the last 90 days the members had 5,400 interactions of 4 types; most were Email opened: 3,000 by 800 contacts." */
export function interactionsSummary(counts: InteractionCounts, days: number, label: (type: string) => string = (t) => t): string {
  if (counts.length === 0) return 'No interactions in this period.';
  const total = counts.reduce((n, c) => n + c.interactions, 0);
  const most = counts.reduce((m, c) => (c.interactions > m.interactions ? c : m));
  return `In the last ${formatCount(days)} days the members had ${plural(total, 'interaction', 'interactions')} of ${plural(
    counts.length,
    'type',
    'types',
  )}; most were ${label(most.type)}: ${formatCount(most.interactions)} by ${plural(most.contacts, 'contact', 'contacts')}.`;
}

export function interactionsTable(counts: InteractionCounts, label: (type: string) => string = (t) => t): ChartTable {
  return {
    caption: 'Interaction activity of the members',
    columns: ['Interaction type', 'Interactions', 'Contacts'],
    rows: counts.map((c) => [label(c.type), c.interactions, c.contacts]),
  };
}
