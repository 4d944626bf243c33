import type { Db } from '../../db/connection.js';
import { updateCatalog } from '../../catalog/catalogEdit.js';
import { describeCatalog } from '../../catalog/describe.js';
import { LookupService } from '../../catalog/lookupRecords.js';
import type { Handlers } from '../handlers.js';

export function catalogHandlers(db: Db): Pick<Handlers, 'catalog.describe' | 'catalog.lookupRecords' | 'catalog.update'> {
  const lookup = new LookupService(db);
  return {
    'catalog.describe': () => describeCatalog(db),
    'catalog.lookupRecords': (input) => lookup.lookup(input),
    'catalog.update': (input) => updateCatalog(db, input),
  };
}
