/**
 * The SQL compiler's entry points: a segment definition → one SQLite statement selecting the DISTINCT
 * contact rids of its members, with bound parameters only and identifiers only from the catalog.
 *
 * Blocks combine strictly left to right. SQLite gives UNION / INTERSECT / EXCEPT equal precedence and
 * applies them left to right, and every block is wrapped as `SELECT rid FROM (…)`, so no block's own
 * shape can change how the chain groups: `A UNION B EXCEPT C` is `(A ∪ B) \ C`.
 */
import type { Block, SegmentDefinition, SetOperator } from '../../../shared/segments/ast.js';
import type { StorageCatalog } from './compileCatalog.js';
import { compileBlock, type CompileContext, type CompileOptions } from './compileBlocks.js';
import { compileError, type CompiledSql } from './compileSql.js';

export type { CompileContext, CompileOptions } from './compileBlocks.js';
export type { CompiledSql } from './compileSql.js';
export { compileBlock } from './compileBlocks.js';

/** A compiled block with how it combines with the result so far (ignored on the first block). */
export interface CompiledBlock extends CompiledSql {
  blockId: string;
  combine: SetOperator;
  /**
   * For a segment block: the segment whose stored members it reads. Step-by-step evaluation then
   * removes (EXCEPT) or keeps (INTERSECT) rows by probing segment_members' primary key per row instead
   * of listing every member of that segment (evaluator/steps.ts).
   */
  storedMembersOf?: string;
}

export interface DefinitionCompileOptions extends CompileOptions {
  /** For a static definition: the segment whose stored members are the result. */
  segmentId?: string;
}

const SET_SQL: Record<SetOperator, string> = { union: 'UNION', intersect: 'INTERSECT', except: 'EXCEPT' };

function blocksOf(def: SegmentDefinition): Block[] {
  return def.kind === 'static' ? [] : def.blocks;
}

/** Each block compiled on its own, in order (for per-block counts and step-by-step evaluation). */
export function compileBlocks(
  def: SegmentDefinition,
  catalog: StorageCatalog,
  ctx: CompileContext,
  opts: CompileOptions = {},
): CompiledBlock[] {
  return blocksOf(def).map((block) => ({
    blockId: block.id,
    combine: block.combine,
    ...compileBlock(block, catalog, ctx, opts),
    // A split block keeps a part of the members: it cannot be evaluated as a probe of all of them.
    ...(block.kind === 'segment' && !block.split ? { storedMembersOf: block.segmentId } : {}),
  }));
}

/** Joins compiled blocks left to right into one statement selecting column `rid`. */
export function combineBlocks(blocks: readonly CompiledBlock[]): CompiledSql {
  if (blocks.length === 0) return { sql: 'SELECT NULL AS rid WHERE 0', params: [] };
  let sql = '';
  const params: CompiledSql['params'] = [];
  blocks.forEach((blk, i) => {
    if (i > 0) sql += ` ${SET_SQL[blk.combine]} `;
    sql += `SELECT rid FROM (${blk.sql})`;
    params.push(...blk.params);
  });
  return { sql, params };
}

/**
 * Compiles a whole definition. Dynamic and compound definitions chain their blocks; a static
 * definition reads its stored members (needs `opts.segmentId`).
 */
export function compileDefinition(
  def: SegmentDefinition,
  catalog: StorageCatalog,
  ctx: CompileContext,
  opts: DefinitionCompileOptions = {},
): CompiledSql {
  if (def.kind === 'static') {
    if (!opts.segmentId) throw compileError('A static segment has no query: its members are stored data');
    return { sql: 'SELECT m.contact_rid AS rid FROM segment_members AS m WHERE m.segment_id = ?', params: [opts.segmentId] };
  }
  return combineBlocks(compileBlocks(def, catalog, ctx, opts));
}
