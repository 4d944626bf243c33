import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionNode, GroupNode, RelatedGroupNode, RuleNode } from '../../../../shared/segments/ast';
import {
  copyWithNewIds,
  deleteSelected,
  duplicateSelected,
  groupSelected,
  nodeIds,
  pruneSelection,
  topmostSelected,
  ungroupAll,
  ungroupSelected,
  type TreeOpResult,
} from './treeOps';

const r = (id: string): RuleNode => ({ kind: 'rule', id, field: 'address1_city', operator: 'eq', values: [id] });
const g = (id: string, children: ConditionNode[], combinator: 'and' | 'or' = 'and', not?: boolean): GroupNode => ({
  kind: 'group',
  id,
  combinator,
  children,
  ...(not ? { not } : {}),
});
const rel = (id: string, children: ConditionNode[]): RelatedGroupNode => ({
  kind: 'related',
  id,
  relationship: 'contact_account_parentcustomerid',
  direction: 'toReferenced',
  entity: 'account',
  combinator: 'and',
  children,
});
const ids = () => {
  let n = 0;
  return () => `new${++n}`;
};
/** The tree as nested ids: 'a' for rows, ['g', …children] for groups, for compact expectations. */
type Shape = string | [string, ...Shape[]];
const shape = (n: ConditionNode): Shape => (n.kind === 'rule' ? n.id : [n.id, ...n.children.map(shape)]);
const ok = (res: TreeOpResult): GroupNode => {
  if (!res.ok) throw new Error(res.message);
  return res.root;
};

describe('group tools on a condition tree', () => {
  const root = g('root', [r('a'), r('b'), r('c'), g('g1', [r('d'), r('e')], 'or'), r('f')]);

  it('groups selected siblings into a new group at the first one, with the parent combinator', () => {
    const res = groupSelected(root, new Set(['b', 'c', 'f']), ids());
    expect(res.ok && res.message).toBe('Grouped 3 rows.');
    const next = ok(res);
    expect(shape(next)).toEqual(['root', 'a', ['new1', 'b', 'c', 'f'], ['g1', 'd', 'e']]);
    expect(next.children[1]).toMatchObject({ kind: 'group', combinator: 'and' });
    // Unchanged subtrees are the same objects (the builder re-renders only what changed).
    expect(next.children[2]).toBe(root.children[3]);
    const inOr = ok(groupSelected(root, new Set(['d', 'e']), ids()));
    expect(shape(inOr)).toEqual(['root', 'a', 'b', 'c', ['g1', ['new1', 'd', 'e']], 'f']);
    expect((inOr.children[3] as GroupNode).children[0]).toMatchObject({ combinator: 'or' });
  });

  it('refuses to group rows of different groups, or nothing, and changes nothing', () => {
    expect(groupSelected(root, new Set(['a', 'd']), ids())).toEqual({ ok: false, message: expect.stringMatching(/same group/) });
    expect(groupSelected(root, new Set(), ids()).ok).toBe(false);
    expect(groupSelected(root, new Set(['gone']), ids()).ok).toBe(false);
  });

  it('ungroups selected plain groups into their parent, keeping related-entity groups', () => {
    const tree = g('root', [r('a'), g('g1', [r('b'), g('g2', [r('c')])]), rel('rel', [g('g3', [r('d')])])]);
    expect(shape(ok(ungroupSelected(tree, new Set(['g1']))))).toEqual(['root', 'a', 'b', ['g2', 'c'], ['rel', ['g3', 'd']]]);
    expect(ungroupSelected(tree, new Set(['rel']))).toEqual({ ok: false, message: expect.stringMatching(/related-entity/) });
    const all = ungroupAll(tree);
    expect(all.ok && all.message).toBe('Ungrouped 3 groups.');
    expect(shape(ok(all))).toEqual(['root', 'a', 'b', 'c', ['rel', 'd']]);
    expect(ungroupAll(g('root', [r('a'), rel('rel', [r('b')])])).ok).toBe(false);
  });

  it('deletes selected rows and groups with what is inside them', () => {
    const res = deleteSelected(root, new Set(['a', 'g1', 'd']));
    expect(res.ok && res.message).toBe('Deleted 1 row and 1 group.');
    expect(shape(ok(res))).toEqual(['root', 'b', 'c', 'f']);
    expect(deleteSelected(root, new Set()).ok).toBe(false);
  });

  it('duplicates rows and groups right after themselves with new ids throughout', () => {
    const res = duplicateSelected(root, new Set(['a', 'g1', 'e']), ids());
    expect(res.ok && res.message).toBe('Duplicated 1 row and 1 group.');
    const next = ok(res);
    expect(shape(next)).toEqual(['root', 'a', 'new1', 'b', 'c', ['g1', 'd', 'e'], ['new2', 'new3', 'new4'], 'f']);
    expect(next.children[1]).toMatchObject({ kind: 'rule', field: 'address1_city', values: ['a'] });
    const copy = next.children[5] as GroupNode;
    expect(copy).toMatchObject({ kind: 'group', combinator: 'or' });
    expect(copy.children.map((c) => (c as RuleNode).values)).toEqual([['d'], ['e']]);
  });

  it('keeps selection to nodes still in the tree, and topmost ones for group-wide actions', () => {
    expect(pruneSelection(root, new Set(['a', 'zz', 'e']))).toEqual(new Set(['a', 'e']));
    expect(topmostSelected(root, new Set(['g1', 'd', 'f']))).toEqual(new Set(['g1', 'f']));
  });

  const arbTree: fc.Arbitrary<GroupNode> = fc
    .letrec<{ node: ConditionNode }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant(null).map(() => r('x')),
        fc
          .record({ combinator: fc.constantFrom('and' as const, 'or' as const), children: fc.array(tie('node'), { maxLength: 4 }) })
          .map(({ combinator, children }) => g('x', children, combinator)),
      ),
    }))
    .node.map((n) => (n.kind === 'group' ? n : g('x', [n])))
    .map((tree) => {
      let n = 0;
      const renumber = (node: ConditionNode): ConditionNode => {
        const id = `n${n++}`;
        return node.kind === 'rule' ? { ...node, id, values: [id] } : { ...node, id, children: node.children.map(renumber) };
      };
      return renumber(tree) as GroupNode;
    });

  it('property: duplicating then deleting the copies gives the tree back; ids stay unique', () => {
    fc.assert(
      fc.property(arbTree, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (tree, picks) => {
        const all = [...nodeIds(tree)];
        if (all.length === 0) return;
        const selected = new Set(picks.map((p) => all[p % all.length] ?? ''));
        const next = ok(duplicateSelected(tree, selected, ids()));
        const after = [...nodeIds(next)];
        expect(new Set(after).size).toBe(after.length);
        const copies = new Set(after.filter((id) => id.startsWith('new')));
        expect(shape(ok(deleteSelected(next, copies)))).toEqual(shape(tree));
      }),
      { numRuns: 150 },
    );
  });

  it('property: grouping siblings then ungrouping that group gives the same rows in the same order', () => {
    fc.assert(
      fc.property(arbTree, fc.nat(), fc.nat(), (tree, start, len) => {
        if (tree.children.length === 0) return;
        const from = start % tree.children.length;
        const picked = tree.children.slice(from, from + 1 + (len % 3)).map((c) => c.id);
        const grouped = ok(groupSelected(tree, new Set(picked), () => 'G'));
        expect(shape(ok(ungroupSelected(grouped, new Set(['G']))))).toEqual(shape(tree));
      }),
      { numRuns: 150 },
    );
  });

  it('copyWithNewIds gives every node a new id', () => {
    const copy = copyWithNewIds(g('g', [r('a'), rel('rel', [r('b')])]), ids());
    expect(shape(copy)).toEqual(['new1', 'new2', ['new3', 'new4']]);
  });
});
