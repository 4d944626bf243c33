import { z } from 'zod';
import type { Catalog } from '../../models/catalog.js';

export const catalogInputs = {
  /** The whole catalog: entities with typed fields, relationships, interaction types. */
  'catalog.describe': z.strictObject({}),
};

export interface CatalogMethods {
  'catalog.describe': { input: z.infer<(typeof catalogInputs)['catalog.describe']>; output: Catalog };
}
