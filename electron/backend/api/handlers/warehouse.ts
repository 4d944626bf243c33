import type { WarehouseService } from '../../warehouse/warehouseService.js';
import type { Handlers } from '../handlers.js';

type WarehouseMethodNames = 'segments.exportSql' | 'warehouse.schema' | 'warehouse.push';

/** Segments as SQL, the warehouse DDL and pushes (electron/backend/warehouse/). */
export function warehouseHandlers(warehouse: WarehouseService): Pick<Handlers, WarehouseMethodNames> {
  return {
    'segments.exportSql': (input) => warehouse.exportSql(input),
    'warehouse.schema': (input) => warehouse.schema(input),
    'warehouse.push': (input) => warehouse.push(input),
  };
}
