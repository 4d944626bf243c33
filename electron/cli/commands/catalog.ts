import { stringFlag, type CliCommand } from '../command.js';
import { call } from '../api.js';
import { withBackend } from '../backend.js';

export const catalogCommand: CliCommand = {
  name: 'catalog',
  summary: 'Show the catalog: entities and their typed fields, relationships, interaction types.',
  usage: ['catalog --db FILE [--json]'],
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    json: { type: 'boolean', description: 'Print the catalog as JSON (as catalog.describe returns it).' },
  },
  async run(values, io) {
    const db = stringFlag(values, 'db', true);
    return withBackend(db, true, async (b) => {
      const c = await call(b, 'catalog.describe', {});
      if (values['json']) {
        io.out(JSON.stringify(c, null, 2));
        return 0;
      }
      for (const e of c.entities) {
        io.out(`entity ${e.name} (${e.label}) — ${e.recordCount} records, key ${e.keyField}, shown as ${e.displayField}`);
        for (const f of e.fields) {
          const extra = f.lookupEntity ? ` → ${f.lookupEntity}` : f.options ? ` [${f.options.map((o) => o.value).join(', ')}]` : '';
          io.out(`  ${f.name}: ${f.type}${extra}  "${f.label}"`);
        }
      }
      for (const r of c.relationships) io.out(`relationship ${r.name}: ${r.referencingEntity}.${r.lookupField} → ${r.referencedEntity}`);
      for (const t of c.interactionTypes) {
        io.out(`interaction ${t.name} (${t.label}) — ${t.count} interactions`);
        for (const f of t.fields) io.out(`  ${f.name}: ${f.type}  "${f.label}"`);
      }
      return 0;
    });
  },
};
