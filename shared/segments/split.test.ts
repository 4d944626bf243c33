import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompoundDefinition } from './ast.js';
import type { Dataset } from './dataset.js';
import { evaluateDefinition } from './evaluate.js';
import { md5Hex } from './splitHash.js';
import { describeSplit, groupSegmentName, splitBounds, splitBucket, splitGroupOf, splitHash, splitRange, validateSplit } from './split.js';
import { fixtureCatalog } from '../../test/fixtures/segmentCatalog.js';

describe('md5Hex', () => {
  it('gives the RFC 1321 test-suite digests', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('a')).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('abcdefghijklmnopqrstuvwxyz')).toBe('c3fcd3d76192e4007dfb496cca67e13b');
    expect(md5Hex('1234567890'.repeat(8))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('hashes the UTF-8 bytes, as node (and SQL md5() over UTF-8 text) does, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        expect(md5Hex(text)).toBe(createHash('md5').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the bucket rule', () => {
  it('reads the first 8 hex digits as an unsigned 32-bit integer and scales it to 0…9999', () => {
    const hex = md5Hex('42:C-0001');
    expect(splitHash('42', 'C-0001')).toBe(parseInt(hex.slice(0, 8), 16));
    expect(splitBucket('42', 'C-0001')).toBe(Math.floor((parseInt(hex.slice(0, 8), 16) * 10000) / 4294967296));
  });

  it('maps percentages to cumulative bounds in hundredths of a percent', () => {
    expect(splitBounds([50, 50])).toEqual([5000, 10000]);
    expect(splitBounds([10, 30, 60])).toEqual([1000, 4000, 10000]);
    expect(splitBounds([33.33, 33.33, 33.34])).toEqual([3333, 6666, 10000]);
    expect(splitRange([10, 30, 60], 1)).toEqual({ from: 1000, to: 4000 });
  });

  it('puts every key in exactly one group, in the group whose range holds its bucket', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom([50, 50], [10, 30, 60], [90, 10], [12.5, 12.5, 25, 50]), (seed, key, p) => {
        const g = splitGroupOf(seed, p, key);
        const { from, to } = splitRange(p, g);
        const b = splitBucket(seed, key);
        expect(b >= from && b < to).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('divides many keys close to the percentages', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[splitGroupOf('seed-1', [10, 30, 60], `C-${i}`)]!++;
    // Binomial standard deviations are below 70 here; 5 of them is a generous bound that still catches a wrong rule.
    expect(Math.abs(counts[0]! - 2000)).toBeLessThan(350);
    expect(Math.abs(counts[1]! - 6000)).toBeLessThan(350);
    expect(Math.abs(counts[2]! - 12000)).toBeLessThan(350);
  });
});

describe('validateSplit', () => {
  it('accepts 2–10 groups summing to 100 with a seed', () => {
    expect(validateSplit({ seed: '42', percents: [50, 50] })).toEqual([]);
    expect(validateSplit({ seed: 'x', percents: Array<number>(10).fill(10) })).toEqual([]);
  });

  it('names the field of each problem', () => {
    expect(validateSplit({ seed: ' ', percents: [50, 50] })).toEqual([
      { field: 'seed', message: 'Seed: enter a seed (any text, e.g. 42)' },
    ]);
    expect(validateSplit({ seed: '1', percents: [60, 50] })).toEqual([
      { field: 'percents', message: 'Percentages: must add up to 100, they add up to 110' },
    ]);
    expect(validateSplit({ seed: '1', percents: [100] })[0]?.field).toBe('percents');
    expect(validateSplit({ seed: '1', percents: Array<number>(11).fill(100 / 11) })[0]?.message).toMatch(/2 to 10 groups, found 11/);
    expect(validateSplit({ seed: '1', percents: [0, 100] })[0]?.message).toMatch(/group 1 must be more than 0/);
    expect(validateSplit({ seed: '1', percents: [33.333, 66.667] })[0]?.message).toMatch(/more than two decimals/);
    expect(validateSplit({ seed: '1', percents: [50, 50], group: 2 })).toEqual([
      { field: 'group', message: 'Group: must be 1 to 2, found 3' },
    ]);
    expect(validateSplit({ seed: '1', percents: [50, 50], names: ['A', 'a'] })).toEqual([
      { field: 'names', message: "Names: 'a' is used twice" },
    ]);
  });
});

it('names a group segment "<Parent> — <label> (P %)"', () => {
  expect(groupSegmentName('Newsletter', 'Holdout', 10)).toBe('Newsletter — Holdout (10 %)');
  expect(groupSegmentName('N', 'Group A', 12.5)).toBe('N — Group A (12.5 %)');
});

/** A dataset of contacts with the given keys, all members of live segment 'parent'. */
function dataset(keys: readonly string[]): Dataset {
  return {
    catalog: fixtureCatalog(),
    entities: { contact: keys.map((key, i) => ({ rid: i + 1, key, values: {} })), account: [] },
    interactions: [],
    segmentMembers: { parent: keys.map((_, i) => i + 1) },
  };
}

const groupDef = (group: number): CompoundDefinition => ({
  kind: 'compound',
  version: 1,
  blocks: [{ kind: 'segment', id: 'b1', combine: 'union', segmentId: 'parent', split: { seed: 's7', percents: [30, 70], group } }],
});

function groupsByKey(keys: readonly string[]): Map<string, number> {
  const data = dataset(keys);
  const out = new Map<string, number>();
  for (const g of [0, 1]) {
    for (const rid of evaluateDefinition(groupDef(g), data, { now: 0, timeZone: 'UTC' }).members) out.set(keys[rid - 1]!, g);
  }
  return out;
}

describe('a split group in the reference evaluator', () => {
  it('keeps a contact in its group when other contacts join or leave (property)', () => {
    const keys = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(keys, keys, fc.nat(), (before, joiners, cut) => {
        const a = groupsByKey(before);
        // Some contacts leave (a prefix is cut), others join (new keys appended), rows are renumbered.
        const stay = before.slice(cut % before.length);
        const after = [...new Set([...joiners.filter((k) => !before.includes(k)), ...stay])];
        const b = groupsByKey(after);
        for (const k of stay) expect(b.get(k)).toBe(a.get(k));
        // Every member of the parent is in exactly one group.
        expect(b.size).toBe(after.length);
      }),
      { numRuns: 150 },
    );
  });
});

it('describes a split block in one line', () => {
  expect(describeSplit({ seed: '42', percents: [90, 10], group: 1, label: 'Holdout' })).toBe(
    'Only Holdout: group 2 of a 90 % / 10 % split, seed 42',
  );
  expect(describeSplit({ seed: 's', percents: [50, 50], group: 0 })).toBe('Only Group A: group 1 of a 50 % / 50 % split, seed s');
});
