/**
 * The contacts grid's search, filters and sort as SQL over the contact table (aliased `t`), checked
 * against the catalog: an unknown field, an operator that does not fit the field's type or a value
 * that does not read as the type is refused with the input path — nothing runs. Identifiers come
 * from the catalog only; every value is a bound parameter.
 */
import { ApiFailure } from '../../../shared/api/result.js';
import type { ContactFilterOperator } from '../../../shared/models/contact.js';
import { addDays, isValidTimeZone, zonedDayStart } from '../../../shared/segments/dates.js';
import { foldText } from '../../../shared/segments/fold.js';
import type { EntityDef, FieldDef } from '../catalog/catalogRepo.js';
import { lookupTarget } from '../catalog/lookupRecords.js';

/** The grid's query as the API receives it (validated shape, unchecked meaning). */
export interface GridQueryInput {
  search?: string | undefined;
  filters?: { field: string; operator: ContactFilterOperator; value?: string | number | boolean | undefined }[] | undefined;
  sort?: { field: string; direction: 'asc' | 'desc' } | undefined;
  timeZone?: string | undefined;
}

export interface GridSql {
  /** `WHERE …` or ''. */
  where: string;
  params: (string | number)[];
  /** `ORDER BY …` ending in `t.rid` (a total order for stable pages). */
  orderBy: string;
  sorted: boolean;
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const q = (ident: string): string => `"${ident.replace(/"/g, '""')}"`;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Resolve = (entity: string) => EntityDef | undefined;

const TEXT_OPS = new Set<ContactFilterOperator>([
  'contains',
  'doesNotContain',
  'equals',
  'doesNotEqual',
  'startsWith',
  'endsWith',
  'is',
  'not',
]);
const NUMBER_OPS = new Set<ContactFilterOperator>(['=', '!=', '>', '>=', '<', '<=']);
const DATE_OPS = new Set<ContactFilterOperator>(['is', 'not', 'after', 'onOrAfter', 'before', 'onOrBefore']);

function fieldOf(def: EntityDef, name: string, path: string): FieldDef {
  const f = def.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!f) throw new ApiFailure('invalid_input', `Contacts have no field "${name}".`, [{ path, message: `Unknown field "${name}"` }]);
  return f;
}

/** SQL for a text comparison on a folded expression. */
function textCondition(expr: string, op: ContactFilterOperator, value: string): { sql: string; params: string[] } {
  const v = likeEscape(foldText(value));
  const like = (p: string, negate: boolean) => ({
    sql: negate ? `(${expr} IS NULL OR ${expr} NOT LIKE ? ESCAPE '\\')` : `${expr} LIKE ? ESCAPE '\\'`,
    params: [p],
  });
  switch (op) {
    case 'contains':
      return like(`%${v}%`, false);
    case 'doesNotContain':
      return like(`%${v}%`, true);
    case 'startsWith':
      return like(`${v}%`, false);
    case 'endsWith':
      return like(`%${v}`, false);
    case 'doesNotEqual':
    case 'not':
      return like(v, true);
    default:
      return like(v, false);
  }
}

function filterSql(
  def: EntityDef,
  resolve: Resolve,
  f: FieldDef,
  op: ContactFilterOperator,
  value: string | number | boolean | undefined,
  timeZone: string,
  path: string,
): { sql: string; params: (string | number)[] } {
  const col = `t.${q(f.column)}`;
  if (op === 'isEmpty') return { sql: `(${col} IS NULL OR ${col} = '')`, params: [] };
  if (op === 'isNotEmpty') return { sql: `(${col} IS NOT NULL AND ${col} <> '')`, params: [] };
  const refuse = (why: string): never => {
    throw new ApiFailure('invalid_input', `Filter on ${f.label}: ${why}`, [{ path, message: why }]);
  };
  // An empty value filters nothing (the grid sends one while the user is still typing).
  if (value === undefined || value === '') return { sql: '1', params: [] };
  switch (f.type) {
    case 'text':
    case 'choice':
    case 'multichoice': {
      if (!TEXT_OPS.has(op)) refuse(`"${op}" does not apply to a text field.`);
      // Multi-choice 'is': one of the chosen options (elements are stored folded in the JSON shadow).
      if (f.type === 'multichoice' && (op === 'is' || op === 'not'))
        return textCondition(`t.${q(f.foldedColumn ?? f.column)}`, op === 'is' ? 'contains' : 'doesNotContain', `"${String(value)}"`);
      return textCondition(`t.${q(f.foldedColumn ?? f.column)}`, op, String(value));
    }
    case 'lookup': {
      if (!TEXT_OPS.has(op)) refuse(`"${op}" does not apply to a lookup (it compares the related record's name).`);
      const target = f.lookupEntity ? resolve(f.lookupEntity) : undefined;
      if (!target) return refuse('the related entity is missing from the catalog.');
      const lt = lookupTarget(target);
      const positive = op === 'doesNotContain' || op === 'doesNotEqual' || op === 'not' ? null : op;
      const inner = textCondition(`r.${q(lt.folded)}`, positive ?? (op === 'doesNotContain' ? 'contains' : 'equals'), String(value));
      const sub = `SELECT r.rid FROM ${q(lt.table)} r WHERE ${inner.sql}`;
      return { sql: positive ? `${col} IN (${sub})` : `(${col} IS NULL OR ${col} NOT IN (${sub}))`, params: inner.params };
    }
    case 'integer':
    case 'decimal': {
      if (!NUMBER_OPS.has(op)) refuse(`"${op}" does not apply to a number field.`);
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      if (typeof value === 'boolean' || !Number.isFinite(n)) refuse(`"${String(value)}" is not a number.`);
      const sqlOp = op === '=' ? '=' : op === '!=' ? '<>' : op;
      return { sql: `${col} ${sqlOp} ?`, params: [n] };
    }
    case 'boolean': {
      if (op !== 'is') refuse(`"${op}" does not apply to a yes/no field (use "is").`);
      const b = value === true || value === 'true' ? 1 : value === false || value === 'false' ? 0 : refuse('expected true or false.');
      return { sql: `${col} = ?`, params: [b] };
    }
    case 'date':
    case 'datetime': {
      if (!DATE_OPS.has(op)) refuse(`"${op}" does not apply to a date field.`);
      const day = String(value);
      if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) refuse(`"${day}" is not a date (YYYY-MM-DD).`);
      // A date field compares days; a date-time field the instants of that day in the user's zone.
      const start = f.type === 'date' ? day : zonedDayStart(day, timeZone);
      const end = f.type === 'date' ? addDays(day, 1) : zonedDayStart(addDays(day, 1), timeZone);
      const ranges: Record<string, { sql: string; params: (string | number)[] }> = {
        is: { sql: `(${col} >= ? AND ${col} < ?)`, params: [start, end] },
        not: { sql: `(${col} IS NULL OR ${col} < ? OR ${col} >= ?)`, params: [start, end] },
        after: { sql: `${col} >= ?`, params: [end] },
        onOrAfter: { sql: `${col} >= ?`, params: [start] },
        before: { sql: `${col} < ?`, params: [start] },
        onOrBefore: { sql: `${col} < ?`, params: [end] },
      };
      return ranges[op] ?? refuse(`"${op}" does not apply to a date field.`);
    }
  }
}

/** Compiles the grid's query; throws `invalid_input` naming the filter or sort at fault. */
export function gridSql(def: EntityDef, resolve: Resolve, input: GridQueryInput): GridSql {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const timeZone = input.timeZone ?? 'UTC';
  if (!isValidTimeZone(timeZone))
    throw new ApiFailure('invalid_input', `"${timeZone}" is not a time zone.`, [{ path: 'timeZone', message: 'Unknown time zone' }]);
  const search = input.search?.trim() ?? '';
  if (search !== '') {
    const cols = def.fields.filter((f) => f.foldedColumn).map((f) => `t.${q(f.foldedColumn ?? '')}`);
    where.push(`(${cols.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    for (let i = 0; i < cols.length; i++) params.push(`%${likeEscape(foldText(search))}%`);
  }
  (input.filters ?? []).forEach((flt, i) => {
    const f = fieldOf(def, flt.field, `filters.${i}.field`);
    const c = filterSql(def, (n) => resolve(n), f, flt.operator, flt.value, timeZone, `filters.${i}`);
    where.push(c.sql);
    params.push(...c.params);
  });
  let orderBy = 'ORDER BY t.rid';
  if (input.sort) {
    const f = fieldOf(def, input.sort.field, 'sort.field');
    const dir = input.sort.direction === 'desc' ? 'DESC' : 'ASC';
    let expr = `t.${q(f.foldedColumn ?? f.column)}`;
    if (f.type === 'lookup') {
      const target = f.lookupEntity ? resolve(f.lookupEntity) : undefined;
      if (target) {
        const lt = lookupTarget(target);
        expr = `(SELECT r.${q(lt.folded)} FROM ${q(lt.table)} r WHERE r.rid = t.${q(f.column)})`;
      }
    }
    // Empty values last in both directions, as spreadsheets sort them.
    orderBy = `ORDER BY ${expr} IS NULL, ${expr} ${dir}, t.rid ${dir}`;
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params, orderBy, sorted: input.sort !== undefined };
}
