/**
 * Evaluates a dynamic or compound definition to a member bitset over the contact rid space, block by
 * block, strictly left to right, with the size after each block (the flow view's numbers).
 *
 * Per block: profile blocks on the cached columns; interaction blocks without a filter or aggregate on
 * the in-memory log; segment blocks from the cached member bitsets. Everything else (an interaction
 * filter or aggregate, a column the cache cannot hold) runs the block's compiled SQL and turns its rids
 * into a bitset: the same answer, SQL speed.
 */
import type { Block, ConditionNode, SegmentDefinition } from '../../../../shared/segments/ast.js';
import type { EvalContext } from '../../../../shared/segments/dataset.js';
import { interactionWindowStart } from '../../../../shared/segments/dates.js';
import { EvaluationError } from '../../../../shared/segments/ruleMatch.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { Db } from '../../db/connection.js';
import type { CompiledBlock } from '../../segments/compile.js';
import { andInPlace, andNotInPlace, bitsetFromRids, countBits, orInPlace, type Bitset } from './bitset.js';
import { evalCondition, needsFalse, type ConditionEnv } from './conditions.js';
import type { ColumnarEngine } from './engine.js';
import { expandManyToMany } from '../../../../shared/segments/manyToMany.js';

export interface ColumnarResult {
  /** Members over the contact rid space. */
  members: Bitset;
  total: number;
  blockCounts: number[];
  /** Ids of the blocks that ran as SQL (and why), for the bench and tests. */
  sqlBlocks: { blockId: string; reason: string }[];
}

/**
 * `compiled` are the same blocks compiled to SQL (the fallback, and the validation: compiling first
 * gives exactly the SQL path's errors). `beforeStep(i)` runs before each block (cancellation).
 */
export function evaluateColumnar(
  db: Db,
  engine: ColumnarEngine,
  def: SegmentDefinition,
  ctx: EvalContext,
  compiled: readonly CompiledBlock[],
  beforeStep?: (index: number) => void,
): ColumnarResult {
  if (def.kind === 'static') throw new ApiFailure('invalid_input', 'A static segment has no query: its members are stored data.');
  const contacts = engine.entity('contact');
  const words = contacts.words;
  const env: ConditionEnv = {
    ctx,
    entity: (name) => engine.entity(name),
    lookupRid: (entity, key) => engine.lookupRid(entity, key),
    relationship: (name) => engine.storage.relationships.get(name.toLowerCase()),
    links: engine.storage.relationships,
  };
  preloadColumns(engine, def);
  let result: Bitset = new Uint32Array(words);
  const blockCounts: number[] = [];
  const sqlBlocks: ColumnarResult['sqlBlocks'] = [];
  def.blocks.forEach((block: Block, i) => {
    beforeStep?.(i);
    const first = i === 0;
    const size = blockCounts.at(-1) ?? 0;
    // A block that cannot change the result is not evaluated (as in the reference evaluator).
    if (!first && block.combine !== 'union' && size === 0) {
      blockCounts.push(0);
      return;
    }
    let bits: Bitset;
    try {
      bits = blockBits(engine, env, block, ctx, words);
    } catch (err) {
      if (err instanceof ApiFailure) throw err;
      const sql = compiled[i];
      if (!sql) throw err;
      sqlBlocks.push({ blockId: block.id, reason: err instanceof Error ? err.message : String(err) });
      bits = bitsetFromRids(db.prepare(`SELECT rid FROM (${sql.sql})`).pluck().all(sql.params) as number[], words);
    }
    // Only existing contacts are members (stale rids in a log or member list are ignored).
    andInPlace(bits, contacts.exists);
    if (first) result = bits;
    else if (block.combine === 'union') orInPlace(result, bits);
    else if (block.combine === 'intersect') andInPlace(result, bits);
    else andNotInPlace(result, bits);
    blockCounts.push(countBits(result));
  });
  return { members: result, total: blockCounts.at(-1) ?? 0, blockCounts, sqlBlocks };
}

/** Loads, per entity, every column the definition's profile blocks read, one table scan per entity. */
function preloadColumns(engine: ColumnarEngine, def: SegmentDefinition & { blocks: Block[] }): void {
  const wanted = new Map<string, Set<string>>();
  const want = (entity: string, field: string): void => {
    const key = entity.toLowerCase();
    if (!wanted.has(key)) wanted.set(key, new Set());
    wanted.get(key)?.add(field.toLowerCase());
  };
  const visit = (node: ConditionNode, entity: string): void => {
    if (node.kind === 'rule') want(entity, node.field);
    else if (node.kind === 'group') node.children.forEach((c) => visit(c, entity));
    else if (node.direction === 'manyToMany') {
      // N:N: read what its nested form reads (an unresolvable one fails later, in the evaluation).
      let nested: ConditionNode;
      try {
        nested = expandManyToMany(engine.storage.relationships, entity, node);
      } catch {
        return;
      }
      visit(nested, entity);
    } else {
      const rel = engine.storage.relationships.get(node.relationship.toLowerCase());
      if (!rel) return;
      want(rel.referencingEntity, rel.lookupField);
      const target = node.direction === 'toReferenced' ? rel.referencedEntity : rel.referencingEntity;
      node.children.forEach((c) => visit(c, target));
    }
  };
  for (const b of def.blocks) if (b.kind === 'profile') visit(b.root, 'contact');
  for (const [entity, names] of wanted) {
    const e = engine.storage.entities.get(entity);
    if (!e) continue;
    const fields = [...names].flatMap((n) => {
      const f = e.fields.get(n);
      return f ? [f] : [];
    });
    engine.entity(entity).load(fields);
  }
}

/** Raised for a block shape evaluated in SQL by design (not an error). */
class UseSql extends Error {}

function blockBits(engine: ColumnarEngine, env: ConditionEnv, block: Block, ctx: EvalContext, words: number): Bitset {
  switch (block.kind) {
    case 'profile': {
      const tri = evalCondition(needsFalse(block.root) ? env : { ...env, twoValued: true }, block.root, engine.entity('contact'));
      return tri.t.length === words ? tri.t : tri.t.slice(0, words);
    }
    case 'interaction': {
      if (block.filter || block.aggregate) throw new UseSql('interaction filter / aggregate: evaluated in SQL');
      const type = engine.storage.interactionTypes.get(block.interactionType.toLowerCase());
      if (!type) throw new EvaluationError(`Block ${block.id}: unknown interaction type '${block.interactionType}'`);
      const start = interactionWindowStart(block.window, ctx.now);
      return engine.windowLog(type, start).matching(start, ctx.now, block.count.op, block.count.value, words);
    }
    case 'segment':
      if (block.split) throw new UseSql('split group: evaluated in SQL (the bucket needs the contact key)');
      // Copy: the cached bitset must not be changed by the set operations.
      return engine.segmentMembers(block.segmentId, words).slice();
  }
}
