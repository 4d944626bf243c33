/**
 * Issues of a refused go-live, kept in place only on what has not changed since: a row whose field,
 * operator or values changed loses the old message ("'contactid': enter at least one value" must not
 * stay on a row that now uses City). Issues of the whole definition stay until anything changes.
 */
import type { ApiIssue } from '../../../../shared/api/result';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { DEFINITION_KEY, issuesByNode } from '../builder/issueMap';

/** Every node with an id (blocks, groups, rows) by id, as JSON, to tell changed nodes from unchanged ones. */
function nodesById(value: unknown, out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) for (const v of value) nodesById(v, out);
  else if (typeof value === 'object' && value !== null) {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string') out.set(id, JSON.stringify(value));
    for (const v of Object.values(value)) nodesById(v, out);
  }
  return out;
}

export function refusedIssues(
  refused: SegmentDefinition,
  issues: readonly ApiIssue[] | undefined,
  current: SegmentDefinition,
): Map<string, string[]> {
  const before = nodesById(refused);
  const now = nodesById(current);
  const unchanged = JSON.stringify(refused) === JSON.stringify(current);
  const out = new Map<string, string[]>();
  for (const [id, messages] of issuesByNode(refused, issues)) {
    const keep = id === DEFINITION_KEY ? unchanged : before.get(id) !== undefined && before.get(id) === now.get(id);
    if (keep) out.set(id, messages);
  }
  return out;
}
