import { describe, expect, it } from 'vitest';
import { evenPercents, generateSeed, initialSplitForm, percentTotal, splitFormErrors, splitRequest, withGroupCount } from './splitForm';

describe('the split form', () => {
  it('starts 50/50 with two named groups and the given seed', () => {
    const f = initialSplitForm('abc');
    expect(splitRequest(f)).toEqual({ seed: 'abc', percents: [50, 50], labels: ['Group A', 'Group B'] });
    expect(splitFormErrors(f)).toEqual({});
  });

  it('spreads percentages evenly to the hundredth, the remainder on the last group', () => {
    expect(evenPercents(3)).toEqual(['33.33', '33.33', '33.34']);
    const f = withGroupCount(
      {
        ...initialSplitForm('s'),
        groups: [
          { label: 'Control', percent: '1' },
          { label: 'B', percent: '2' },
        ],
      },
      3,
    );
    expect(f.groups.map((g) => g.label)).toEqual(['Control', 'B', 'Group C']);
    expect(percentTotal(f)).toBe(100);
    expect(withGroupCount(f, 40).groups).toHaveLength(10);
  });

  it('names the field of each problem', () => {
    const f = initialSplitForm(' ');
    f.groups[0]!.percent = '60';
    expect(splitFormErrors(f)).toEqual({
      seed: 'Seed: enter a seed (any text, e.g. 42)',
      percents: 'Percentages: must add up to 100, they add up to 110',
    });
    f.groups[0]!.percent = '50';
    f.groups[1]!.label = 'group a';
    expect(splitFormErrors({ ...f, seed: 'x' })).toEqual({ labels: "Names: 'group a' is used twice" });
  });

  it('holds out X % as Treatment / Holdout', () => {
    const f = { ...initialSplitForm('s'), mode: 'holdout' as const, holdout: '12.5' };
    expect(splitRequest(f)).toEqual({ seed: 's', percents: [87.5, 12.5], labels: ['Treatment', 'Holdout'] });
    expect(splitFormErrors({ ...f, holdout: '0' })).toMatchObject({
      holdout: 'Hold out: enter a percentage more than 0 and less than 100',
    });
  });

  it('generates readable 8-character seeds', () => {
    let i = 0;
    const seq = () => [0, 0.5, 0.99][i++ % 3]!;
    expect(generateSeed(seq)).toMatch(/^[a-z2-9]{8}$/);
    expect(generateSeed()).not.toBe(generateSeed());
  });
});
