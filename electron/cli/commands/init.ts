import { generateDemo } from '../../backend/demo/generate.js';
import { intFlag, stringFlag, type CliCommand } from '../command.js';
import { call } from '../api.js';
import { withBackend } from '../backend.js';

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'Create a database (or bring an existing one to the current schema), optionally with demo data.',
  usage: ['init --db FILE [--demo N] [--accounts N] [--interactions N] [--seed N]'],
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file to create or upgrade.', required: true },
    demo: { type: 'string', arg: 'N', description: 'Generate N demo contacts (only into a database without contacts).' },
    accounts: { type: 'string', arg: 'N', description: 'Demo accounts (default: contacts / 10).' },
    interactions: { type: 'string', arg: 'N', description: 'Demo interactions (default: 20 per contact).' },
    seed: { type: 'string', arg: 'N', description: 'Random seed; the same seed gives the same data (default 20260101).' },
  },
  details: 'Example: segment-studio init --db bench.db --demo 1000000 --accounts 100000 --interactions 20000000',
  async run(values, io) {
    const db = stringFlag(values, 'db', true);
    const contacts = intFlag(values, 'demo');
    const accounts = intFlag(values, 'accounts');
    const interactions = intFlag(values, 'interactions');
    const seed = intFlag(values, 'seed');
    return withBackend(db, false, async (b) => {
      if (contacts !== undefined && contacts > 0) {
        let last = 0;
        const r = generateDemo(b.db, {
          contacts,
          ...(accounts !== undefined ? { accounts } : {}),
          ...(interactions !== undefined ? { interactions } : {}),
          ...(seed !== undefined ? { seed } : {}),
          onProgress: (phase, done, total) => {
            if (Date.now() - last > 1000 || done === total) {
              last = Date.now();
              io.err(`progress ${phase} ${done}/${total}`);
            }
          },
        });
        io.out(
          `Created ${db} with ${r.contacts} contacts, ${r.accounts} accounts and ${r.interactions} interactions in ${(r.ms / 1000).toFixed(1)} s.`,
        );
      } else {
        const { schemaVersion } = await call(b, 'app.info', {});
        io.out(`Database ${db} is ready (schema version ${schemaVersion}).`);
      }
      return 0;
    });
  },
};
