/**
 * `export` and `import-segments`: segment files from the command line, through the same API the app
 * uses (segmentFiles.export / inspect / import), so the checks and messages are the same everywhere.
 */
import type { MethodOutput } from '../../../shared/api/contract.js';
import { CONFLICT_POLICIES, type ConflictPolicyName } from '../../../shared/api/contract/segmentFiles.js';
import { CliUsageError, listFlag, stringFlag, type CliCommand, type CliIo } from '../command.js';
import { call, resolveSegment } from '../api.js';
import { withBackend } from '../backend.js';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export segments (with the segments they use) to a .segment.json file.',
  usage: ['export --db FILE (--segment NAME|ID ... | --all) [--out F.segment.json] [--no-members]'],
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    segment: {
      type: 'string',
      multiple: true,
      arg: 'NAME|ID',
      description: 'A segment to export, by name or id (repeatable). Segments it uses come along.',
    },
    all: { type: 'boolean', description: 'Export every segment.' },
    out: { type: 'string', arg: 'FILE', description: 'Where to write the file (default: print it to stdout).' },
    'no-members': { type: 'boolean', description: 'Leave out static member keys.' },
    templates: { type: 'boolean', description: 'Include the stored segment templates (file format version 2).' },
  },
  details:
    'The file is stable JSON (sorted keys, 2-space indent): exports of unchanged segments are identical, so it diffs well in version control.',
  async run(values, io) {
    const db = stringFlag(values, 'db', true);
    const refs = listFlag(values, 'segment');
    const all = values['all'] === true;
    if (refs.length > 0 === all) throw new CliUsageError('give --segment NAME|ID (one or more) or --all.');
    const out = stringFlag(values, 'out');
    return withBackend(db, true, async (b) => {
      const result = await call(b, 'segmentFiles.export', {
        ...(all ? { all: true } : { segmentIds: await Promise.all(refs.map((ref) => resolveSegment(b, ref))) }),
        ...(values['no-members'] === true ? { includeMembers: false } : {}),
        ...(values['templates'] === true ? { includeTemplates: true } : {}),
        ...(out !== undefined ? { path: out } : {}),
      });
      if (result.text !== undefined) io.out(result.text.replace(/\n$/, ''));
      else
        io.err(
          `Wrote ${result.segmentCount} segment${result.segmentCount === 1 ? '' : 's'} (${result.segments.map((s) => s.name).join(', ')}) to ${result.path ?? ''}.`,
        );
      return 0;
    });
  },
};

function reportWarnings(io: CliIo, result: Pick<MethodOutput<'segmentFiles.import'>, 'catalogMismatches' | 'unknownMemberKeys'>): void {
  for (const m of result.catalogMismatches) io.err(`catalog mismatch at ${m.path}: ${m.message}`);
  for (const u of result.unknownMemberKeys)
    io.err(
      `"${u.name}": ${u.count} member key${u.count === 1 ? '' : 's'} match no contact (${u.keys.slice(0, 5).join(', ')}${u.count > 5 ? ', …' : ''})`,
    );
}

export const importSegmentsCommand: CliCommand = {
  name: 'import-segments',
  summary: 'Import a .segment.json file as draft segments (all or nothing).',
  usage: ['import-segments --db FILE --file F.segment.json [--on-conflict rename|replace|skip] [--allow-catalog-mismatch] [--dry-run]'],
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    file: { type: 'string', arg: 'FILE', description: 'The segment file to import.', required: true },
    'on-conflict': {
      type: 'string',
      arg: 'POLICY',
      description:
        'When a name exists: rename (default; "Name (2)"), replace (a draft of the same type, in place) or skip (use the existing one).',
    },
    'allow-catalog-mismatch': {
      type: 'boolean',
      description: 'Import even when this database lacks fields or types differ; the drafts show the problems.',
    },
    'dry-run': { type: 'boolean', description: 'Only check the file against this database; change nothing.' },
  },
  details: 'A file with any problem is refused whole (each problem is printed with its JSON path) and nothing is written.',
  async run(values, io) {
    const db = stringFlag(values, 'db', true);
    const file = stringFlag(values, 'file', true);
    const policy = stringFlag(values, 'on-conflict') ?? 'rename';
    if (!(CONFLICT_POLICIES as readonly string[]).includes(policy))
      throw new CliUsageError(`--on-conflict must be one of ${CONFLICT_POLICIES.join(', ')} (got "${policy}").`);
    const onConflict = policy as ConflictPolicyName;
    return withBackend(db, true, async (b) => {
      if (values['dry-run'] === true) {
        const r = await call(b, 'segmentFiles.inspect', { path: file, onConflict });
        for (const p of r.problems) io.err(`problem at ${p.path}: ${p.message}`);
        reportWarnings(io, r);
        for (const c of r.conflicts)
          io.out(
            `conflict: "${c.name}" exists (${c.existingType}, ${c.existingStatus})${c.renamedTo ? ` → would be imported as "${c.renamedTo}"` : ''}`,
          );
        for (const s of r.segments) io.out(`${s.type}\t${s.name}`);
        return r.importable && (r.catalogMismatches.length === 0 || values['allow-catalog-mismatch'] === true) ? 0 : 1;
      }
      const r = await call(b, 'segmentFiles.import', {
        path: file,
        onConflict,
        allowCatalogMismatch: values['allow-catalog-mismatch'] === true,
      });
      reportWarnings(io, r);
      for (const s of r.segments) io.out(`${s.action}\t${s.id}\t${s.name}${s.renamedFrom ? `\t(renamed from "${s.renamedFrom}")` : ''}`);
      return 0;
    });
  },
};
