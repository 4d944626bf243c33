/**
 * The warehouse compiler: a segment definition → one self-contained SELECT over the warehouse schema
 * (electron/backend/warehouse/schema.ts) returning one column, the contacts' keys, in a
 * {@link SqlDialect}. Everything is inlined — values as literals, referenced live segments as their
 * own compiled definitions — so the text runs as printed (`psql -f`, `duckdb < file`).
 *
 * Blocks combine strictly left to right. PostgreSQL and DuckDB (like the SQL standard) bind INTERSECT
 * tighter than UNION and EXCEPT, so every step is parenthesised: `A UNION B EXCEPT C` is written
 * `((A) UNION (B)) EXCEPT (C)` = (A ∪ B) \ C, the evaluator's order.
 */
import { warehouseSplitFilter } from '../../splits/splitWarehouse.js';
import type {
  Block,
  ConditionNode,
  GroupNode,
  InteractionBlock,
  RelatedGroupNode,
  SegmentDefinition,
  SetOperator,
} from '../../../../shared/segments/ast.js';
import type { StorageInteractionType } from '../compileCatalog.js';
import { compileError, joinBalanced } from '../compileSql.js';
import {
  ident,
  INTERACTION_COLUMNS,
  INTERACTIONS_TABLE,
  MEMBERS_COLUMNS,
  MEMBERS_TABLE,
  type WarehouseColumn,
  type WarehouseEntity,
  type WarehouseSchema,
} from '../../warehouse/schema.js';
import type { SqlDialect } from './dialect.js';
import { windowStartSql, type SqlClock } from './warehouseDates.js';
import { warehouseRule } from './warehouseRules.js';

/** How a segment block reads the segment it references. */
export type SegmentSource =
  /** A live (dynamic or compound) segment: its definition is compiled inline. */
  | { kind: 'definition'; definition: SegmentDefinition; timeZone: string }
  /** A static segment (or one whose definition is not at hand): the pushed `segment_members` rows. */
  | { kind: 'stored' };

export interface WarehouseCompileOptions {
  dialect: SqlDialect;
  schema: WarehouseSchema;
  /** The segment's IANA time zone. */
  timeZone: string;
  /** A fixed "now" (epoch ms); the warehouse's clock when absent. */
  now?: number;
  /** Resolves a segment block's segment id (default: stored members). */
  segment?: (segmentId: string) => SegmentSource;
}

/** Nesting of inlined segments beyond which a cycle is assumed (the app refuses cycles; this is a guard). */
const MAX_SEGMENT_DEPTH = 32;
const SET_SQL: Record<SetOperator, string> = { union: 'UNION', intersect: 'INTERSECT', except: 'EXCEPT' };

interface Ctx {
  d: SqlDialect;
  schema: WarehouseSchema;
  clock: SqlClock;
  opts: WarehouseCompileOptions;
  aliases: { n: number };
  depth: number;
}

interface Scope {
  alias: string;
  columns: Map<string, WarehouseColumn>;
  entity: WarehouseEntity | null;
  positive: boolean;
}

const alias = (c: Ctx): string => `t${c.aliases.n++}`;
const q = (c: Ctx, name: string): string => ident(c.d, name);

function contactEntity(c: Ctx, nodeId?: string): WarehouseEntity {
  const e = c.schema.entities.get('contact');
  if (!e) throw compileError('The catalog has no contact entity', nodeId);
  return e;
}

function group(node: GroupNode, s: Scope, c: Ctx): string {
  const inner = { ...s, positive: node.not ? !s.positive : s.positive };
  const joined = joinBalanced(
    node.children.map((ch) => condition(ch, inner, c)),
    node.combinator === 'and' ? 'AND' : 'OR',
    'TRUE',
  );
  return node.not ? `(NOT ${joined})` : joined;
}

function related(node: RelatedGroupNode, s: Scope, c: Ctx): string {
  if (!s.entity) throw compileError('Related-entity groups are not allowed here', node.id);
  const rel = c.schema.catalog.relationships.get(node.relationship.toLowerCase());
  if (!rel) throw compileError(`Unknown relationship '${node.relationship}'`, node.id);
  const forward = node.direction === 'toReferenced';
  const ownSide = (forward ? rel.referencingEntity : rel.referencedEntity).toLowerCase();
  if (ownSide !== s.entity.entity.name.toLowerCase())
    throw compileError(
      `Relationship '${rel.name}' cannot be followed from ${s.entity.entity.name} in direction ${node.direction}`,
      node.id,
    );
  const otherName = forward ? rel.referencedEntity : rel.referencingEntity;
  const other = c.schema.entities.get(otherName.toLowerCase());
  if (!other) throw compileError(`Relationship '${rel.name}' leads to unknown entity '${otherName}'`, node.id);
  const referencing = c.schema.entities.get(rel.referencingEntity.toLowerCase());
  const lookup = referencing?.columns.get(rel.lookupField.toLowerCase());
  if (!lookup || lookup.field.type !== 'lookup')
    throw compileError(`Relationship '${rel.name}' has no lookup field '${rel.lookupField}'`, node.id);
  const a = alias(c);
  const inner: Scope = { alias: a, columns: other.columns, entity: other, positive: true };
  const where = group({ kind: 'group', id: node.id, combinator: node.combinator, children: node.children }, inner, c);
  const lk = q(c, lookup.name);
  const table = `${q(c, other.table)} AS ${a}`;
  // Lookup columns hold the referenced KEY. Two-valued like the SQLite semi-joins: a NULL lookup gives FALSE.
  const semi = forward
    ? `(${s.alias}.${lk} IS NOT NULL AND ${s.alias}.${lk} IN (SELECT ${a}.${q(c, other.key)} FROM ${table} WHERE ${where}))`
    : `(${s.alias}.${q(c, s.entity.key)} IN (SELECT ${a}.${lk} FROM ${table} WHERE ${a}.${lk} IS NOT NULL AND ${where}))`;
  return node.not ? `(NOT ${semi})` : semi;
}

function condition(node: ConditionNode, s: Scope, c: Ctx): string {
  switch (node.kind) {
    case 'group':
      return group(node, s, c);
    case 'related':
      return related(node, s, c);
    case 'rule': {
      const column = s.columns.get(node.field.toLowerCase());
      if (!column) throw compileError(`Unknown field '${node.field}'`, node.id);
      return warehouseRule(node, { clock: c.clock, schema: c.schema, alias: s.alias, column, positive: s.positive });
    }
  }
}

const COUNT_SQL = { atLeast: '>=', exactly: '=', moreThan: '>', fewerThan: '<' } as const;
const AGG_CMP = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

function interactionType(block: InteractionBlock, c: Ctx): StorageInteractionType {
  const type = c.schema.catalog.interactionTypes.get(block.interactionType.toLowerCase());
  if (!type) throw compileError(`Unknown interaction type '${block.interactionType}'`, block.id);
  return type;
}

/** The warehouse columns of one interaction type's fields, by lower-cased field name. */
function typeColumns(type: StorageInteractionType, c: Ctx): Map<string, WarehouseColumn> {
  const out = new Map<string, WarehouseColumn>();
  for (const [name, f] of type.fields) {
    const col = c.schema.interactionColumns.get(f.column);
    if (col) out.set(name, { ...col, field: f });
  }
  return out;
}

function interactionBlock(block: InteractionBlock, c: Ctx): string {
  const type = interactionType(block, c);
  const ic = INTERACTION_COLUMNS;
  const i = alias(c);
  const where = [`${i}.${q(c, ic.type)} = ${c.d.text(type.name)}`];
  const start = windowStartSql(c.clock, block.window);
  if (start !== undefined) where.push(`${i}.${q(c, ic.ts)} >= ${start}`);
  where.push(`${i}.${q(c, ic.ts)} <= ${c.clock.now}`);
  if (block.filter && block.filter.children.length > 0) {
    where.push(condition(block.filter, { alias: i, columns: typeColumns(type, c), entity: null, positive: true }, c));
  }
  const n = block.count.value;
  const having = [`count(*) ${COUNT_SQL[block.count.op]} ${n}`];
  if (block.aggregate) {
    const field = type.fields.get(block.aggregate.field.toLowerCase());
    const col = field ? c.schema.interactionColumns.get(field.column) : undefined;
    if (!field || !col) throw compileError(`Unknown field '${block.aggregate.field}' of ${type.name}`, block.id);
    if (field.type !== 'integer' && field.type !== 'decimal') throw compileError(`'${field.name}' is not a number field`, block.id);
    const v = block.aggregate.value;
    const lit = v < 0 ? `(${v})` : String(v);
    having.push(`${block.aggregate.fn}(${c.d.asDouble(`${i}.${q(c, col.name)}`)}) ${AGG_CMP[block.aggregate.op]} ${lit}`);
  }
  return (
    `SELECT ${i}.${q(c, ic.contact)} AS k FROM ${q(c, INTERACTIONS_TABLE)} AS ${i} WHERE ${where.join(' AND ')}` +
    ` GROUP BY ${i}.${q(c, ic.contact)} HAVING ${having.join(' AND ')}`
  );
}

function segmentBlock(segmentId: string, blockId: string, c: Ctx): string {
  const source = c.opts.segment?.(segmentId) ?? { kind: 'stored' };
  if (source.kind === 'stored') {
    const m = alias(c);
    const where = `${m}.${q(c, MEMBERS_COLUMNS.segment)} = ${c.d.text(segmentId)}`;
    return `SELECT ${m}.${q(c, MEMBERS_COLUMNS.contact)} AS k FROM ${q(c, MEMBERS_TABLE)} AS ${m} WHERE ${where}`;
  }
  if (c.depth >= MAX_SEGMENT_DEPTH) throw compileError(`Segments nest deeper than ${MAX_SEGMENT_DEPTH} levels (a cycle?)`, blockId);
  // The referenced segment runs in ITS time zone, on the same clock.
  const inner: Ctx = { ...c, depth: c.depth + 1, clock: { ...c.clock, zone: c.d.text(source.timeZone), timeZone: source.timeZone } };
  return keysQuery(source.definition, inner);
}

function block(b: Block, c: Ctx): string {
  switch (b.kind) {
    case 'profile': {
      const contact = contactEntity(c, b.id);
      const a = alias(c);
      const where = condition(b.root, { alias: a, columns: contact.columns, entity: contact, positive: true }, c);
      return `SELECT ${a}.${q(c, contact.key)} AS k FROM ${q(c, contact.table)} AS ${a} WHERE ${where}`;
    }
    case 'interaction':
      return interactionBlock(b, c);
    case 'segment':
      // A split group: the bucket rule on the keys, with the engine's md5 (splits/splitWarehouse.ts).
      return b.split ? warehouseSplitFilter(c.d, segmentBlock(b.segmentId, b.id, c), b.split) : segmentBlock(b.segmentId, b.id, c);
  }
}

/** The blocks chained left to right: a query expression with one column `k`. */
function keysQuery(def: SegmentDefinition, c: Ctx): string {
  if (def.kind === 'static') throw compileError('A static segment has no query: its members are stored data');
  if (def.blocks.length === 0) return `SELECT CAST(NULL AS ${c.d.columnType('text')}) AS k WHERE ${c.d.falsePredicate}`;
  let acc = '';
  def.blocks.forEach((b, i) => {
    const sql = `(${block(b, c)})`;
    acc = i === 0 ? sql : `(${acc} ${SET_SQL[b.combine]} ${sql})`;
  });
  return `SELECT r.k AS k FROM ${acc} AS r`;
}

/** One self-contained SELECT returning the member contacts' keys (column named after the key field). */
export function compileWarehouseSql(def: SegmentDefinition, opts: WarehouseCompileOptions): string {
  const d = opts.dialect;
  const clock: SqlClock = {
    d,
    now: opts.now === undefined ? d.currentInstant : d.instant(opts.now),
    zone: d.text(opts.timeZone),
    timeZone: opts.timeZone,
  };
  const c: Ctx = { d, schema: opts.schema, clock, opts, aliases: { n: 0 }, depth: 0 };
  const contact = contactEntity(c);
  return `SELECT DISTINCT s.k AS ${q(c, contact.key)} FROM (${keysQuery(def, c)}) AS s`;
}
