import { expect, it } from 'vitest';
import { compareCompositions, formatShare } from './compareComposition';

it('compares groups by share, with a value missing from a group counted as 0 there', () => {
  const rows = compareCompositions([
    {
      label: 'A',
      total: 100,
      top: [
        { value: 'Paris', count: 60 },
        { value: null, count: 40 },
      ],
    },
    {
      label: 'B',
      total: 10,
      top: [
        { value: 'Lyon', count: 9 },
        { value: 'Paris', count: 1 },
      ],
    },
  ]);
  expect(rows.map((r) => r.value)).toEqual(['Lyon', 'Paris', null]);
  expect(rows[1]!.cells).toEqual([
    { count: 60, share: 0.6 },
    { count: 1, share: 0.1 },
  ]);
  expect(rows[2]!.cells[1]).toEqual({ count: 0, share: 0 });
  expect(formatShare(0.125)).toBe('12.5 %');
});
