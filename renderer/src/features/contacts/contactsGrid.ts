/**
 * The contacts grid's columns by catalog field type, and its sort and filter models as the
 * contacts API takes them (server-side: contacts.list and contacts.export share the query).
 */
import {
  getGridBooleanOperators,
  getGridDateOperators,
  getGridNumericOperators,
  getGridSingleSelectOperators,
  getGridStringOperators,
  type GridColType,
  type GridFilterModel,
  type GridFilterOperator,
  type GridSortModel,
} from '@mui/x-data-grid';
import type { MethodInput } from '../../../../shared/api/contract';
import type { CatalogEntity, CatalogField } from '../../../../shared/models/catalog';
import { CONTACT_FILTER_OPERATORS, type ContactFilterOperator } from '../../../../shared/models/contact';

const SUPPORTED = new Set<string>(CONTACT_FILTER_OPERATORS);
const isSupported = (op: string): op is ContactFilterOperator => SUPPORTED.has(op);

/** The grid column type of a catalog field (decides the filter input and operators). */
export function columnType(f: Pick<CatalogField, 'type'>): GridColType {
  switch (f.type) {
    case 'integer':
    case 'decimal':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
    case 'datetime':
      return 'date';
    case 'choice':
    case 'multichoice':
      return 'singleSelect';
    default:
      return 'string';
  }
}

/** The operators the server understands for a column type (isAnyOf is not offered). */
export function filterOperators(type: GridColType): GridFilterOperator[] {
  const all =
    type === 'number'
      ? getGridNumericOperators()
      : type === 'boolean'
        ? getGridBooleanOperators()
        : type === 'date'
          ? getGridDateOperators()
          : type === 'singleSelect'
            ? getGridSingleSelectOperators()
            : getGridStringOperators();
  return all.filter((op) => isSupported(op.value));
}

/** The catalog field a grid column shows (`key`, `displayName` or `f:<field>`). */
export function fieldOfColumn(column: string, contact: Pick<CatalogEntity, 'keyField' | 'displayField'>): string {
  if (column === 'key') return contact.keyField;
  if (column === 'displayName') return contact.displayField;
  return column.startsWith('f:') ? column.slice(2) : column;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A filter value as the API takes it: dates as the local 'YYYY-MM-DD' the user picked. */
function filterValue(value: unknown): string | number | boolean | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

type GridQuery = Pick<MethodInput<'contacts.list'>, 'filters' | 'sort'>;

/** The grid's sort and filter models as the API's `sort` and `filters` (unknown operators left out). */
export function gridQuery(
  sortModel: GridSortModel,
  filterModel: GridFilterModel,
  contact: Pick<CatalogEntity, 'keyField' | 'displayField'>,
): GridQuery {
  const sort = sortModel[0];
  const filters = filterModel.items.flatMap((item) => {
    if (!isSupported(item.operator)) return [];
    const value = filterValue(item.value);
    const needsValue = item.operator !== 'isEmpty' && item.operator !== 'isNotEmpty';
    if (needsValue && (value === undefined || value === '')) return [];
    return [{ field: fieldOfColumn(item.field, contact), operator: item.operator, ...(value === undefined ? {} : { value }) }];
  });
  return {
    ...(sort?.sort ? { sort: { field: fieldOfColumn(sort.field, contact), direction: sort.sort } } : {}),
    ...(filters.length > 0 ? { filters } : {}),
  };
}
