/**
 * `segment-studio imports …`: the import history and "Undo this import" from scripts.
 *   imports list --db FILE [--json]
 *   imports undo --db FILE ID
 * Both go through the backend's API (imports.list, imports.undo): same checks and messages as the app.
 */
import { call } from '../api.js';
import { withBackend } from '../backend.js';
import { CliUsageError, intFlag, stringFlag, type CliCommand } from '../command.js';

export const importsCommand: CliCommand = {
  name: 'imports',
  summary: 'List recorded imports, or undo one (its new records removed, the values it overwrote restored).',
  usage: ['imports list --db FILE [--limit N] [--json]', 'imports undo --db FILE ID'],
  positionals: true,
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    limit: { type: 'string', arg: 'N', description: 'list: at most N imports, newest first (default 50).' },
    json: { type: 'boolean', description: 'list: print the imports as JSON (as imports.list returns them).' },
  },
  details: [
    'undo takes an import back in one transaction: records it created are deleted (a contact with its',
    'interactions), records it updated get their previous values, and fields it added are removed when no',
    'segment uses them. It is refused, changing nothing, when a later import changed the same records (undo',
    'that one first) or while an import runs. Live segments follow before the command returns.',
  ].join('\n'),
  async run(values, io, positionals) {
    const [sub, id, extra] = positionals;
    if (sub !== 'list' && sub !== 'undo') throw new CliUsageError('imports needs a subcommand: list or undo.');
    if (extra !== undefined || (sub === 'list' && id !== undefined)) throw new CliUsageError(`unexpected argument "${extra ?? id ?? ''}".`);
    const db = stringFlag(values, 'db', true);
    return withBackend(db, true, async (b) => {
      if (sub === 'list') {
        const limit = intFlag(values, 'limit');
        const list = await call(b, 'imports.list', limit === undefined ? {} : { limit });
        if (values['json']) {
          io.out(JSON.stringify(list, null, 2));
          return 0;
        }
        for (const i of list) {
          const state = i.undoneAt ? `undone ${i.undoneAt}` : i.status;
          io.out(
            `${i.id}  ${i.startedAt}  ${i.kind} ${i.target}  ${i.file}  ${state}  new ${i.imported}, updated ${i.updated}, skipped ${i.skipped}`,
          );
        }
        return 0;
      }
      if (id === undefined) throw new CliUsageError('imports undo needs the import ID (see "imports list").');
      const r = await call(b, 'imports.undo', { id });
      io.out(`undone ${r.id}: ${r.removed} removed, ${r.restored} restored`);
      if (r.droppedFields.length > 0) io.out(`removed from the catalog: ${r.droppedFields.join(', ')}`);
      if (r.keptFields.length > 0) io.out(`kept: ${r.keptFields.join(', ')}`);
      return 0;
    });
  },
};
