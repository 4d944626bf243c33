import type { ContactService } from '../../contacts/contactService.js';
import type { Handlers } from '../handlers.js';

export function contactHandlers(
  contacts: ContactService,
): Pick<Handlers, 'contacts.list' | 'contacts.get' | 'contacts.timeline' | 'contacts.update'> {
  return {
    'contacts.list': (input) => contacts.list(input),
    'contacts.get': (input) => contacts.get(input.rid),
    'contacts.timeline': (input) => contacts.timeline(input),
    'contacts.update': (input) => contacts.update(input),
  };
}
