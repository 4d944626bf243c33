import { CliUsageError, stringFlag, type CliCommand } from '../command.js';
import { call } from '../api.js';
import { withBackend } from '../backend.js';

export const catalogCommand: CliCommand = {
  name: 'catalog',
  summary: 'Show the catalog; delete a field or an entity no segment uses.',
  usage: ['catalog --db FILE [--json]', 'catalog drop-field --db FILE --entity ENTITY FIELD', 'catalog drop-entity --db FILE ENTITY'],
  positionals: true,
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    json: { type: 'boolean', description: 'Print the catalog as JSON (as catalog.describe returns it).' },
    entity: { type: 'string', arg: 'ENTITY', description: 'drop-field: the entity the field belongs to.' },
  },
  details: [
    'drop-field deletes the field with its values; drop-entity deletes the entity with its records. Both are',
    'refused, changing nothing, while a segment uses them (the segments are named); an entity also while',
    "another entity's lookup field points at it.",
  ].join('\n'),
  async run(values, io, positionals) {
    const db = stringFlag(values, 'db', true);
    const [sub, name, extra] = positionals;
    if (sub !== undefined && sub !== 'drop-field' && sub !== 'drop-entity')
      throw new CliUsageError(`unknown catalog subcommand "${sub}" (drop-field or drop-entity).`);
    if (extra !== undefined) throw new CliUsageError(`unexpected argument "${extra}".`);
    if (sub !== undefined && name === undefined)
      throw new CliUsageError(`catalog ${sub} needs the ${sub === 'drop-field' ? 'FIELD' : 'ENTITY'} name.`);
    return withBackend(db, true, async (b) => {
      if (sub === 'drop-field') {
        const r = await call(b, 'catalog.dropField', { entity: stringFlag(values, 'entity', true), field: name ?? '' });
        io.out(`deleted field ${r.field} of ${r.entity}`);
        return 0;
      }
      if (sub === 'drop-entity') {
        const r = await call(b, 'catalog.dropEntity', { entity: name ?? '' });
        io.out(`deleted entity ${r.entity}`);
        return 0;
      }
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
