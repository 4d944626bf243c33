/** Short words for blocks and set operators, used by the block cards and the flow view. */
import type { Block, ConditionNode, SetOperator } from '../../../../shared/segments/ast';
import type { CatalogIndex } from './catalogIndex';

export const SET_OPERATOR_LABELS: Record<SetOperator, { label: string; hint: string }> = {
  union: { label: 'Union', hint: 'or: add these contacts' },
  intersect: { label: 'Intersect', hint: 'and also: keep only contacts in both' },
  except: { label: 'Except', hint: 'but not: remove these contacts' },
};

function countRows(nodes: readonly ConditionNode[]): number {
  return nodes.reduce((n, c) => n + (c.kind === 'rule' ? 1 : countRows(c.children)), 0);
}

/** E.g. "Contacts (3 rows)", "at least 1 Email clicked, last 45 days", "Segment: VIP". */
export function blockSummary(block: Block, index: CatalogIndex | null, segmentName: (id: string) => string): string {
  switch (block.kind) {
    case 'profile': {
      const rows = countRows(block.root.children);
      return rows === 0 ? 'All contacts' : `Contacts (${rows} ${rows === 1 ? 'row' : 'rows'})`;
    }
    case 'interaction': {
      const label = index ? index.scopeLabel(block.interactionType) : block.interactionType;
      const ops = { atLeast: 'at least', exactly: 'exactly', moreThan: 'more than', fewerThan: 'fewer than' } as const;
      const window = block.window.kind === 'lifetime' ? 'ever' : `last ${block.window.amount} ${block.window.unit}`;
      return `${ops[block.count.op]} ${block.count.value} × ${label || 'interaction'}, ${window}`;
    }
    case 'segment':
      return `Segment: ${segmentName(block.segmentId)}`;
  }
}

export function blockKindLabel(kind: Block['kind']): string {
  return kind === 'profile' ? 'Profile block' : kind === 'interaction' ? 'Interaction block' : 'Segment';
}
