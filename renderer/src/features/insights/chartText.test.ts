import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../segments/segmentLabels';
import { changesSummary, compositionSummary, interactionsSummary, interactionsTable, sizeSummary, sizeTable } from './chartText';

const at = (d: number) => `2026-03-0${d}T09:00:00Z`;

describe('chart summaries', () => {
  it('size over time: first and last, lowest and highest, and how many evaluations', () => {
    const points = [
      { at: at(1), size: 1020 },
      { at: at(2), size: 990 },
      { at: at(3), size: 1200 },
      { at: at(4), size: 1180 },
    ];
    expect(sizeSummary(points)).toBe(
      `Members went from 1,020 on ${formatDateTime(at(1))} to 1,180 on ${formatDateTime(at(4))}, lowest 990 on ${formatDateTime(
        at(2),
      )} and highest 1,200 on ${formatDateTime(at(3))}, over 4 evaluations.`,
    );
    expect(
      sizeSummary([
        { at: at(1), size: 1020 },
        { at: at(2), size: 1020 },
      ]),
    ).toBe(`Members stayed at 1,020 from ${formatDateTime(at(1))} to ${formatDateTime(at(2))}, over 2 evaluations.`);
    expect(sizeSummary([])).toBe('No evaluation in this period.');
    expect(sizeTable(points).rows[2]).toEqual([formatDateTime(at(3)), 1200]);
  });

  it('changes: totals and the biggest change by its label', () => {
    const changes = [
      { at: at(1), reason: 'goLive' as const, added: 200, removed: 3 },
      { at: at(2), reason: 'dataChange' as const, added: 5, removed: 20 },
    ];
    expect(changesSummary(changes, ['first', 'second'])).toBe(
      'Over 2 evaluations 205 contacts joined and 23 left; the biggest change, first, added 200 and removed 3.',
    );
  });

  it('composition: the most common value, its share of all members, the next two and the rest', () => {
    const bars = [
      { label: 'Seattle', count: 120 },
      { label: 'Redmond', count: 80 },
      { label: 'Bellevue', count: 40 },
      { label: 'Tacoma', count: 0 },
    ];
    expect(compositionSummary('City', bars, 60)).toBe(
      'By City: Seattle has the most members, 120 of 300 (40 %), then Redmond 80 and Bellevue 40; 60 in other values.',
    );
    expect(compositionSummary('City', [], 0)).toBe('No members to break down.');
  });

  it('interactions: the total, how many types, and the busiest type with its labels', () => {
    const counts = [
      { type: 'email_open', interactions: 3000, contacts: 800 },
      { type: 'web_visit', interactions: 2400, contacts: 1 },
    ];
    const label = (t: string) => (t === 'email_open' ? 'Email opened' : 'Web visit');
    expect(interactionsSummary(counts, 90, label)).toBe(
      'In the last 90 days the members had 5,400 interactions of 2 types; most were Email opened: 3,000 by 800 contacts.',
    );
    expect(interactionsTable(counts, label).rows).toEqual([
      ['Email opened', 3000, 800],
      ['Web visit', 2400, 1],
    ]);
  });
});
