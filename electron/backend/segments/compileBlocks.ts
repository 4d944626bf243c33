/**
 * One block → one `SELECT rid …` statement returning DISTINCT contact rids. Strategy per kind:
 *  - profile: a WHERE over ent_contact (folded shadows for text/choice/multichoice; related groups as
 *    uncorrelated semi-joins), the planner picks the index;
 *  - interaction: GROUP BY contact_rid HAVING over the interaction log, pinned with INDEXED BY to the
 *    covering (type_id, ts, contact_rid) index (the planner otherwise prefers a skip-scan over
 *    (contact_rid, type_id, ts) that is 6–10× slower); contact_type_stats replaces the log scan where
 *    that is provably equivalent (no filter, no aggregate; see compileStatsBlock);
 *  - segment: the member rows of the referenced live segment.
 */
import type { Block, InteractionBlock, ProfileBlock, SegmentRefBlock } from '../../../shared/segments/ast.js';
import type { SplitSpec } from '../../../shared/segments/split.js';
import { splitFilterSql } from '../splits/splitSql.js';
import { interactionWindowStart } from '../../../shared/segments/dates.js';
import type { StorageCatalog, StorageInteractionType } from './compileCatalog.js';
import { quoteIdent } from './compileCatalog.js';
import { compileCondition } from './compileConditions.js';
import { compileError, SqlBuilder, type CompiledSql } from './compileSql.js';
import { memberProbeSql } from '../db/memberStore.js';

/** When and where the definition is evaluated. */
export interface CompileContext {
  /** Evaluation time (epoch ms): interactions after it do not exist yet. */
  now: number;
  /** IANA zone for relative dates on profile fields. */
  timeZone: string;
}

export interface CompileOptions {
  /** Use contact_type_stats where equivalent (default: when the table exists). */
  useTypeStats?: boolean;
  /**
   * Re-check that interaction and segment-member rids name existing contacts. Off by default: every
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
}

const COUNT_SQL = { atLeast: '>=', exactly: '=', moreThan: '>', fewerThan: '<' } as const;
const AGG_CMP = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

function profileBlock(block: ProfileBlock, catalog: StorageCatalog, ctx: CompileContext, opts: CompileOptions): CompiledSql {
  const contact = catalog.entities.get('contact');
  if (!contact) throw compileError('The catalog has no contact entity', block.id);
  const b = new SqlBuilder();
  const a = b.alias();
  const where = compileCondition(block.root, {
    b,
    catalog,
    alias: a,
    fields: contact.fields,
    entity: contact,
    ...ctx,
    positive: true,
    correlated: opts.correlatedRelated === true,
  });
  return { sql: `SELECT ${a}.rid AS rid FROM ${quoteIdent(contact.table)} AS ${a} WHERE ${where}`, params: b.params };
}

function interactionType(block: InteractionBlock, catalog: StorageCatalog): StorageInteractionType {
  const type = catalog.interactionTypes.get(block.interactionType.toLowerCase());
  if (!type) throw compileError(`Unknown interaction type '${block.interactionType}'`, block.id);
  return type;
}

/** True when the stats table can answer the block exactly (only the count over all rows matters). */
function statsApplicable(block: InteractionBlock, catalog: StorageCatalog, opts: CompileOptions): boolean {
  const hasFilter = block.filter !== undefined && block.filter.children.length > 0;
  return (opts.useTypeStats ?? catalog.indexes.hasTypeStats) && catalog.indexes.hasTypeStats && !hasFilter && !block.aggregate;
}

/**
 * contact_type_stats holds n / first_ts / last_ts over ALL of a contact's interactions of a type, also
 * those stamped after `now`. So it is exact for contacts whose last_ts <= now; contacts with later
 * interactions (rare: only when evaluating "as of" the past) are counted from the log per contact.
 *  - lifetime, "at least 1" / "more than 0": first_ts <= now, always exact;
 *  - last N, "at least 1": last_ts in [start, now], plus the per-contact probe for last_ts > now;
 *  - lifetime, any count: n compared, plus the per-contact probe for last_ts > now.
 * Returns undefined when the stats cannot answer (a windowed count other than "at least one").
 */
function statsBlock(
  block: InteractionBlock,
  type: StorageInteractionType,
  catalog: StorageCatalog,
  ctx: CompileContext,
): CompiledSql | undefined {
  const b = new SqlBuilder();
  const { op, value } = block.count;
  const anyAtAll = (op === 'atLeast' && value === 1) || (op === 'moreThan' && value === 0);
  const start = interactionWindowStart(block.window, ctx.now);
  const statsIdx = catalog.indexes.statsByTypeLastTs ? ` INDEXED BY ${quoteIdent(catalog.indexes.statsByTypeLastTs)}` : '';
  const byContact = catalog.indexes.interactionsByContact ? ` INDEXED BY ${quoteIdent(catalog.indexes.interactionsByContact)}` : '';
  if (start === undefined && anyAtAll) {
    // first_ts <= now, split so the common case (last_ts <= now) is a covering range scan.
    const common = `SELECT s.contact_rid AS rid FROM contact_type_stats AS s${statsIdx} WHERE s.type_id = ${b.bind(type.id)} AND s.last_ts <= ${b.bind(ctx.now)}`;
    const rare = `SELECT s.contact_rid AS rid FROM contact_type_stats AS s${statsIdx} WHERE s.type_id = ${b.bind(type.id)} AND s.last_ts > ${b.bind(ctx.now)} AND s.first_ts <= ${b.bind(ctx.now)}`;
    return { sql: `${common} UNION ALL ${rare}`, params: b.params };
  }
  if (start !== undefined && !anyAtAll) return undefined;
  const exact =
    start === undefined
      ? `SELECT s.contact_rid AS rid FROM contact_type_stats AS s${statsIdx} WHERE s.type_id = ${b.bind(type.id)} AND s.last_ts <= ${b.bind(ctx.now)} AND s.n ${COUNT_SQL[op]} ${b.bind(value)}`
      : `SELECT s.contact_rid AS rid FROM contact_type_stats AS s${statsIdx} WHERE s.type_id = ${b.bind(type.id)} AND s.last_ts >= ${b.bind(start)} AND s.last_ts <= ${b.bind(ctx.now)}`;
  const probeWhere = [
    `s.type_id = ${b.bind(type.id)}`,
    `s.last_ts > ${b.bind(ctx.now)}`,
    `i.type_id = ${b.bind(type.id)}`,
    `i.ts <= ${b.bind(ctx.now)}`,
  ];
  if (start !== undefined) probeWhere.push(`i.ts >= ${b.bind(start)}`);
  const probe =
    `SELECT i.contact_rid AS rid FROM contact_type_stats AS s${statsIdx}` +
    ` JOIN interactions AS i${byContact} ON i.contact_rid = s.contact_rid` +
    ` WHERE ${probeWhere.join(' AND ')} GROUP BY i.contact_rid HAVING count(*) ${COUNT_SQL[op]} ${b.bind(value)}`;
  return { sql: `${exact} UNION ${probe}`, params: b.params };
}

function interactionBlock(block: InteractionBlock, catalog: StorageCatalog, ctx: CompileContext, opts: CompileOptions): CompiledSql {
  const type = interactionType(block, catalog);
  if (statsApplicable(block, catalog, opts)) {
    const viaStats = statsBlock(block, type, catalog, ctx);
    if (viaStats) return viaStats;
  }
  const b = new SqlBuilder();
  const where = [`i.type_id = ${b.bind(type.id)}`];
  const start = interactionWindowStart(block.window, ctx.now);
  if (start !== undefined) where.push(`i.ts >= ${b.bind(start)}`);
  where.push(`i.ts <= ${b.bind(ctx.now)}`);
  if (block.filter && block.filter.children.length > 0) {
    where.push(compileCondition(block.filter, { b, catalog, alias: 'i', fields: type.fields, entity: null, ...ctx, positive: true }));
  }
  const having = [`count(*) ${COUNT_SQL[block.count.op]} ${b.bind(block.count.value)}`];
  if (block.aggregate) {
    const field = type.fields.get(block.aggregate.field.toLowerCase());
    if (!field) throw compileError(`Unknown field '${block.aggregate.field}' of ${type.name}`, block.id);
    if (field.type !== 'integer' && field.type !== 'decimal') throw compileError(`'${field.name}' is not a number field`, block.id);
    having.push(`${block.aggregate.fn}(i.${quoteIdent(field.column)}) ${AGG_CMP[block.aggregate.op]} ${b.bind(block.aggregate.value)}`);
  }
  const idx = catalog.indexes.interactionsByTypeTs ? ` INDEXED BY ${quoteIdent(catalog.indexes.interactionsByTypeTs)}` : '';
  return {
    sql: `SELECT i.contact_rid AS rid FROM interactions AS i${idx} WHERE ${where.join(' AND ')} GROUP BY i.contact_rid HAVING ${having.join(' AND ')}`,
    params: b.params,
  };
}

function segmentBlock(block: SegmentRefBlock): CompiledSql {
  return { sql: `SELECT m.contact_rid AS rid FROM segment_members AS m WHERE m.segment_id = ?`, params: [block.segmentId] };
}

/** The segment block as a per-contact probe of its stored members (`CompileOptions.correlatedSegments`). */
function segmentProbeBlock(block: SegmentRefBlock, catalog: StorageCatalog): CompiledSql {
  const contact = catalog.entities.get('contact');
  if (!contact) throw compileError('The catalog has no contact entity', block.id);
  return {
    sql: `SELECT t0.rid AS rid FROM ${quoteIdent(contact.table)} AS t0 WHERE ${memberProbeSql('t0.rid')}`,
    params: [block.segmentId],
  };
}

/** One group of a split of the referenced segment (the join to contacts also keeps existing ones only). */
function splitSegmentBlock(block: SegmentRefBlock, spec: SplitSpec, catalog: StorageCatalog): CompiledSql {
  const contact = catalog.entities.get('contact');
  if (!contact) throw compileError('The catalog has no contact entity', block.id);
  return splitFilterSql(segmentBlock(block), spec, quoteIdent(contact.table));
}

/**
 * Keeps only rids of existing contacts. The data tables have no foreign keys (imports stay fast), so
 * the log and member lists may name deleted contacts; the evaluator only ever sees existing ones.
 * CROSS JOIN fixes the order: the (small) block result drives rowid probes into ent_contact.
 */
function existingContactsOnly(inner: CompiledSql, catalog: StorageCatalog, blockId: string): CompiledSql {
  const contact = catalog.entities.get('contact');
  if (!contact) throw compileError('The catalog has no contact entity', blockId);
  return {
    sql: `SELECT g.rid AS rid FROM (${inner.sql}) AS g CROSS JOIN ${quoteIdent(contact.table)} AS c ON c.rid = g.rid`,
    params: inner.params,
  };
}

/** Compiles one block to a statement selecting distinct contact rids (column `rid`). */
export function compileBlock(block: Block, catalog: StorageCatalog, ctx: CompileContext, opts: CompileOptions = {}): CompiledSql {
  switch (block.kind) {
    case 'profile':
      return profileBlock(block, catalog, ctx, opts);
    case 'interaction': {
      const sql = interactionBlock(block, catalog, ctx, opts);
      return opts.guardContactRids ? existingContactsOnly(sql, catalog, block.id) : sql;
    }
    case 'segment':
      if (block.split) return splitSegmentBlock(block, block.split, catalog);
      if (opts.correlatedSegments) return segmentProbeBlock(block, catalog); // reads contacts: existing ones only
      return opts.guardContactRids ? existingContactsOnly(segmentBlock(block), catalog, block.id) : segmentBlock(block);
  }
}
