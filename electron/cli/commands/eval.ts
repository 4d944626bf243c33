/**
 * `segment-studio eval`: evaluates a segment query (text, a definition file, or a stored segment) as
 * of a given time and prints the member contact keys, one per line, or just the count.
 */
import fs from 'node:fs';
import type { DefinitionIssue } from '../../../shared/api/contract/engine.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import { isValidTimeZone } from '../../../shared/segments/dates.js';
import { definitionSchema } from '../../../shared/segments/schema.js';
import { runMemberKeys } from '../../backend/evaluator/jobs.js';
import type { Backend } from '../../backend/index.js';
import { call, parseQuery, resolveSegment } from '../api.js';
import { withBackend } from '../backend.js';
import { CliUsageError, stringFlag, type CliCommand, type CliIo, type CliValues } from '../command.js';

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/**
 * Offset of the first JSON syntax error (V8's messages on Node 20 often carry no position). A small
 * recursive-descent scan over the JSON grammar; only called after JSON.parse has failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = (): void => {
    i++;
    while (i < text.length && text.charAt(i) !== '"') {
      if (text.charAt(i) === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text.charAt(i) === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text.charAt(i) !== '"') fail();
          string();
          ws();
          if (text.charAt(i) !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text.charAt(i) === ',') i++;
        else if (text.charAt(i) === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m ? m[0].length : 0;
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}

/** Reads and checks a definition file; JSON errors come with line and column. */
function readDefinitionFile(file: string, io: CliIo): SegmentDefinition | null {
  if (!fs.existsSync(file)) throw new CliUsageError(`no file at ${file}.`);
  const text = fs.readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const where = lineColumn(text, jsonErrorOffset(text));
    io.err(`${file}:${where.line}:${where.column}: not valid JSON: ${message}`);
    return null;
  }
  // A segment file may wrap the definition: accept `{ definition: … }` too.
  const candidate = json !== null && typeof json === 'object' && 'definition' in json ? (json as { definition: unknown }).definition : json;
  const parsed = definitionSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const i of parsed.error.issues) io.err(`${file}: ${i.path.map(String).join('.') || '(definition)'}: ${i.message}`);
    return null;
  }
  return parsed.data;
}

/** The app's `validation_failed` error for a definition's issues (keyed by node id). */
function invalid(issues: readonly DefinitionIssue[]): ApiFailure {
  const first = issues[0];
  return new ApiFailure(
    'validation_failed',
    `The definition has ${issues.length} problem${issues.length === 1 ? '' : 's'}${first ? `, first: ${first.message}` : ''}.`,
    issues.map((i) => ({ path: i.path || '(definition)', message: i.message, nodeId: i.nodeId })),
  );
}

interface Target {
  definition: SegmentDefinition;
  timeZone: string;
  segmentId?: string;
}

async function resolveTarget(b: Backend, values: CliValues, io: CliIo): Promise<Target | null> {
  const query = stringFlag(values, 'query');
  const file = stringFlag(values, 'file');
  const segment = stringFlag(values, 'segment');
  const given = [query, file, segment].filter((x) => x !== undefined).length;
  if (given !== 1) throw new CliUsageError('give exactly one of --query, --file or --segment.');
  const zone = stringFlag(values, 'time-zone');
  if (zone !== undefined && !isValidTimeZone(zone)) throw new CliUsageError(`--time-zone: unknown time zone "${zone}".`);
  if (segment !== undefined) {
    const stored = await call(b, 'segments.get', { id: await resolveSegment(b, segment) });
    return { definition: stored.definition, timeZone: zone ?? stored.timeZone, segmentId: stored.id };
  }
  if (file !== undefined) {
    const definition = readDefinitionFile(file, io);
    return definition ? { definition, timeZone: zone ?? 'UTC' } : null;
  }
  const definition = await parseQuery(b, query ?? '', io);
  return definition ? { definition, timeZone: zone ?? 'UTC' } : null;
}

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Evaluate a segment query as of a time and print its member contact keys (or the count).',
  usage: ['eval --db FILE (--query TEXT | --file DEF.json | --segment NAME|ID) [--now ISO] [--time-zone TZ] [--count]'],
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    query: {
      type: 'string',
      arg: 'TEXT',
      description: 'Segment query text, e.g. "PROFILE(contact).FILTER(address1_city == \'Seattle\')".',
    },
    file: { type: 'string', arg: 'DEF.json', description: 'A segment definition as JSON (or a segment file holding `definition`).' },
    segment: { type: 'string', arg: 'NAME|ID', description: 'A stored segment, by name (case-insensitive) or id; uses its time zone.' },
    now: { type: 'string', arg: 'ISO', description: 'Evaluate as of this instant (default: now). Later interactions do not exist yet.' },
    'time-zone': { type: 'string', arg: 'TZ', description: "IANA zone for relative dates (default: the segment's, else UTC)." },
    count: { type: 'boolean', description: 'Print only the number of members.' },
  },
  details:
    'Errors go to stderr with line and column (query text, JSON files); the exit code is 1 when the query cannot be evaluated, 2 for bad arguments.',
  async run(values, io) {
    const dbPath = stringFlag(values, 'db', true);
    const nowText = stringFlag(values, 'now');
    const now = nowText === undefined ? Date.now() : Date.parse(nowText);
    if (!Number.isFinite(now)) throw new CliUsageError(`--now must be an ISO 8601 date-time (got "${nowText ?? ''}").`);
    return withBackend(dbPath, true, async (b) => {
      const target = await resolveTarget(b, values, io);
      if (!target) return 1;
      const segmentId = target.segmentId ? { segmentId: target.segmentId } : {};
      if (target.definition.kind !== 'static') {
        const { issues } = await call(b, 'segments.validate', { definition: target.definition, ...segmentId });
        if (issues.length > 0) throw invalid(issues);
      }
      const out = runMemberKeys(b.db, { kind: 'estimate', definition: target.definition, timeZone: target.timeZone, now, ...segmentId });
      if (values['count']) {
        io.out(String(out.total));
        return 0;
      }
      for (const k of out.keys) io.out(k);
      return 0;
    });
  },
};
