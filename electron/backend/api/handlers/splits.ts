import type { ExportJobs } from '../../io/export/jobs.js';
import type { SplitService } from '../../splits/splitService.js';
import type { Handlers } from '../handlers.js';

type SplitsMethodNames = 'splits.create' | 'splits.list' | 'splits.exportMembers';

/** Splits and holdouts (electron/backend/splits/). */
export function splitsHandlers(splits: SplitService, jobs: ExportJobs): Pick<Handlers, SplitsMethodNames> {
  return {
    'splits.create': (input) => splits.create(input),
    'splits.list': (input) => splits.list(input.parentId),
    'splits.exportMembers': (input) => splits.exportMembers(input, jobs),
  };
}
