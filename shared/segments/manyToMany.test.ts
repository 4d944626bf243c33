import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../../test/fixtures/segmentArbitraries.js';
import type { ConditionNode, RelatedGroupNode, SegmentDefinition } from './ast.js';
import { evaluateDefinition } from './evaluate.js';
import { expandManyToMany, manyToManyRelationships, resolveManyToMany } from './manyToMany.js';
import { parseQueryText, printDefinition } from './queryText.js';
import { validateDefinition } from './validate.js';

const catalog = fixtureCatalog();
const NN = 'account_contact_via_opportunity';

function def(root: RelatedGroupNode): SegmentDefinition {
  return {
    kind: 'dynamic',
    blocks: [
      {
        kind: 'profile',
        id: 'b1',
        combine: 'union',
        entity: 'contact',
        root: { kind: 'group', id: 'g', combinator: 'and', children: [root] },
      },
    ],
  } as SegmentDefinition;
}

const nn = (not: boolean): RelatedGroupNode => ({
  kind: 'related',
  id: 'r1',
  relationship: NN,
  direction: 'manyToMany',
  entity: 'account',
  combinator: 'or',
  ...(not ? { not: true } : {}),
  children: [
    { kind: 'rule', id: 'x1', field: 'name', operator: 'beginsWith', values: ['a'] },
    { kind: 'rule', id: 'x2', field: 'name', operator: 'notContainsData' },
  ],
});

describe('N:N relationships', () => {
  it('detects an entity with exactly two lookups as an intersect entity', () => {
    const links = manyToManyRelationships(catalog.relationships);
    expect(links.map((l) => [l.name, l.intersect])).toEqual([[NN, 'opportunity']]);
    const fromContact = resolveManyToMany(catalog.relationships, 'contact', NN);
    expect(fromContact.ok && [fromContact.near.name, fromContact.far.name, fromContact.target]).toEqual([
      'opportunity_contact_parentcontactid',
      'opportunity_account_parentaccountid',
      'account',
    ]);
    const fromAccount = resolveManyToMany(catalog.relationships, 'account', NN);
    expect(fromAccount.ok && fromAccount.target).toBe('contact');
  });

  it('the shared generators draw the N:N form, so every differential run (SQLite, PostgreSQL, DuckDB, columnar) covers it', () => {
    const hasNN = (c: ConditionNode): boolean =>
      c.kind !== 'rule' && ((c.kind === 'related' && c.direction === 'manyToMany') || c.children.some(hasNN));
    const defs = fc.sample(arbDefinition(catalog), { numRuns: 400, seed: 17 });
    const drawn = defs.filter((d) => d.kind === 'dynamic' && d.blocks.some((b) => b.kind === 'profile' && hasNN(b.root))).length;
    expect(drawn).toBeGreaterThan(defs.length / 20);
  });

  it('expands to the nested form through the intersect entity, keeping NOT outside', () => {
    const e = expandManyToMany(catalog.relationships, 'contact', nn(true));
    expect(e).toMatchObject({
      id: 'r1',
      relationship: 'opportunity_contact_parentcontactid',
      direction: 'toReferencing',
      entity: 'opportunity',
      not: true,
    });
    expect(e.children).toEqual([
      {
        kind: 'related',
        id: 'r1~far',
        relationship: 'opportunity_account_parentaccountid',
        direction: 'toReferenced',
        entity: 'account',
        combinator: 'or',
        children: nn(true).children,
      },
    ]);
  });

  it('the reference evaluator gives the N:N form the members of the written-out nested form', () => {
    fc.assert(
      fc.property(arbCatalogAndDataset(), fc.boolean(), ({ dataset, ctx }, not) => {
        const node = nn(not);
        const nested = structuredClone(expandManyToMany(catalog.relationships, 'contact', node));
        const a = evaluateDefinition(def(node), dataset, ctx);
        const b = evaluateDefinition(def(nested), dataset, ctx);
        expect([...a.members].sort()).toEqual([...b.members].sort());
      }),
      { numRuns: 100 },
    );
  });

  it('prints as TRAVERSE(<a>_<b>_via_<intersect>) and parses back to the N:N form', () => {
    const text = printDefinition(def(nn(false)), catalog);
    expect(text).toContain(`TRAVERSE(${NN}, `);
    const parsed = parseQueryText(text, catalog, () => undefined);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const block = parsed.definition.blocks[0];
    const node = block?.kind === 'profile' ? block.root.children[0] : undefined;
    expect(node).toMatchObject({ kind: 'related', relationship: NN, direction: 'manyToMany', entity: 'account', combinator: 'or' });
    expect(printDefinition(parsed.definition, catalog)).toBe(text);
  });

  it('validation names the group and the path when the N:N link cannot be followed', () => {
    const bad = { ...nn(false), relationship: 'contact_event_via_registration' };
    expect(validateDefinition(def(bad), catalog)).toEqual([
      expect.objectContaining({
        nodeId: 'r1',
        path: 'blocks[0].root.children[0]',
        message: "Unknown N:N relationship 'contact_event_via_registration'",
      }),
    ]);
    const wrongSide = { ...nn(false), entity: 'contact' };
    expect(validateDefinition(def(wrongSide), catalog)[0]?.message).toBe(`N:N relationship '${NN}' leads to Account, not contact`);
    const badChild = { ...nn(false), children: [{ kind: 'rule' as const, id: 'x9', field: 'nosuch', operator: 'containsData' as const }] };
    expect(validateDefinition(def(badChild), catalog)[0]).toMatchObject({ nodeId: 'x9', path: 'blocks[0].root.children[0].children[0]' });
  });
});
