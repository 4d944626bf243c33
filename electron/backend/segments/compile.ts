/**
 * The SQL compiler's entry points for the desktop store: a segment definition → SQLite statements
 * selecting the DISTINCT contact rids of its members, with bound parameters only and identifiers only
 * from the catalog. The compiler itself is one for every engine (compileBlocks / compileConditions /
 * compileRules over a SqlDialect and a CompileTarget); this file picks the desktop target
 * (desktopTarget.ts), and sql/warehouseCompile.ts the warehouse one.
 *
 * Blocks combine strictly left to right. SQLite gives UNION / INTERSECT / EXCEPT equal precedence and
 * applies them left to right, and every block is wrapped as `SELECT rid FROM (…)`, so no block's own
 * shape can change how the chain groups: `A UNION B EXCEPT C` is `(A ∪ B) \ C`.
 */
import type { Block, SegmentDefinition, SetOperator } from '../../../shared/segments/ast.js';
import type { StorageCatalog } from './compileCatalog.js';
import { blockQuery, chainQueries, storedMembersQuery, type CompileOptions } from './compileBlocks.js';
import { compileError, SqlBuilder, type CompiledSql } from './compileSql.js';
import { DESKTOP_OUTPUT, desktopTarget } from './desktopTarget.js';

export type { CompileOptions } from './compileBlocks.js';
export type { CompiledSql } from './compileSql.js';

/** When and where the definition is evaluated. */
export interface CompileContext {
  /** Evaluation time (epoch ms): interactions after it do not exist yet. */
  now: number;
  /** IANA zone for relative dates on profile fields. */
  timeZone: string;
}

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

function blocksOf(def: SegmentDefinition): Block[] {
  return def.kind === 'static' ? [] : def.blocks;
}

/** Compiles one block to a statement selecting distinct contact rids (column `rid`). */
export function compileBlock(block: Block, catalog: StorageCatalog, ctx: CompileContext, opts: CompileOptions = {}): CompiledSql {
  const b = new SqlBuilder();
  const sql = blockQuery(block, b, { target: desktopTarget(catalog), clock: ctx, opts, depth: 0 });
  return { sql, params: b.params };
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
    ...(block.kind === 'segment' && !opts.segment && !block.split ? { storedMembersOf: block.segmentId } : {}),
  }));
}

/** Joins compiled blocks left to right into one statement selecting column `rid`. */
export function combineBlocks(blocks: readonly CompiledBlock[]): CompiledSql {
  const sql = chainQueries(blocks, DESKTOP_OUTPUT);
  return { sql, params: blocks.flatMap((blk) => blk.params) };
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
    const b = new SqlBuilder();
    return { sql: storedMembersQuery(opts.segmentId, b, desktopTarget(catalog)), params: b.params };
  }
  return combineBlocks(compileBlocks(def, catalog, ctx, opts));
}
