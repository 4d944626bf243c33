import { describe, expect, it } from 'vitest';
import type { DraggedItem } from 'react-querybuilder';
import type { GroupNode } from '../../../../shared/segments/ast';
import { astGroupToRqb, type RqbGroup } from './astRqb';
import { CatalogIndex } from './catalogIndex';
import { canDropOn, moveKeepsScopes, scopeViolations } from './scopeGuard';
import { testCatalog } from './testCatalog';

const index = new CatalogIndex(testCatalog);

// root: [r1 contact city, g2 plain group [r3 contact job title], a1 related account group [r2 account name]]
const tree: GroupNode = {
  kind: 'group',
  id: 'root',
  combinator: 'and',
  children: [
    { kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle'] },
    {
      kind: 'group',
      id: 'g2',
      combinator: 'or',
      children: [{ kind: 'rule', id: 'r3', field: 'jobtitle', operator: 'eq', values: ['CEO'] }],
    },
    {
      kind: 'related',
      id: 'a1',
      relationship: 'contact_account_parentcustomerid',
      direction: 'toReferenced',
      entity: 'account',
      combinator: 'and',
      children: [{ kind: 'rule', id: 'r2', field: 'name', operator: 'eq', values: ['Contoso'] }],
    },
  ],
};
const query = astGroupToRqb(tree, 'contact');
const item = (path: number[]): DraggedItem => {
  let node: unknown = query;
  for (const i of path) node = (node as { rules: unknown[] }).rules[i];
  return { ...(node as object), path, qbId: 'qb' } as DraggedItem;
};

describe('builder moves keep rules on their entity', () => {
  it('counts nothing wrong in a well-formed tree', () => {
    expect(scopeViolations(query, 'contact', index)).toBe(0);
  });

  it('lets a contact row be dropped into a plain group or beside a contact row', () => {
    expect(canDropOn(item([0]), item([1]), query, 'contact')).toBe(true);
    expect(canDropOn(item([0]), item([1, 0]), query, 'contact')).toBe(true);
  });

  it('refuses a contact row dropped into the related account group or beside an account row, and the reverse', () => {
    expect(canDropOn(item([0]), item([2]), query, 'contact')).toBe(false);
    expect(canDropOn(item([0]), item([2, 0]), query, 'contact')).toBe(false);
    expect(canDropOn(item([2, 0]), item([0]), query, 'contact')).toBe(false);
    expect(canDropOn(item([2, 0]), item([2]), query, 'contact')).toBe(true);
  });

  it('moves a related group only where its relationship starts from the parent entity', () => {
    expect(canDropOn(item([2]), item([1]), query, 'contact')).toBe(true);
    const nestedIntoAccount = astGroupToRqb(
      { ...tree, children: [tree.children[0]!, { ...(tree.children[2] as GroupNode), children: [tree.children[2]!] } as never] },
      'contact',
    );
    expect(scopeViolations(nestedIntoAccount, 'contact', index)).toBeGreaterThan(0);
  });

  it('refuses a move whose result puts a row on the wrong entity, and accepts one that does not', () => {
    // As RQB moves them: the row keeps its qualified field (`contact.address1_city`).
    const [r1, g2, a1] = query.rules as [RqbGroup['rules'][number], RqbGroup, RqbGroup];
    const intoAccount = { ...query, rules: [g2, { ...a1, rules: [r1, ...a1.rules] }] };
    expect(moveKeepsScopes(query, intoAccount, 'contact', index)).toBe(false);
    const intoPlain = { ...query, rules: [{ ...g2, rules: [r1, ...g2.rules] }, a1] };
    expect(moveKeepsScopes(query, intoPlain, 'contact', index)).toBe(true);
    const accountRowOut = { ...query, rules: [r1, g2, a1.rules[0]!, { ...a1, rules: [] }] };
    expect(moveKeepsScopes(query, accountRowOut, 'contact', index)).toBe(false);
  });

  it('does not block moves in a tree that was already wrong, as long as nothing gets worse', () => {
    const wrong = astGroupToRqb(
      { ...tree, children: [{ kind: 'rule', id: 'x', field: 'nosuchfield', operator: 'eq', values: [] }, ...tree.children] },
      'contact',
    );
    const bad = { ...wrong, rules: wrong.rules.map((r, i) => (i === 0 ? { ...(r as object), field: 'account.name' } : r)) } as typeof wrong;
    expect(scopeViolations(bad, 'contact', index)).toBe(1);
    const reordered = { ...bad, rules: [bad.rules[1]!, bad.rules[0]!, ...bad.rules.slice(2)] } as typeof bad;
    expect(moveKeepsScopes(bad, reordered, 'contact', index)).toBe(true);
  });
});
