/**
 * `segment-studio segment …`: create segments and run their lifecycle from scripts.
 *   segment create --db FILE --name NAME (--query TEXT | --file DEF.json | --type static)
 *   segment go-live --db FILE NAME|ID
 *   segment stop --db FILE NAME|ID [--force]
 *   segment members --db FILE NAME|ID [--as-of ISO]     member contact ids, one per line
 *   segment explain --db FILE NAME|ID --contact ID
 *   segment list --db FILE
 * Every subcommand goes through the backend's API (same validation and errors as the app).
 */
import fs from 'node:fs';
import type { ExplainResult } from '../../../shared/api/contract/live.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { SegmentType } from '../../../shared/models/segment.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { BlockTrace, ConditionTrace } from '../../../shared/segments/evaluate.js';
import { definitionSchema } from '../../../shared/segments/schema.js';
import type { Backend } from '../../backend/index.js';
import { call, parseQuery, resolveSegment } from '../api.js';
import { withBackend } from '../backend.js';
import { CliUsageError, stringFlag, type CliCommand, type CliIo, type CliValues } from '../command.js';

const SUBCOMMANDS = ['create', 'go-live', 'stop', 'members', 'explain', 'list'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

/** The one NAME|ID positional after the subcommand, resolved to a segment id. */
async function target(b: Backend, positionals: string[], sub: Sub): Promise<string> {
  const nameOrId = positionals[1];
  if (nameOrId === undefined) throw new CliUsageError(`segment ${sub} needs a segment NAME or ID.`);
  if (positionals.length > 2) throw new CliUsageError(`unexpected argument "${positionals[2] ?? ''}" (quote names with spaces).`);
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

function ruleLine(t: ConditionTrace, depth: number, io: CliIo): void {
  const pad = '  '.repeat(depth);
  if (t.kind === 'rule') {
    io.out(
      `${pad}${t.result === 'true' ? '✓' : t.result === 'false' ? '✗' : '?'} ${t.field} ${t.expected} — value: ${t.actual === null ? '(empty)' : JSON.stringify(t.actual)}`,
    );
  } else if (t.kind === 'group') {
    io.out(`${pad}${t.not ? 'NOT ' : ''}${t.combinator.toUpperCase()} group → ${t.result}`);
    for (const c of t.children) ruleLine(c, depth + 1, io);
  } else {
    io.out(
      `${pad}${t.not ? 'NOT ' : ''}related ${t.entity} via ${t.relationship} → ${t.result} (${t.related.length} related record${t.related.length === 1 ? '' : 's'})`,
    );
    for (const r of t.related) {
      io.out(`${pad}  ${r.matched ? '✓' : '✗'} ${r.key}`);
      for (const c of r.children) ruleLine(c, depth + 2, io);
    }
  }
}

function blockLines(b: BlockTrace, io: CliIo): void {
  const head = `block ${b.id} (${b.kind}, ${b.combine}): ${b.included ? 'included' : 'not included'} → member so far: ${b.memberAfter ? 'yes' : 'no'}`;
  io.out(head);
  if (b.kind === 'profile') ruleLine(b.root, 1, io);
  else if (b.kind === 'interaction')
    io.out(
      `  ${b.count} counting interaction${b.count === 1 ? '' : 's'}${b.aggregate !== undefined ? `, aggregate ${String(b.aggregate)}` : ''}`,
    );
  else io.out(`  member of segment ${b.segmentId}: ${b.included ? 'yes' : 'no'}`);
}

async function run(sub: Sub, b: Backend, values: CliValues, io: CliIo, positionals: string[]): Promise<number> {
  switch (sub) {
    case 'create':
      return create(b, values, io);
    case 'go-live': {
      const { segment, evaluation } = await call(b, 'segments.goLive', { id: await target(b, positionals, sub) });
      await b.services.live.whenIdle();
      io.out(`"${segment.name}" is live: ${evaluation.size} members (added ${evaluation.added}, removed ${evaluation.removed}).`);
      return 0;
    }
    case 'stop': {
      const r = await call(b, 'segments.stop', { id: await target(b, positionals, sub), force: values['force'] === true });
      io.out(`"${r.segment.name}" is stopped.`);
      if (r.frozenDependants.length > 0) io.err(`Marked "needs attention" (members frozen): ${r.frozenDependants.join(', ')}`);
      return 0;
    }
    case 'members': {
      const id = await target(b, positionals, sub);
      const asOf = stringFlag(values, 'as-of');
      let after: number | undefined;
      for (;;) {
        const page = asOf
          ? await call(b, 'segments.membersAsOf', { id, at: asOf, limit: 5000, ...(after === undefined ? {} : { after }) })
          : await call(b, 'segments.members', { id, limit: 5000, ...(after === undefined ? {} : { after }) });
        for (const r of page.rows) io.out(r.key);
        if (page.nextAfter === null) return 0;
        after = page.nextAfter;
      }
    }
    case 'explain': {
      const contact = stringFlag(values, 'contact', true);
      const ex: ExplainResult = await call(b, 'segments.explain', { id: await target(b, positionals, sub), contactKey: contact });
      io.out(
        `${ex.contact.key}${ex.contact.name ? ` (${ex.contact.name})` : ''} is ${ex.member ? '' : 'NOT '}a member (as of ${ex.evaluatedAt}).`,
      );
      if (ex.staticMember !== undefined)
        io.out(ex.staticMember ? 'Hand-picked member of this static segment.' : 'Not on the hand-picked list of this static segment.');
      for (const blk of ex.blocks) blockLines(blk, io);
      if (ex.member !== ex.storedMember)
        io.err(
          `Note: the stored membership (${ex.storedMember ? 'member' : 'not a member'}) is from the last evaluation; the segment is stopped or frozen.`,
        );
      return 0;
    }
    case 'list': {
      if (positionals.length > 1) throw new CliUsageError('segment list takes no NAME.');
      const list = await call(b, 'segments.list', {});
      io.out(['id', 'name', 'type', 'status', 'members', 'last evaluated', 'next evaluation', 'attention'].join('\t'));
      for (const s of list) {
        const st = await call(b, 'segments.liveStatus', { id: s.id });
        io.out(
          [
            s.id,
            s.name,
            s.type,
            s.status,
            s.memberCount ?? '-',
            s.lastEvaluatedAt ?? '-',
            st.nextEvaluationAt ?? '-',
            s.needsAttention ? 'needs attention' : '',
          ].join('\t'),
        );
      }
      return 0;
    }
  }
}

export const segmentLiveCommand: CliCommand = {
  name: 'segment',
  summary: 'Create segments, take them live or stop them, list members (now or as of a date), explain membership.',
  usage: [
    'segment create --db FILE --name NAME (--query TEXT | --file DEF.json | --type static) [--time-zone TZ] [--description TEXT]',
    'segment go-live --db FILE NAME|ID',
    'segment stop --db FILE NAME|ID [--force]',
    'segment members --db FILE NAME|ID [--as-of ISO]',
    'segment explain --db FILE NAME|ID --contact ID',
    'segment list --db FILE',
  ],
  positionals: true,
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    name: { type: 'string', arg: 'NAME', description: "create: the new segment's name (unique, case-insensitive)." },
    query: { type: 'string', arg: 'TEXT', description: 'create: the definition as query text.' },
    file: { type: 'string', arg: 'DEF.json', description: 'create: the definition as JSON (or a file holding `definition`).' },
    type: {
      type: 'string',
      arg: 'TYPE',
      description: 'create: dynamic, static or compound (default: from the definition; static without one).',
    },
    'time-zone': { type: 'string', arg: 'TZ', description: 'create: IANA zone for relative dates (default UTC).' },
    description: { type: 'string', arg: 'TEXT', description: 'create: a description.' },
    force: { type: 'boolean', description: 'stop: stop even if live segments use it (they are marked "needs attention" and frozen).' },
    'as-of': { type: 'string', arg: 'ISO', description: 'members: who was a member at this date-time (from membership history).' },
    contact: { type: 'string', arg: 'ID', description: "explain: the contact's id (its key)." },
  },
  details:
    'NAME|ID is a segment name (case-insensitive) or id. members prints contact ids one per line. Exit codes: 0 ok, 1 refused or failed (reason on stderr), 2 bad arguments.',
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
