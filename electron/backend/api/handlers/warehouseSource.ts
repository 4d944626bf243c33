import type { WarehouseSourceService } from '../../warehouse/source/warehouseSource.js';
import type { Handlers } from '../handlers.js';

type Names =
  | 'warehouse.status'
  | 'warehouse.test'
  | 'warehouse.connect'
  | 'warehouse.disconnect'
  | 'warehouse.setRunOn'
  | 'warehouse.segmentSource'
  | 'warehouse.readCatalog';

/** The warehouse data source (electron/backend/warehouse/source/). */
export function warehouseSourceHandlers(source: WarehouseSourceService): Pick<Handlers, Names> {
  return {
    'warehouse.status': () => source.status(),
    'warehouse.test': (input) => source.test(input),
    'warehouse.connect': (input) => source.connect(input),
    'warehouse.disconnect': () => source.disconnect(),
    'warehouse.setRunOn': (input) => source.setRunOn(input),
    'warehouse.segmentSource': (input) => source.segmentSource(input),
    'warehouse.readCatalog': () => source.readCatalog(),
  };
}
