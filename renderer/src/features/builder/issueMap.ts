/**
 * Turns API issues into messages per definition node id, so each shows on its row, group or block.
 * Issues from segments.validate carry a `nodeId`; input-schema issues carry only a dotted path into
 * the input (e.g. `definition.blocks.0.root.children.2.values`), resolved here to the deepest node.
 */
import type { ApiIssue } from '../../../../shared/api/result';
import type { SegmentDefinition } from '../../../../shared/segments/ast';

/** The key under which issues that belong to no node (or the whole definition) are listed. */
export const DEFINITION_KEY = '';

function nodeAtPath(definition: SegmentDefinition, path: string): string | undefined {
  const parts = path.split('.');
  const start = parts[0] === 'definition' ? 1 : 0;
  let cur: unknown = definition;
  let lastId: string | undefined;
  for (const p of parts.slice(start)) {
    if (typeof cur !== 'object' || cur === null) break;
    cur = (cur as Record<string, unknown>)[p];
    const id = typeof cur === 'object' && cur !== null ? (cur as { id?: unknown }).id : undefined;
    if (typeof id === 'string') lastId = id;
  }
  return lastId;
}

export function issuesByNode(definition: SegmentDefinition, issues: readonly ApiIssue[] | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const issue of issues ?? []) {
    const key = issue.nodeId ?? nodeAtPath(definition, issue.path) ?? DEFINITION_KEY;
    const list = out.get(key) ?? [];
    if (!list.includes(issue.message)) list.push(issue.message);
    out.set(key, list);
  }
  return out;
}
