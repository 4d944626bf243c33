import type { Db } from '../../db/connection.js';
import { suggestValues } from '../../suggest/fieldValues.js';
import type { Handlers } from '../handlers.js';

export function fieldValueHandlers(db: Db): Pick<Handlers, 'fieldValues.suggest'> {
  return {
    'fieldValues.suggest': (input) => suggestValues(db, input),
  };
}
