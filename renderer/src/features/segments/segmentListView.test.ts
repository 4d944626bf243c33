import { describe, expect, it } from 'vitest';
import type { SegmentSummary } from '../../../../shared/models/segment';
import { DEFAULT_SORT, filterSegments, nextSort, NO_FILTERS, sortSegments } from './segmentListView';

const seg = (name: string, over: Partial<SegmentSummary> = {}): SegmentSummary => ({
  id: `id-${name}`,
  name,
  type: 'dynamic',
  status: 'draft',
  memberCount: null,
  lastEvaluatedAt: null,
  needsAttention: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  modifiedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const names = (list: SegmentSummary[]) => list.map((s) => s.name);

describe('segments list view', () => {
  const list = [
    seg('beta', { status: 'live', memberCount: 20, lastEvaluatedAt: '2026-02-02T00:00:00.000Z', modifiedAt: '2026-01-03T00:00:00.000Z' }),
    seg('Alpha', { type: 'static', modifiedAt: '2026-01-02T00:00:00.000Z' }),
    seg('gamma', { type: 'compound', status: 'live', memberCount: 3, lastEvaluatedAt: '2026-02-01T00:00:00.000Z' }),
    seg('Delta 10'),
    seg('Delta 9', { status: 'stopped', memberCount: 0, lastEvaluatedAt: '2026-01-15T00:00:00.000Z' }),
  ];

  it('sorts text case-insensitively with numbers in order, and keeps blanks last both ways', () => {
    expect(names(sortSegments(list, { column: 'name', direction: 'asc' }))).toEqual(['Alpha', 'beta', 'Delta 9', 'Delta 10', 'gamma']);
    expect(names(sortSegments(list, { column: 'members', direction: 'desc' }))).toEqual(['beta', 'gamma', 'Delta 9', 'Alpha', 'Delta 10']);
    expect(names(sortSegments(list, { column: 'members', direction: 'asc' }))).toEqual(['Delta 9', 'gamma', 'beta', 'Alpha', 'Delta 10']);
    expect(names(sortSegments(list, { column: 'lastEvaluated', direction: 'asc' }))).toEqual([
      'Delta 9',
      'gamma',
      'beta',
      'Alpha',
      'Delta 10',
    ]);
  });

  it('breaks ties by name, so equal dates keep a stable order; sorting copies', () => {
    const sorted = sortSegments(list, DEFAULT_SORT);
    expect(names(sorted)).toEqual(['beta', 'Alpha', 'Delta 9', 'Delta 10', 'gamma']);
    expect(names(list)[0]).toBe('beta');
    expect(sorted).not.toBe(list);
  });

  it('filters by type and status together; no filter returns the same array', () => {
    expect(filterSegments(list, NO_FILTERS)).toBe(list);
    expect(names(filterSegments(list, { type: 'all', status: 'live' }))).toEqual(['beta', 'gamma']);
    expect(names(filterSegments(list, { type: 'compound', status: 'live' }))).toEqual(['gamma']);
    expect(filterSegments(list, { type: 'static', status: 'live' })).toEqual([]);
  });

  it('a new column starts A→Z for text and largest first for numbers and dates; the same column flips', () => {
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ column: 'name', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'members')).toEqual({ column: 'members', direction: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'modified')).toEqual({ column: 'modified', direction: 'asc' });
  });
});
