import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definitionSchema } from '../../shared/segments/schema.js';
import { evaluateDefinition, explainContact } from '../../shared/segments/evaluate.js';
import { validateDefinition } from '../../shared/segments/validate.js';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../fixtures/segmentArbitraries.js';

const live = () => ({ status: 'live' as const, type: 'static' as const, references: [] });

describe('segment arbitraries', () => {
  it('produce definitions that pass the schema and the validator', () => {
    fc.assert(
      fc.property(arbDefinition(fixtureCatalog()), (def) => {
        expect(definitionSchema.safeParse(def).success).toBe(true);
        expect(validateDefinition(def, fixtureCatalog(), { segmentLookup: live })).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('explainContact agrees with evaluateDefinition for every contact', () => {
    fc.assert(
      fc.property(arbCatalogAndDataset(), arbDefinition(fixtureCatalog()), ({ dataset, ctx }, def) => {
        const { members, blockCounts } = evaluateDefinition(def, dataset, ctx);
        expect(blockCounts).toHaveLength(def.blocks.length);
        expect(blockCounts.at(-1)).toBe(members.size);
        for (const c of dataset.entities.contact ?? []) {
          expect(explainContact(def, dataset, ctx, c.rid).member).toBe(members.has(c.rid));
        }
      }),
      { numRuns: 300 },
    );
  });
});
