/**
 * `segment explain`: why a contact is (not) a member, as a person reads it — segments by name, fields
 * by their catalog label, blocks by position — or with --json the API's ExplainResult plus the names.
 */
import type { ExplainResult } from '../../../shared/api/contract/live.js';
import type { Catalog } from '../../../shared/models/catalog.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { BlockTrace, ConditionTrace } from '../../../shared/segments/evaluate.js';
import type { Backend } from '../../backend/index.js';
import { call } from '../api.js';
import type { CliIo } from '../command.js';

/** Display names for one explanation: catalog labels and segment names, falling back to the raw name. */
class Names {
  constructor(
    private readonly catalog: Catalog,
    private readonly segmentNames: Map<string, string>,
  ) {}
  entity(name: string): string {
    return this.catalog.entities.find((e) => e.name === name)?.label ?? name;
  }
  field(owner: string, name: string): string {
    const fields =
      this.catalog.entities.find((e) => e.name === owner)?.fields ?? this.catalog.interactionTypes.find((t) => t.name === owner)?.fields;
    return fields?.find((f) => f.name === name)?.label ?? name;
  }
  interactionType(name: string): string {
    return this.catalog.interactionTypes.find((t) => t.name === name)?.label ?? name;
  }
  /** A relationship by the lookup field it follows, e.g. "Company Name". */
  relationship(name: string): string {
    const r = this.catalog.relationships.find((x) => x.name === name);
    return r ? this.field(r.referencingEntity, r.lookupField) : name;
  }
  segment(id: string): string {
    const n = this.segmentNames.get(id);
    return n === undefined ? '(a deleted segment)' : `"${n}"`;
  }
}

function ruleLines(t: ConditionTrace, owner: string, depth: number, names: Names, io: CliIo): void {
  const pad = '  '.repeat(depth);
  if (t.kind === 'rule') {
    const mark = t.result === 'true' ? '✓' : t.result === 'false' ? '✗' : '?';
    const value = t.actual === null ? '(empty)' : JSON.stringify(t.actual);
    io.out(`${pad}${mark} ${names.field(owner, t.field)} ${t.expected} — value: ${value}`);
  } else if (t.kind === 'group') {
    io.out(`${pad}${t.not ? 'NOT ' : ''}${t.combinator.toUpperCase()} group → ${t.result}`);
    for (const c of t.children) ruleLines(c, owner, depth + 1, names, io);
  } else {
    const n = t.related.length;
    io.out(
      `${pad}${t.not ? 'NOT ' : ''}related ${names.entity(t.entity)} via ${names.relationship(t.relationship)} → ${t.result} (${n} related record${n === 1 ? '' : 's'})`,
    );
    for (const r of t.related) {
      io.out(`${pad}  ${r.matched ? '✓' : '✗'} ${r.key}`);
      for (const c of r.children) ruleLines(c, t.entity, depth + 2, names, io);
    }
  }
}

function blockLines(blk: BlockTrace, index: number, definition: SegmentDefinition, names: Names, io: CliIo): void {
  const verdict = `${blk.included ? 'included' : 'not included'} → member so far: ${blk.memberAfter ? 'yes' : 'no'}`;
  const source = 'blocks' in definition ? definition.blocks.find((d) => d.id === blk.id) : undefined;
  if (blk.kind === 'profile') {
    io.out(`block ${index + 1} (contact profile, ${blk.combine}): ${verdict}`);
    ruleLines(blk.root, 'contact', 1, names, io);
  } else if (blk.kind === 'interaction') {
    const type = source?.kind === 'interaction' ? source.interactionType : '';
    io.out(`block ${index + 1} (${type ? `${names.interactionType(type)} interactions` : 'interactions'}, ${blk.combine}): ${verdict}`);
    const agg = blk.aggregate !== undefined ? `, aggregate ${String(blk.aggregate)}` : '';
    io.out(`  ${blk.count} counting interaction${blk.count === 1 ? '' : 's'}${agg}`);
  } else {
    io.out(`block ${index + 1} (segment ${names.segment(blk.segmentId)}, ${blk.combine}): ${verdict}`);
    io.out(`  member of segment ${names.segment(blk.segmentId)}: ${blk.included ? 'yes' : 'no'}`);
  }
}

/** Prints the explanation of `contactKey`'s membership in segment `id`; `json`: one JSON document. */
export async function explainSegment(b: Backend, id: string, contactKey: string, json: boolean, io: CliIo): Promise<number> {
  const ex: ExplainResult = await call(b, 'segments.explain', { id, contactKey });
  const segment = await call(b, 'segments.get', { id });
  const segmentNames = new Map((await call(b, 'segments.list', {})).map((s) => [s.id, s.name]));
  if (json) {
    io.out(
      JSON.stringify({
        ...ex,
        segmentName: segment.name,
        blocks: ex.blocks.map((blk) => (blk.kind === 'segment' ? { ...blk, segmentName: segmentNames.get(blk.segmentId) ?? null } : blk)),
      }),
    );
    return 0;
  }
  const names = new Names(await call(b, 'catalog.describe', {}), segmentNames);
  const who = `${ex.contact.key}${ex.contact.name ? ` (${ex.contact.name})` : ''}`;
  io.out(`${who} is ${ex.member ? '' : 'NOT '}a member of "${segment.name}" (as of ${ex.evaluatedAt}).`);
  if (ex.staticMember !== undefined)
    io.out(ex.staticMember ? 'Hand-picked member of this static segment.' : 'Not on the hand-picked list of this static segment.');
  ex.blocks.forEach((blk, i) => blockLines(blk, i, segment.definition, names, io));
  if (ex.member !== ex.storedMember)
    io.err(
      `Note: the stored membership (${ex.storedMember ? 'member' : 'not a member'}) is from the last evaluation; the segment is stopped or frozen.`,
    );
  return 0;
}
