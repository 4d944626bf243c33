/**
 * The designer's group tools (spec F5) as pure operations on a block's condition tree: Group selected,
 * Ungroup selected, Ungroup all, Delete selected and Duplicate. Each returns a new tree (unchanged
 * nodes kept identical) and a sentence saying what it did, or an error saying why it did nothing.
 *
 * Rules that keep a tree valid:
 * - Group selected takes rows or groups of ONE group (siblings) and puts them, in order, into a new
 *   group at the place of the first; the new group uses the parent's AND / OR, so meaning is unchanged.
 * - Ungroup replaces a plain group by its children. A related-entity group is never dissolved (its
 *   rows read another entity), nor the block's top group.
 * - Delete removes the selected nodes (a selected group goes with everything inside it).
 * - Duplicate puts a copy (new ids throughout) right after each selected node.
 */
import type { ConditionNode, GroupNode } from '../../../../shared/segments/ast';

/** What a tool did: the new tree and a sentence for the screen reader and the undo bar. */
export type TreeOpResult = { ok: true; root: GroupNode; message: string } | { ok: false; message: string };

type Parent = GroupNode | Extract<ConditionNode, { kind: 'related' }>;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function hasChildren(node: ConditionNode): node is Parent {
  return node.kind === 'group' || node.kind === 'related';
}

/** Every node id in the tree below `root` (root excluded). */
export function nodeIds(root: GroupNode): Set<string> {
  const out = new Set<string>();
  const walk = (nodes: readonly ConditionNode[]): void => {
    for (const n of nodes) {
      out.add(n.id);
      if (hasChildren(n)) walk(n.children);
    }
  };
  walk(root.children);
  return out;
}

/** The ids of `selected` that are still in the tree (after an edit removed some). */
export function pruneSelection(root: GroupNode, selected: ReadonlySet<string>): Set<string> {
  const ids = nodeIds(root);
  return new Set([...selected].filter((id) => ids.has(id)));
}

/** The selected ids that have no selected ancestor (a selected group already carries what is inside it). */
export function topmostSelected(root: GroupNode, selected: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const walk = (nodes: readonly ConditionNode[]): void => {
    for (const n of nodes) {
      if (selected.has(n.id)) out.add(n.id);
      else if (hasChildren(n)) walk(n.children);
    }
  };
  walk(root.children);
  return out;
}

/** The parent of the node with `id`, or undefined. */
function parentOf(parent: Parent, id: string): Parent | undefined {
  for (const c of parent.children) {
    if (c.id === id) return parent;
    if (hasChildren(c)) {
      const found = parentOf(c, id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Rebuilds the tree, letting `fn` replace each parent's child list (bottom-up); untouched parents stay identical. */
function mapParents<T extends Parent>(node: T, fn: (p: Parent, children: ConditionNode[]) => ConditionNode[]): T {
  let changed = false;
  const inner = node.children.map((c) => {
    if (!hasChildren(c)) return c;
    const next = mapParents(c, fn);
    if (next !== c) changed = true;
    return next;
  });
  const base = changed ? inner : node.children;
  const children = fn(node, base);
  return children === node.children ? node : { ...node, children };
}

const describe = (nodes: readonly ConditionNode[]): string => {
  const rows = nodes.filter((n) => n.kind === 'rule').length;
  const groups = nodes.length - rows;
  return [rows > 0 ? plural(rows, 'row') : '', groups > 0 ? plural(groups, 'group') : ''].filter(Boolean).join(' and ');
};

/** Group selected: the selected siblings into a new group at the first one's place. */
export function groupSelected(root: GroupNode, selected: ReadonlySet<string>, makeId: () => string): TreeOpResult {
  const ids = [...pruneSelection(root, selected)];
  if (ids.length === 0) return { ok: false, message: 'Select the rows or groups to group first.' };
  const parents = new Set(ids.map((id) => parentOf(root, id)));
  const [parent] = parents;
  if (parents.size !== 1 || !parent)
    return { ok: false, message: 'Only rows of the same group can be grouped: select rows that sit side by side in one group.' };
  const picked = parent.children.filter((c) => selected.has(c.id));
  const group: GroupNode = { kind: 'group', id: makeId(), combinator: parent.combinator, children: picked };
  const next = mapParents(root, (p, children) => {
    if (p !== parent) return children;
    const first = children.findIndex((c) => selected.has(c.id));
    const kept = children.filter((c) => !selected.has(c.id));
    kept.splice(first, 0, group);
    return kept;
  });
  return { ok: true, root: next, message: `Grouped ${describe(picked)}.` };
}

function ungroupWhere(root: GroupNode, dissolve: (g: GroupNode) => boolean): { root: GroupNode; count: number } {
  let count = 0;
  const next = mapParents(root, (_p, children) => {
    if (!children.some((c) => c.kind === 'group' && dissolve(c))) return children;
    return children.flatMap((c) => {
      if (c.kind !== 'group' || !dissolve(c)) return [c];
      count++;
      return c.children;
    });
  });
  return { root: next, count };
}

/** Ungroup selected: each selected plain group is replaced by its children (related groups stay). */
export function ungroupSelected(root: GroupNode, selected: ReadonlySet<string>): TreeOpResult {
  const { root: next, count } = ungroupWhere(root, (g) => selected.has(g.id));
  if (count === 0) return { ok: false, message: 'Select a group to ungroup (related-entity groups cannot be ungrouped).' };
  return { ok: true, root: next, message: `Ungrouped ${plural(count, 'group')}.` };
}

/** Ungroup all: every plain group below the block's top group is dissolved (related-entity groups stay). */
export function ungroupAll(root: GroupNode): TreeOpResult {
  const { root: next, count } = ungroupWhere(root, () => true);
  if (count === 0) return { ok: false, message: 'There are no groups to ungroup.' };
  return { ok: true, root: next, message: `Ungrouped ${plural(count, 'group')}.` };
}

/** Delete selected: removes the selected nodes (and what is inside selected groups). */
export function deleteSelected(root: GroupNode, selection: ReadonlySet<string>): TreeOpResult {
  const selected = topmostSelected(root, selection);
  const removed: ConditionNode[] = [];
  const next = mapParents(root, (_p, children) => {
    if (!children.some((c) => selected.has(c.id))) return children;
    removed.push(...children.filter((c) => selected.has(c.id)));
    return children.filter((c) => !selected.has(c.id));
  });
  if (removed.length === 0) return { ok: false, message: 'Select the rows or groups to delete first.' };
  return { ok: true, root: next, message: `Deleted ${describe(removed)}.` };
}

/** A deep copy of `node` with new ids on it and everything inside it. */
export function copyWithNewIds(node: ConditionNode, makeId: () => string): ConditionNode {
  if (!hasChildren(node)) return { ...node, id: makeId() };
  return { ...node, id: makeId(), children: node.children.map((c) => copyWithNewIds(c, makeId)) };
}

/** Duplicate: a copy of each selected node right after it (a selected group's copy holds copies of its rows). */
export function duplicateSelected(root: GroupNode, selection: ReadonlySet<string>, makeId: () => string): TreeOpResult {
  const selected = topmostSelected(root, selection);
  const copied: ConditionNode[] = [];
  const next = mapParents(root, (_p, children) => {
    if (!children.some((c) => selected.has(c.id))) return children;
    return children.flatMap((c) => {
      if (!selected.has(c.id)) return [c];
      copied.push(c);
      return [c, copyWithNewIds(c, makeId)];
    });
  });
  if (copied.length === 0) return { ok: false, message: 'Select the rows or groups to duplicate first.' };
  return { ok: true, root: next, message: `Duplicated ${describe(copied)}.` };
}
