import type { Catalog } from '../../../shared/models/catalog.js';
import type { Db } from '../db/connection.js';

/** The catalog as stored. (Until the data store lands, contact is the only entity.) */
export function describeCatalog(_db: Db): Catalog {
  return {
    entities: [{ name: 'contact', label: 'Contact', keyField: 'contactid', displayField: 'contactid', fields: [], recordCount: 0 }],
    relationships: [],
    interactionTypes: [],
  };
}
