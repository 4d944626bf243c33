import type { ImportService } from '../../io/importService.js';
import type { Handlers } from '../handlers.js';

type ImportChannels =
  | 'imports.preview'
  | 'imports.start'
  | 'imports.cancel'
  | 'imports.get'
  | 'imports.list'
  | 'imports.errors'
  | 'imports.errorsCsv'
  | 'imports.undo'
  | 'imports.savedMapping';

export function importHandlers(imports: ImportService): Pick<Handlers, ImportChannels> {
  return {
    'imports.preview': (input) => imports.preview(input),
    'imports.start': (input) => imports.start(input),
    'imports.cancel': (input) => imports.cancel(input.id),
    'imports.get': (input) => imports.get(input.id),
    'imports.list': (input) => imports.list(input.limit),
    'imports.errors': (input) => imports.errors(input.id, input.offset, input.limit),
    'imports.errorsCsv': (input) => ({ csv: imports.errorsCsv(input.id) }),
    'imports.undo': (input) => imports.undo(input.id),
    'imports.savedMapping': (input) => imports.savedMapping(input.header),
  };
}
