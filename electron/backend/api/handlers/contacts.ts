import type { ContactService } from '../../contacts/contactService.js';
import type { EventBus } from '../../events.js';
import type { ExportJobs } from '../../io/export/jobs.js';
import type { Handlers } from '../handlers.js';

export function contactHandlers(
  contacts: ContactService,
  jobs: ExportJobs,
  events: EventBus,
): Pick<Handlers, 'contacts.list' | 'contacts.get' | 'contacts.timeline' | 'contacts.update' | 'contacts.export'> {
  return {
    'contacts.list': (input) => contacts.list(input),
    'contacts.get': (input) => contacts.get(input.rid),
    'contacts.timeline': (input) => contacts.timeline(input),
    'contacts.update': (input) => contacts.update(input),
    'contacts.export': (input) =>
      contacts.export(input, jobs, (rowsDone, total) =>
        events.emit('contactsExport.progressed', { exportId: input.exportId ?? null, rowsDone, total }),
      ),
  };
}
