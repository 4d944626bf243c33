/**
 * The desktop store as a compile target (docs/storage.md): SQLite, bound parameters, entity tables keyed
 * by `rid` with lookups holding rids, interactions by `type_id` / `contact_rid` with epoch-ms `ts`, the
 * chunked `segment_members` view — and the store's own faster forms: interaction blocks answered from
 * the contact_type_stats summary, INDEXED BY pins, the per-contact member probe.
 */
import type { InteractionBlock } from '../../../shared/segments/ast.js';
import { interactionWindowStart } from '../../../shared/segments/dates.js';
import { memberProbeSql } from '../db/memberStore.js';
import type { CompileOptions } from './compileBlocks.js';
import type { StorageCatalog, StorageField, StorageInteractionType } from './compileCatalog.js';
import type { Clock } from './compileDates.js';
import { quoteName } from './compileRules.js';
import { compileError, type SqlBuilder } from './compileSql.js';
import type { CompileTarget, TargetColumn, TargetEntity } from './compileTarget.js';
import { sqlite } from './sql/dialects/sqlite.js';

const COUNT_SQL = { atLeast: '>=', exactly: '=', moreThan: '>', fewerThan: '<' } as const;

const columnOf = (f: StorageField): TargetColumn => ({ field: f, name: f.column, folded: f.foldedColumn });
function columnsOf(fields: ReadonlyMap<string, StorageField>): Map<string, TargetColumn> {
  return new Map([...fields].map(([lower, f]) => [lower, columnOf(f)]));
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
  b: SqlBuilder,
  clock: Clock,
): string | undefined {
  const now = clock.now;
  if (now === undefined) throw compileError('The desktop store evaluates at a fixed "now"');
  const { op, value } = block.count;
  const anyAtAll = (op === 'atLeast' && value === 1) || (op === 'moreThan' && value === 0);
  const start = interactionWindowStart(block.window, now);
  if (start !== undefined && !anyAtAll) return undefined;
  const q = (n: string): string => quoteName(b.d, n);
  const statsIdx = catalog.indexes.statsByTypeLastTs ? ` INDEXED BY ${q(catalog.indexes.statsByTypeLastTs)}` : '';
  const byContact = catalog.indexes.interactionsByContact ? ` INDEXED BY ${q(catalog.indexes.interactionsByContact)}` : '';
  const from = `SELECT s.contact_rid AS rid FROM contact_type_stats AS s${statsIdx}`;
  if (start === undefined && anyAtAll) {
    // first_ts <= now, split so the common case (last_ts <= now) is a covering range scan.
    const common = `${from} WHERE s.type_id = ${b.number(type.id)} AND s.last_ts <= ${b.dateBound(now)}`;
    const rare = `${from} WHERE s.type_id = ${b.number(type.id)} AND s.last_ts > ${b.dateBound(now)} AND s.first_ts <= ${b.dateBound(now)}`;
    return `${common} UNION ALL ${rare}`;
  }
  const exact =
    start === undefined
      ? `${from} WHERE s.type_id = ${b.number(type.id)} AND s.last_ts <= ${b.dateBound(now)} AND s.n ${COUNT_SQL[op]} ${b.number(value)}`
      : `${from} WHERE s.type_id = ${b.number(type.id)} AND s.last_ts >= ${b.dateBound(start)} AND s.last_ts <= ${b.dateBound(now)}`;
  const probeWhere = [
    `s.type_id = ${b.number(type.id)}`,
    `s.last_ts > ${b.dateBound(now)}`,
    `i.type_id = ${b.number(type.id)}`,
    `i.ts <= ${b.dateBound(now)}`,
  ];
  if (start !== undefined) probeWhere.push(`i.ts >= ${b.dateBound(start)}`);
  const probe =
    `SELECT i.contact_rid AS rid FROM contact_type_stats AS s${statsIdx}` +
    ` JOIN interactions AS i${byContact} ON i.contact_rid = s.contact_rid` +
    ` WHERE ${probeWhere.join(' AND ')} GROUP BY i.contact_rid HAVING count(*) ${COUNT_SQL[op]} ${b.number(value)}`;
  return `${exact} UNION ${probe}`;
}

/** The segment block as a per-contact probe of its stored members (`CompileOptions.correlatedSegments`). */
function memberProbe(segmentId: string, contact: TargetEntity, b: SqlBuilder): string {
  const probe = memberProbeSql('t0.rid'); // one `?`: the segment id
  b.bind(segmentId);
  return `SELECT t0.rid AS rid FROM ${quoteName(b.d, contact.table)} AS t0 WHERE ${probe}`;
}

/** What the desktop's statements select: column `rid` (INTEGER) in SQLite. */
export const DESKTOP_OUTPUT = { d: sqlite, out: 'rid', outType: 'integer' } as const;

const targets = new WeakMap<StorageCatalog, CompileTarget>();

/** The desktop store of `catalog` as a compile target (cached per catalog object). */
export function desktopTarget(catalog: StorageCatalog): CompileTarget {
  const cached = targets.get(catalog);
  if (cached) return cached;
  const entities = new Map<string, TargetEntity>();
  for (const [lower, e] of catalog.entities)
    entities.set(lower, { name: e.name, table: e.table, id: 'rid', key: 'key', columns: columnsOf(e.fields) });
  const typeColumns = new Map<StorageInteractionType, Map<string, TargetColumn>>();
  const target: CompileTarget = {
    ...DESKTOP_OUTPUT,
    catalog,
    entities,
    interactions: {
      table: 'interactions',
      typeColumn: 'type_id',
      typeValue: (t) => t.id,
      contact: 'contact_rid',
      ts: 'ts',
      columns: (t) => {
        let cols = typeColumns.get(t);
        if (!cols) typeColumns.set(t, (cols = columnsOf(t.fields)));
        return cols;
      },
      byTypeTsIndex: catalog.indexes.interactionsByTypeTs,
    },
    members: { table: 'segment_members', segment: 'segment_id', contact: 'contact_rid' },
    forms: {
      interactionShortcut: (block, type, b, clock, opts) =>
        statsApplicable(block, catalog, opts) ? statsBlock(block, type, catalog, b, clock) : undefined,
      memberProbe,
    },
  };
  targets.set(catalog, target);
  return target;
}
