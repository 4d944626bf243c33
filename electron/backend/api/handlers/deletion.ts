import type { DeletionService } from '../../contacts/deletionService.js';
import type { Handlers } from '../handlers.js';

export function deletionHandlers(
  deletion: DeletionService,
): Pick<Handlers, 'records.deleteImpact' | 'records.delete' | 'catalog.dropField' | 'catalog.dropEntity'> {
  return {
    'records.deleteImpact': (input) => deletion.deleteImpact(input),
    'records.delete': (input) => deletion.deleteRecords(input),
    'catalog.dropField': (input) => deletion.dropField(input),
    'catalog.dropEntity': (input) => deletion.dropEntity(input),
  };
}
