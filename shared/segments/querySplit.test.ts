import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompoundDefinition } from './ast.js';
import { printDefinition } from './queryPrint.js';
import { parseQueryText } from './queryText.js';
import { fixtureCatalog } from '../../test/fixtures/segmentCatalog.js';

const catalog = fixtureCatalog();
const ids = new Map([['Newsletter readers', 'seg-1']]);
const resolve = (n: string): string | undefined => ids.get(n) ?? ([...ids.values()].includes(n) ? n : undefined);
const names = (id: string): string | undefined => [...ids].find(([, v]) => v === id)?.[0];

const parse = (text: string) => parseQueryText(text, catalog, resolve, { kind: 'compound' });

describe('SPLIT in query text', () => {
  it('reads one group of a split of a segment', () => {
    const r = parse("SEGMENT('Newsletter readers').SPLIT(10, 30, 60, SEED '42', GROUP 1, LABEL 'Holdout')");
    expect(r.ok && r.definition).toEqual({
      kind: 'compound',
      version: 1,
      blocks: [
        {
          kind: 'segment',
          id: expect.any(String) as string,
          combine: 'union',
          segmentId: 'seg-1',
          split: { seed: '42', percents: [10, 30, 60], group: 0, label: 'Holdout' },
        },
      ],
    });
  });

  it('prints a group and reads the print back to the same definition (any seed, label, percentages)', () => {
    const arbPercents = fc
      .array(fc.integer({ min: 1, max: 500 }), { minLength: 2, maxLength: 10 })
      // weights → hundredths of a percent summing to exactly 10000
      .map((w) => {
        const total = w.reduce((s, x) => s + x, 0);
        const cents = w.map((x) => Math.max(1, Math.floor((x * 10000) / total)));
        cents[cents.length - 1]! += 10000 - cents.reduce((s, x) => s + x, 0);
        return cents;
      })
      .filter((c) => c.every((x) => x > 0 && x < 10000))
      .map((c) => c.map((x) => x / 100));
    fc.assert(
      fc.property(
        arbPercents,
        // A seed is text with something in it (a blank one is refused: splitProblems).
        fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
        fc.option(fc.string({ minLength: 1, maxLength: 20 })),
        fc.nat(),
        (percents, seed, label, g) => {
          const def: CompoundDefinition = {
            kind: 'compound',
            version: 1,
            blocks: [
              {
                kind: 'segment',
                id: 'b1',
                combine: 'union',
                segmentId: 'seg-1',
                split: { seed, percents, group: g % percents.length, ...(label === null ? {} : { label }) },
              },
            ],
          };
          const text = printDefinition(def, catalog, names);
          const back = parse(text);
          if (!back.ok) throw new Error(`${text}: ${JSON.stringify(back.errors)}`);
          expect(back.definition.kind === 'compound' && back.definition.blocks[0]?.split).toEqual(def.blocks[0]!.split);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('says what is wrong, where', () => {
    const err = (text: string) => {
      const r = parse(text);
      return r.ok ? 'parsed' : `${r.errors[0]!.column}: ${r.errors[0]!.message}`;
    };
    expect(err("SEGMENT('Newsletter readers').SPLIT(60, 50, SEED '1', GROUP 1)")).toBe(
      '31: SPLIT: Percentages: must add up to 100, they add up to 110',
    );
    expect(err("SEGMENT('Newsletter readers').SPLIT(50, 50, GROUP 1)")).toMatch(/^31: SPLIT\(…\) needs a SEED/);
    expect(err("SEGMENT('Newsletter readers').SPLIT(50, 50, SEED '1')")).toMatch(/needs a GROUP/);
    expect(err("SEGMENT('Newsletter readers').SPLIT(50, 50, SEED '1', GROUP 3)")).toMatch(/Group: must be 1 to 2, found 3/);
    expect(err("SEGMENT('Newsletter readers').SPLIT(50, 50, SEED '1', GROUP 1, 7)")).toMatch(/Expected SEED, GROUP or LABEL in SPLIT/);
  });
});
