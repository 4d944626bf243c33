import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../../test/fixtures/segmentArbitraries.js';
import { evaluateDefinition } from './evaluate.js';
import { parseQueryText, printDefinition } from './queryText.js';

const catalog = fixtureCatalog();
const resolve = (s: string): string | undefined => (s === 'seg-a' || s === 'seg-b' ? s : undefined);

describe('query text round trip', () => {
  it('definition → text → definition keeps the members on random data', () => {
    fc.assert(
      fc.property(arbCatalogAndDataset(), arbDefinition(catalog), ({ dataset, ctx }, def) => {
        const text = printDefinition(def, catalog);
        const parsed = parseQueryText(text, catalog, resolve);
        if (!parsed.ok) throw new Error(`${text}\n${JSON.stringify(parsed.errors)}`);
        const a = evaluateDefinition(def, dataset, ctx);
        const b = evaluateDefinition(parsed.definition, dataset, ctx);
        expect([...b.members].sort()).toEqual([...a.members].sort());
        expect(b.blockCounts).toEqual(a.blockCounts);
      }),
      { numRuns: 500 },
    );
  });

  it('printing is stable: text → definition → text gives the same text', () => {
    fc.assert(
      fc.property(arbDefinition(catalog), (def) => {
        const text = printDefinition(def, catalog);
        const parsed = parseQueryText(text, catalog, resolve);
        if (!parsed.ok) throw new Error(`${text}\n${JSON.stringify(parsed.errors)}`);
        const again = printDefinition(parsed.definition, catalog);
        const parsedAgain = parseQueryText(again, catalog, resolve);
        if (!parsedAgain.ok) throw new Error(again);
        expect(printDefinition(parsedAgain.definition, catalog)).toBe(again);
      }),
      { numRuns: 300 },
    );
  });
});

describe('query text robustness', () => {
  it('never throws on damaged text: it returns located errors or a valid definition', () => {
    fc.assert(
      fc.property(
        arbDefinition(catalog),
        fc.nat(),
        fc.nat({ max: 5 }),
        fc.constantFrom('', '(', ')', "'", '.', ',', 'NOT', '&&', '[', ']'),
        (def, at, len, insert) => {
          const text = printDefinition(def, catalog);
          const i = at % (text.length + 1);
          const damaged = text.slice(0, i) + insert + text.slice(i + len);
          const r = parseQueryText(damaged, catalog, resolve);
          if (!r.ok) {
            expect(r.errors.length).toBeGreaterThan(0);
            for (const e of r.errors) {
              expect(e.line).toBeGreaterThanOrEqual(1);
              expect(e.column).toBeGreaterThanOrEqual(1);
              expect(e.message).not.toBe('');
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const r = parseQueryText(text, catalog, resolve);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
