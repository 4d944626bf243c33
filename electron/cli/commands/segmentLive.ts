/**
 * `segment-studio segment …`: create segments and run their lifecycle from scripts.
 *   segment create --db FILE --name NAME (--query TEXT | --file DEF.json | --type static)
 *   segment go-live --db FILE NAME|ID
 *   segment stop --db FILE NAME|ID [--force]
 *   segment update --db FILE NAME|ID [--name N] [--description D] [--time-zone TZ] [--query TEXT]
 *   segment delete --db FILE NAME|ID [--force]
 *   segment static add|remove --db FILE NAME|ID --key K…
 *   segment members --db FILE NAME|ID [--as-of ISO] [--json]     member contact ids, one per line
 *   segment explain --db FILE NAME|ID --contact ID [--json]
 *   segment list --db FILE [--json]
 * Every subcommand goes through the backend's API (same validation and errors as the app).
 */
import fs from 'node:fs';
import { ApiFailure } from '../../../shared/api/result.js';
import type { SegmentType } from '../../../shared/models/segment.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import { definitionSchema } from '../../../shared/segments/schema.js';
import type { Backend } from '../../backend/index.js';
import { call, parseQuery, resolveSegment } from '../api.js';
import { withBackend } from '../backend.js';
import { CliUsageError, stringFlag, type CliCommand, type CliIo, type CliValues } from '../command.js';
import { deleteSegment, staticMembers, updateSegment } from './segmentEdit.js';
import { explainSegment } from './segmentExplain.js';

const SUBCOMMANDS = ['create', 'update', 'delete', 'static', 'go-live', 'stop', 'members', 'explain', 'list'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

/** The one NAME|ID positional after the subcommand, resolved to a segment id. */
async function target(b: Backend, positionals: string[], sub: Sub): Promise<string> {
  // `segment static add NAME`: the action word comes before the NAME.
  const at = sub === 'static' ? 2 : 1;
  const nameOrId = positionals[at];
  if (nameOrId === undefined) throw new CliUsageError(`segment ${sub} needs a segment NAME or ID.`);
  if (positionals.length > at + 1) throw new CliUsageError(`unexpected argument "${positionals[at + 1] ?? ''}" (quote names with spaces).`);
  return resolveSegment(b, nameOrId);
}

function readDefinition(file: string): SegmentDefinition {
  if (!fs.existsSync(file)) throw new CliUsageError(`no file at ${file}.`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ApiFailure('invalid_input', `${file}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const candidate = json !== null && typeof json === 'object' && 'definition' in json ? (json as { definition: unknown }).definition : json;
  const parsed = definitionSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new ApiFailure(
      'invalid_input',
      `${file} is not a segment definition.`,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(definition)', message: i.message })),
    );
  }
  return parsed.data;
}

async function create(b: Backend, values: CliValues, io: CliIo): Promise<number> {
  const name = stringFlag(values, 'name', true);
  const query = stringFlag(values, 'query');
  const file = stringFlag(values, 'file');
  const typeFlag = stringFlag(values, 'type');
  if (typeFlag !== undefined && !['dynamic', 'static', 'compound'].includes(typeFlag))
    throw new CliUsageError(`--type must be dynamic, static or compound (got "${typeFlag}").`);
  if (query !== undefined && file !== undefined) throw new CliUsageError('give --query or --file, not both.');
  let definition: SegmentDefinition | undefined;
  if (query !== undefined) {
    const parsed = await parseQuery(b, query, io);
    if (!parsed) return 1;
    definition = parsed;
  } else if (file !== undefined) {
    definition = readDefinition(file);
  } else if (typeFlag !== 'static') {
    throw new CliUsageError('give --query TEXT or --file DEF.json (or --type static for a hand-picked segment).');
  }
  const type = (typeFlag ?? definition?.kind ?? 'static') as SegmentType;
  const zone = stringFlag(values, 'time-zone');
  const description = stringFlag(values, 'description');
  const s = await call(b, 'segments.create', {
    name,
    type,
    ...(definition ? { definition } : {}),
    ...(zone ? { timeZone: zone } : {}),
    ...(description ? { description } : {}),
  });
  io.out(s.id);
  return 0;
}

/** Segment names by id (for messages that the API phrases with ids). */
async function segmentNames(b: Backend): Promise<Map<string, string>> {
  return new Map((await call(b, 'segments.list', {})).map((s) => [s.id, s.name]));
}

async function members(b: Backend, id: string, values: CliValues, io: CliIo): Promise<number> {
  const asOf = stringFlag(values, 'as-of');
  const json = values['json'] === true;
  let after: number | undefined;
  for (;;) {
    const page = asOf
      ? await call(b, 'segments.membersAsOf', { id, at: asOf, limit: 5000, ...(after === undefined ? {} : { after }) })
      : await call(b, 'segments.members', { id, limit: 5000, ...(after === undefined ? {} : { after }) });
    for (const r of page.rows) io.out(json ? JSON.stringify({ key: r.key, name: r.name }) : r.key);
    if (page.nextAfter === null) return 0;
    after = page.nextAfter;
  }
}

async function list(b: Backend, values: CliValues, io: CliIo): Promise<number> {
  const rows = [];
  for (const s of await call(b, 'segments.list', {})) {
    const st = await call(b, 'segments.liveStatus', { id: s.id });
    rows.push({
      id: s.id,
      name: s.name,
      type: s.type,
      status: s.status,
      members: s.memberCount,
      lastEvaluatedAt: s.lastEvaluatedAt,
      nextEvaluationAt: st.nextEvaluationAt,
      needsAttention: s.needsAttention,
    });
  }
  if (values['json'] === true) {
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  io.out(['id', 'name', 'type', 'status', 'members', 'last evaluated', 'next evaluation', 'attention'].join('\t'));
  for (const r of rows)
    io.out(
      [
        r.id,
        r.name,
        r.type,
        r.status,
        r.members ?? '-',
        r.lastEvaluatedAt ?? '-',
        r.nextEvaluationAt ?? '-',
        r.needsAttention ? 'needs attention' : '',
      ].join('\t'),
    );
  return 0;
}

async function run(sub: Sub, b: Backend, values: CliValues, io: CliIo, positionals: string[]): Promise<number> {
  if (values['json'] === true && sub !== 'list' && sub !== 'members' && sub !== 'explain')
    throw new CliUsageError('--json is for segment list, members and explain.');
  switch (sub) {
    case 'create':
      return create(b, values, io);
    case 'update':
      return updateSegment(b, await target(b, positionals, sub), values, io);
    case 'delete':
      return deleteSegment(b, await target(b, positionals, sub), values['force'] === true, io);
    case 'static':
      return staticMembers(b, await target(b, positionals, sub), positionals[1], values, io);
    case 'go-live': {
      const { segment, evaluation } = await call(b, 'segments.goLive', { id: await target(b, positionals, sub) });
      await b.services.live.whenIdle();
      io.out(`"${segment.name}" is live: ${evaluation.size} members (added ${evaluation.added}, removed ${evaluation.removed}).`);
      return 0;
    }
    case 'stop': {
      const r = await call(b, 'segments.stop', { id: await target(b, positionals, sub), force: values['force'] === true });
      io.out(`"${r.segment.name}" is stopped.`);
      const names = await segmentNames(b);
      if (r.frozenDependants.length > 0)
        io.err(`Marked "needs attention" (members frozen): ${r.frozenDependants.map((d) => `"${names.get(d) ?? d}"`).join(', ')}`);
      return 0;
    }
    case 'members':
      return members(b, await target(b, positionals, sub), values, io);
    case 'explain':
      return explainSegment(b, await target(b, positionals, sub), stringFlag(values, 'contact', true), values['json'] === true, io);
    case 'list':
      if (positionals.length > 1) throw new CliUsageError('segment list takes no NAME.');
      return list(b, values, io);
  }
}

export const segmentLiveCommand: CliCommand = {
  name: 'segment',
  summary: 'Create, edit and delete segments, take them live or stop them, pick static members, list members, explain membership.',
  usage: [
    'segment create --db FILE --name NAME (--query TEXT | --file DEF.json | --type static) [--time-zone TZ] [--description TEXT]',
    'segment update --db FILE NAME|ID [--name NAME] [--description TEXT] [--time-zone TZ] [--query TEXT]',
    'segment delete --db FILE NAME|ID [--force]',
    'segment static add|remove --db FILE NAME|ID --key K...',
    'segment go-live --db FILE NAME|ID',
    'segment stop --db FILE NAME|ID [--force]',
    'segment members --db FILE NAME|ID [--as-of ISO] [--json]',
    'segment explain --db FILE NAME|ID --contact ID [--json]',
    'segment list --db FILE [--json]',
  ],
  positionals: true,
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    name: { type: 'string', arg: 'NAME', description: "create, update: the segment's name (unique, case-insensitive)." },
    query: { type: 'string', arg: 'TEXT', description: 'create, update: the definition as query text.' },
    file: { type: 'string', arg: 'DEF.json', description: 'create: the definition as JSON (or a file holding `definition`).' },
    type: {
      type: 'string',
      arg: 'TYPE',
      description: 'create: dynamic, static or compound (default: from the definition; static without one).',
    },
    'time-zone': { type: 'string', arg: 'TZ', description: 'create, update: IANA zone for relative dates (default UTC).' },
    description: { type: 'string', arg: 'TEXT', description: 'create, update: a description ("" clears it on update).' },
    force: {
      type: 'boolean',
      description: 'stop, delete: even if live segments use it (they are marked "needs attention" and keep their members, frozen).',
    },
    key: {
      type: 'string',
      multiple: true,
      arg: 'K',
      description: 'static add|remove: a contact key (its id); comma-separated lists allowed.',
    },
    'as-of': { type: 'string', arg: 'ISO', description: 'members: who was a member at this date-time (from membership history).' },
    contact: { type: 'string', arg: 'ID', description: "explain: the contact's id (its key)." },
    json: { type: 'boolean', description: 'list, members, explain: JSON output (shapes in docs/cli.md).' },
  },
  details: [
    'NAME|ID is a segment name (case-insensitive) or id. members prints contact ids one per line.',
    "update changes what the segment's status allows (as in the app); a live segment must be stopped before its definition changes.",
    'static add|remove reports unknown keys on stderr and exits 1 if there were any (the known ones are still applied).',
    'Exit codes: 0 ok, 1 refused or failed (reason on stderr), 2 bad arguments.',
  ].join('\n'),
  async run(values, io, positionals) {
    const sub = positionals[0];
    if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new CliUsageError(`give a subcommand: ${SUBCOMMANDS.join(', ')}${sub === undefined ? '' : ` (got "${sub}")`}.`);
    }
    if (sub === 'create' && positionals.length > 1) throw new CliUsageError('segment create takes --name, not a positional NAME.');
    const db = stringFlag(values, 'db', true);
    return withBackend(db, true, (b) => run(sub as Sub, b, values, io, positionals));
  },
};
