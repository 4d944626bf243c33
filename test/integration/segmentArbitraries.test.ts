import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definitionSchema } from '../../shared/segments/schema.js';
import { evaluateDefinition, explainContact } from '../../shared/segments/evaluate.js';
import { validateDefinition } from '../../shared/segments/validate.js';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { DST_TRANSITIONS } from '../fixtures/dstInstants.js';

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

  it("produce the awkward data: empty, padded, accented and mixed-case text, '[]', untrimmed and duplicate elements, DST instants", () => {
    const seen = new Set<string>();
    for (const { dataset, ctx } of fc.sample(arbCatalogAndDataset(), { numRuns: 400, seed: 7 })) {
      const near = [...DST_TRANSITIONS.values()].flat().some((t) => Math.abs(ctx.now - t) <= 7 * 86_400_000);
      if (near && DST_TRANSITIONS.has(ctx.timeZone)) seen.add(`dst ${ctx.timeZone}`);
      for (const r of dataset.entities.contact ?? []) {
        const city = r.values.address1_city;
        if (city === '') seen.add('empty text');
        if (typeof city === 'string' && city !== '' && city !== city.trim()) seen.add('padded text');
        if (typeof city === 'string' && [...city].some((c) => c.charCodeAt(0) > 0x7f)) seen.add('accented text');
        const pets = r.values.favoritepets;
        if (pets === '[]') seen.add('[]');
        if (typeof pets !== 'string' || pets === '[]') continue;
        const els = JSON.parse(pets) as string[];
        if (els.some((e) => e !== e.trim())) seen.add('untrimmed element');
        if (new Set(els.map((e) => e.trim().toLowerCase())).size < els.length) seen.add('duplicate element');
        if (els.some((e) => e.trim() !== '' && e.trim() === e.trim().toUpperCase())) seen.add('upper-case element');
      }
    }
    expect([...seen].sort()).toEqual(
      [
        '[]',
        'accented text',
        'duplicate element',
        'empty text',
        'padded text',
        'untrimmed element',
        'upper-case element',
        'dst America/Havana',
        'dst America/New_York',
        'dst America/Santiago',
        'dst Australia/Lord_Howe',
        'dst Europe/London',
        'dst Pacific/Chatham',
      ].sort(),
    );
  });
});
