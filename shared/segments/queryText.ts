/**
 * The segment query language (spec §4): `printDefinition` and `parseQueryText`. Definition → text →
 * definition keeps the meaning (node ids are regenerated). Grammar, quirks and the app's extensions
 * are described in docs/semantics.md ("Query text").
 */
import type { Catalog } from '../models/catalog.js';
import type { CompoundDefinition, DynamicDefinition, SegmentRefBlock } from './ast.js';
import { QueryTextError } from './queryLexer.js';
import { QueryParser } from './queryParse.js';
import { validateDefinition, type ValidateOptions } from './validate.js';

export { printDefinition } from './queryPrint.js';

/** A problem in query text, 1-based line and column. */
export interface QueryTextIssue {
  line: number;
  column: number;
  message: string;
}

export type ParseResult<D = DynamicDefinition | CompoundDefinition> = { ok: true; definition: D } | { ok: false; errors: QueryTextIssue[] };

export interface ParseOptions {
  /**
   * 'compound' returns a compound definition and refuses anything but SEGMENT(…) blocks;
   * 'dynamic' (the default) returns a dynamic definition.
   */
  kind?: 'dynamic' | 'compound';
  /** Passed to the validator to check segment references (status, cycles). */
  segmentLookup?: ValidateOptions['segmentLookup'];
  selfId?: string;
}

/**
 * Parses query text into a definition and validates it against `catalog`; every error carries the
 * line and column where it starts. `resolveSegment(nameOrId)` turns the argument of SEGMENT(…) into a
 * segment id (undefined: unknown segment).
 */
export function parseQueryText(
  text: string,
  catalog: Catalog,
  resolveSegment: (nameOrId: string) => string | undefined,
  opts: ParseOptions = {},
): ParseResult {
  let parser: QueryParser;
  let def: DynamicDefinition;
  try {
    parser = new QueryParser(text, catalog, resolveSegment);
    def = parser.parseDefinition();
  } catch (e) {
    if (e instanceof QueryTextError) return { ok: false, errors: [{ line: e.line, column: e.column, message: e.message }] };
    throw e;
  }
  const vopts: ValidateOptions = {
    ...(opts.segmentLookup ? { segmentLookup: opts.segmentLookup } : {}),
    ...(opts.selfId !== undefined ? { selfId: opts.selfId } : {}),
  };
  const issues = validateDefinition(def, catalog, vopts);
  if (opts.kind === 'compound') {
    def.blocks.forEach((b) => {
      if (b.kind !== 'segment')
        issues.push({ nodeId: b.id, path: '', message: 'A compound segment combines existing segments only: use SEGMENT(name) blocks' });
    });
  }
  if (issues.length > 0) {
    const errors = issues.map((i) => ({ ...(parser.positions.get(i.nodeId) ?? { line: 1, column: 1 }), message: i.message }));
    return { ok: false, errors };
  }
  if (opts.kind === 'compound') {
    const blocks = def.blocks.filter((b): b is SegmentRefBlock => b.kind === 'segment');
    return { ok: true, definition: { kind: 'compound', version: def.version, blocks } };
  }
  return { ok: true, definition: def };
}
