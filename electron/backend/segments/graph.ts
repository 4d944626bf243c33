/**
 * The dependency graph between segments (segment blocks and compound children), read from the
 * stored definitions: who references whom, who depends on a segment, evaluation order (children
 * before the segments that use them) and cycle checks.
 */
import type { Block, SegmentDefinition } from '../../../shared/segments/ast.js';
import type { Db } from '../db/connection.js';

/** Ids of the segments a definition references (segment blocks of dynamic and compound segments). */
export function referencedSegments(def: SegmentDefinition): string[] {
  if (def.kind === 'static') return [];
  const ids: string[] = [];
  for (const b of def.blocks as Block[]) if (b.kind === 'segment' && !ids.includes(b.segmentId)) ids.push(b.segmentId);
  return ids;
}

export interface GraphNode {
  id: string;
  name: string;
  type: string;
  status: string;
  needsAttention: boolean;
  definition: SegmentDefinition;
  timeZone: string;
  refs: string[];
}

export class SegmentGraph {
  readonly nodes = new Map<string, GraphNode>();

  constructor(db: Db) {
    const rows = db.prepare('SELECT id, name, type, status, needs_attention, definition, time_zone FROM segments').all() as {
      id: string;
      name: string;
      type: string;
      status: string;
      needs_attention: number;
      definition: string;
      time_zone: string;
    }[];
    for (const r of rows) {
      const definition = JSON.parse(r.definition) as SegmentDefinition;
      this.nodes.set(r.id, {
        id: r.id,
        name: r.name,
        type: r.type,
        status: r.status,
        needsAttention: r.needs_attention === 1,
        definition,
        timeZone: r.time_zone,
        refs: referencedSegments(definition),
      });
    }
  }

  /** Segments (any status) whose definition references `id`. */
  referencing(id: string): GraphNode[] {
    return [...this.nodes.values()].filter((n) => n.id !== id && n.refs.includes(id));
  }

  /** Live (or going-live) segments that use `id`: the ones a stop or delete would break. */
  liveDependants(id: string): GraphNode[] {
    return this.referencing(id).filter((n) => n.status === 'live' || n.status === 'goingLive');
  }

  /** True if a definition with `refs` for segment `selfId` would close a reference cycle. */
  wouldCycle(selfId: string, refs: readonly string[]): boolean {
    const seen = new Set<string>();
    const stack = [...refs];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (id === selfId) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(this.nodes.get(id)?.refs ?? []));
    }
    return false;
  }

  /** `ids` ordered so that every segment comes after the segments it references (children first). */
  order(ids: Iterable<string>): string[] {
    const wanted = new Set(ids);
    const out: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string): void => {
      if (state.get(id) !== undefined) return; // 'visiting' would be a cycle: go-live refuses those
      state.set(id, 'visiting');
      for (const r of this.nodes.get(id)?.refs ?? []) visit(r);
      state.set(id, 'done');
      if (wanted.has(id)) out.push(id);
    };
    for (const id of [...wanted].sort()) visit(id);
    return out;
  }
}
