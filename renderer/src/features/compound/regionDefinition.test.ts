import { describe, expect, it } from 'vitest';
import { freeName, regionDefinition } from './regionDefinition';

describe('compound from an overlap region', () => {
  it('builds intersect, except (both ways) and union from two segments, first block union', () => {
    const ops = (r: Parameters<typeof regionDefinition>[0]) =>
      regionDefinition(r, 'A', 'B').blocks.map((b) => `${b.combine}:${b.segmentId}`);
    expect(ops('both')).toEqual(['union:A', 'intersect:B']);
    expect(ops('onlyA')).toEqual(['union:A', 'except:B']);
    expect(ops('onlyB')).toEqual(['union:B', 'except:A']);
    expect(ops('either')).toEqual(['union:A', 'union:B']);
  });

  it('picks a free name when the proposed one is taken', () => {
    expect(freeName('X and Y', ['Other'])).toBe('X and Y');
    expect(freeName('X and Y', ['x and y', 'X and Y (2)'])).toBe('X and Y (3)');
  });
});
