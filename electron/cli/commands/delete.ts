/**
 * `segment-studio delete --db FILE --entity E --key K…`: deletes records by key through records.delete
 * (one transaction; refused, deleting nothing, for an unknown key or while another record links to one).
 */
import { call } from '../api.js';
import { withBackend } from '../backend.js';
import { CliUsageError, listFlag, stringFlag, type CliCommand } from '../command.js';

export const deleteCommand: CliCommand = {
  name: 'delete',
  summary: 'Delete records of an entity by key (a contact with its interactions and static memberships).',
  usage: ['delete --db FILE --entity ENTITY --key KEY [--key KEY…]'],
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    entity: { type: 'string', arg: 'ENTITY', description: 'Entity of the records, e.g. contact or account.', required: true },
    key: { type: 'string', multiple: true, arg: 'KEY', description: 'Key of a record to delete (repeat for more).', required: true },
  },
  async run(values, io) {
    const db = stringFlag(values, 'db', true);
    const entity = stringFlag(values, 'entity', true);
    const keys = listFlag(values, 'key');
    if (keys.length === 0) throw new CliUsageError('--key is required (one per record).');
    return withBackend(db, true, async (b) => {
      const r = await call(b, 'records.delete', { entity, keys });
      io.out(`deleted ${r.count} ${r.entity} record${r.count === 1 ? '' : 's'}`);
      if (r.segments.length > 0)
        io.out(`they left ${r.segments.length} segment${r.segments.length === 1 ? '' : 's'}: ${r.segments.join(', ')}`);
      return 0;
    });
  },
};
