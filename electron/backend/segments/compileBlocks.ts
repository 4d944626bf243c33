/**
 * One block → one `SELECT <out> …` query returning contact ids (column `target.out`), for any target;
 * and blocks chained left to right. Strategy per kind:
 *  - profile: a WHERE over the contact table (folded shadows for text/choice/multichoice; related
 *    groups as uncorrelated semi-joins), the planner picks the index;
 *  - interaction: GROUP BY contact HAVING over the interaction log (on the desktop pinned with INDEXED
 *    BY to the covering (type_id, ts, contact_rid) index, and answered from the contact_type_stats
 *    summary where that is provably equivalent: the target's `forms`, desktopForms.ts);
 *  - segment: the stored members of the referenced segment, or (when the caller resolves it to a
 *    definition, as exported SQL does for live segments) that definition compiled inline.
 */
import type { Block, InteractionBlock, SegmentDefinition, SetOperator } from '../../../shared/segments/ast.js';
import type { StorageInteractionType } from './compileCatalog.js';
import { splitRange, type SplitSpec } from '../../../shared/segments/split.js';
import { compileCondition } from './compileConditions.js';
import { nowSql, windowStart, type Clock } from './compileDates.js';
import { quoteName } from './compileRules.js';
import { compileError, type SqlBuilder } from './compileSql.js';
import type { CompileTarget, TargetEntity } from './compileTarget.js';

/** How a segment block reads the segment it references. */
export type SegmentSource =
  /** A live (dynamic or compound) segment: its definition is compiled inline. */
  | { kind: 'definition'; definition: SegmentDefinition; timeZone: string }
  /** A static segment (or one whose definition is not at hand): the stored members. */
  | { kind: 'stored' };

export interface CompileOptions {
  /** Use contact_type_stats where equivalent (default: when the table exists). Desktop store only. */
  useTypeStats?: boolean;
  /**
   * Re-check that interaction and segment-member ids name existing contacts. Off by default: every
   * writer keeps that invariant (imports resolve keys to rids and skip the rest; contacts are never
   * deleted), and the check costs a rowid probe per result row.
   */
  guardContactRids?: boolean;
  /**
   * Compile related-entity groups as correlated EXISTS probes (`t1.rid = t0.lookup`, or
   * `t1.lookup = t0.rid` through the lookup index) instead of uncorrelated semi-joins. For re-checking
   * one or a few contacts (the live refresher): a probe per contact instead of a pass over every
   * related record. Same members either way; off by default (a full evaluation wants the semi-joins).
   */
  correlatedRelated?: boolean;
  /**
   * Compile segment blocks as a probe of the stored members per contact (`EXISTS … chunk = t0.rid >> 10
   * AND contact_rid = t0.rid`) instead of listing them. For the one-contact re-check, whose outer
   * `rid = ?` then makes it one chunk read; the listing form would expand every chunk of the child.
   */
  correlatedSegments?: boolean;
  /** Resolves a segment block's segment id (default: its stored members). */
  segment?: (segmentId: string) => SegmentSource;
}

/** What every block of one statement shares. */
export interface BlockContext {
  target: CompileTarget;
  clock: Clock;
  opts: CompileOptions;
  /** Nesting of inlined segments. */
  depth: number;
}

/** Nesting of inlined segments beyond which a cycle is assumed (the app refuses cycles; this is a guard). */
const MAX_SEGMENT_DEPTH = 32;
const SET_SQL: Record<SetOperator, string> = { union: 'UNION', intersect: 'INTERSECT', except: 'EXCEPT' };
const COUNT_SQL = { atLeast: '>=', exactly: '=', moreThan: '>', fewerThan: '<' } as const;
const AGG_CMP = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

/** The contact entity's table. */
export function contactEntity(target: CompileTarget, nodeId?: string): TargetEntity {
  const e = target.entities.get('contact');
  if (!e) throw compileError('The catalog has no contact entity', nodeId);
  return e;
}

function profileBlock(root: Extract<Block, { kind: 'profile' }>, b: SqlBuilder, c: BlockContext): string {
  const { target } = c;
  const contact = contactEntity(target, root.id);
  const a = b.alias();
  const where = compileCondition(root.root, {
    b,
    target,
    clock: c.clock,
    alias: a,
    columns: contact.columns,
    entity: contact,
    positive: true,
    correlated: c.opts.correlatedRelated === true,
  });
  const q = (n: string): string => quoteName(b.d, n);
  return `SELECT ${a}.${q(contact.id)} AS ${target.out} FROM ${q(contact.table)} AS ${a} WHERE ${where}`;
}

function interactionType(block: InteractionBlock, c: BlockContext): StorageInteractionType {
  const type = c.target.catalog.interactionTypes.get(block.interactionType.toLowerCase());
  if (!type) throw compileError(`Unknown interaction type '${block.interactionType}'`, block.id);
  return type;
}

function interactionBlock(block: InteractionBlock, b: SqlBuilder, c: BlockContext): string {
  const { target } = c;
  const type = interactionType(block, c);
  const shortcut = target.forms?.interactionShortcut?.(block, type, b, c.clock, c.opts);
  if (shortcut !== undefined) return shortcut;
  const I = target.interactions;
  const q = (n: string): string => quoteName(b.d, n);
  const columns = I.columns(type);
  const where = [`i.${q(I.typeColumn)} = ${b.value(I.typeValue(type))}`];
  const start = windowStart(b, c.clock, block.window);
  if (start !== undefined) where.push(`i.${q(I.ts)} >= ${start}`);
  where.push(`i.${q(I.ts)} <= ${nowSql(b, c.clock)}`);
  if (block.filter && block.filter.children.length > 0) {
    where.push(compileCondition(block.filter, { b, target, clock: c.clock, alias: 'i', columns, entity: null, positive: true }));
  }
  const having = [`count(*) ${COUNT_SQL[block.count.op]} ${b.number(block.count.value)}`];
  if (block.aggregate) {
    const field = type.fields.get(block.aggregate.field.toLowerCase());
    const column = columns.get(block.aggregate.field.toLowerCase());
    if (!field || !column) throw compileError(`Unknown field '${block.aggregate.field}' of ${type.name}`, block.id);
    if (field.type !== 'integer' && field.type !== 'decimal') throw compileError(`'${field.name}' is not a number field`, block.id);
    const agg = `${block.aggregate.fn}(${b.d.asDouble(`i.${q(column.name)}`)})`;
    having.push(`${agg} ${AGG_CMP[block.aggregate.op]} ${b.number(block.aggregate.value)}`);
  }
  const idx = I.byTypeTsIndex ? ` INDEXED BY ${q(I.byTypeTsIndex)}` : '';
  return (
    `SELECT i.${q(I.contact)} AS ${target.out} FROM ${q(I.table)} AS i${idx} WHERE ${where.join(' AND ')}` +
    ` GROUP BY i.${q(I.contact)} HAVING ${having.join(' AND ')}`
  );
}

function storedMembers(segmentId: string, b: SqlBuilder, target: CompileTarget): string {
  const M = target.members;
  const q = (n: string): string => quoteName(b.d, n);
  const m = b.alias();
  return `SELECT ${m}.${q(M.contact)} AS ${target.out} FROM ${q(M.table)} AS ${m} WHERE ${m}.${q(M.segment)} = ${b.text(segmentId)}`;
}

function segmentBlock(segmentId: string, blockId: string, b: SqlBuilder, c: BlockContext): string {
  const source = c.opts.segment?.(segmentId) ?? { kind: 'stored' };
  if (source.kind === 'stored') return storedMembers(segmentId, b, c.target);
  if (c.depth >= MAX_SEGMENT_DEPTH) throw compileError(`Segments nest deeper than ${MAX_SEGMENT_DEPTH} levels (a cycle?)`, blockId);
  // The referenced segment runs in ITS time zone, on the same clock.
  return definitionQuery(source.definition, b, { ...c, depth: c.depth + 1, clock: { ...c.clock, timeZone: source.timeZone } });
}

/**
 * One group of a split of the referenced segment: its members whose contact KEY (never a row id) falls
 * into the group's bucket range (docs/semantics.md § Splits and holdouts; the engine's md5 through
 * `SqlDialect.splitBucket`). The join to the contact table reads the key and keeps existing contacts only.
 */
function splitGroup(inner: string, spec: SplitSpec, b: SqlBuilder, target: CompileTarget, blockId: string): string {
  const contact = contactEntity(target, blockId);
  const q = (n: string): string => quoteName(b.d, n);
  const out = target.out;
  const { from, to } = splitRange(spec.percents, spec.group);
  const bucket = b.d.splitBucket(b.text(spec.seed), `c.${q(contact.key)}`);
  return (
    `SELECT c.${q(contact.id)} AS ${out} FROM (${inner}) AS g JOIN ${q(contact.table)} AS c ON c.${q(contact.id)} = g.${out}` +
    ` WHERE ${bucket} BETWEEN ${b.number(from)} AND ${b.number(to - 1)}`
  );
}

/**
 * Keeps only ids of existing contacts (`CompileOptions.guardContactRids`). The desktop's data tables
 * have no foreign keys (imports stay fast), so the log and member lists may name deleted contacts.
 * CROSS JOIN fixes the order: the (small) block result drives rowid probes into the contact table.
 */
function existingContactsOnly(inner: string, b: SqlBuilder, target: CompileTarget, blockId: string): string {
  const contact = contactEntity(target, blockId);
  const q = (n: string): string => quoteName(b.d, n);
  const out = target.out;
  return `SELECT g.${out} AS ${out} FROM (${inner}) AS g CROSS JOIN ${q(contact.table)} AS c ON c.${q(contact.id)} = g.${out}`;
}

/** One block as a query selecting contact ids (column `target.out`); its values go into `b`. */
export function blockQuery(block: Block, b: SqlBuilder, c: BlockContext): string {
  const guard = c.opts.guardContactRids === true;
  switch (block.kind) {
    case 'profile':
      return profileBlock(block, b, c);
    case 'interaction': {
      const sql = interactionBlock(block, b, c);
      return guard ? existingContactsOnly(sql, b, c.target, block.id) : sql;
    }
    case 'segment': {
      // A split group keeps a part of the members: never a probe of all of them.
      if (block.split) return splitGroup(segmentBlock(block.segmentId, block.id, b, c), block.split, b, c.target, block.id);
      const probe = c.target.forms?.memberProbe;
      // The probe reads the contact table: existing contacts only.
      if (c.opts.correlatedSegments && probe) return probe(block.segmentId, contactEntity(c.target, block.id), b);
      const sql = segmentBlock(block.segmentId, block.id, b, c);
      return guard ? existingContactsOnly(sql, b, c.target, block.id) : sql;
    }
  }
}

/**
 * Chains block queries strictly left to right: `A UNION B EXCEPT C` is `(A ∪ B) \ C`, the evaluator's
 * order. Engines with equal-precedence set operators (SQLite) get a flat chain of `SELECT out FROM (…)`
 * operands, whose own shape then cannot change the grouping; the SQL-standard engines, where INTERSECT
 * binds tighter, get every step parenthesised: `((A) UNION (B)) EXCEPT (C)`.
 */
export function chainQueries(
  parts: readonly { sql: string; combine: SetOperator }[],
  target: Pick<CompileTarget, 'd' | 'out' | 'outType'>,
): string {
  const d = target.d;
  const out = target.out;
  if (parts.length === 0) return `SELECT CAST(NULL AS ${d.columnType(target.outType)}) AS ${out} WHERE ${d.falsePredicate}`;
  if (d.flatSetOperators) {
    return parts.map((p, i) => `${i > 0 ? `${SET_SQL[p.combine]} ` : ''}SELECT ${out} FROM (${p.sql})`).join(' ');
  }
  let acc = '';
  parts.forEach((p, i) => {
    acc = i === 0 ? `(${p.sql})` : `(${acc} ${SET_SQL[p.combine]} (${p.sql}))`;
  });
  return `SELECT r.${out} AS ${out} FROM ${acc} AS r`;
}

/** A whole definition as one query of contact ids: its blocks chained, a static one's stored members. */
export function definitionQuery(def: SegmentDefinition, b: SqlBuilder, c: BlockContext): string {
  if (def.kind === 'static') throw compileError('A static segment has no query: its members are stored data');
  return chainQueries(
    def.blocks.map((blk) => ({ sql: blockQuery(blk, b, c), combine: blk.combine })),
    c.target,
  );
}

/** The stored members of a (static) segment as a query of contact ids. */
export function storedMembersQuery(segmentId: string, b: SqlBuilder, target: CompileTarget): string {
  return storedMembers(segmentId, b, target);
}
