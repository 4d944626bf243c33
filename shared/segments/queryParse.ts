/**
 * Parser of the segment query language (spec §4) into a definition. Identifiers and keywords are
 * case-insensitive; the documented quirks are tolerated (|| and OR, HAVING before FILTER, missing or
 * extra trailing parentheses at the end, `SEGMENT(a).UNION(b)`, MINUS, DateTimeNowUtc()).
 * App extension: `TRAVERSE(relationship[, alias][, FILTER(cond)])` as a boolean term inside a FILTER is
 * a related-entity group. See docs/semantics.md ("Query text").
 */
import { atSplit, parseSplit, type SplitCursor } from './querySplit.js';
import type { Catalog, CatalogField } from '../models/catalog.js';
import {
  AGGREGATE_FUNCTIONS,
  DEFINITION_VERSION,
  type AggregateFunction,
  type Block,
  type ComparisonOperator,
  type ConditionNode,
  type DateUnit,
  type DynamicDefinition,
  type GroupNode,
  type InteractionBlock,
  type RelatedGroupNode,
  type SetOperator,
} from './ast.js';
import { findEntity, findField, findInteractionType, resolveRelatedStep, sameName, scopeLabelOf } from './catalogIndex.js';
import { dateAmountProblem, excerpt } from './limits.js';
import { CMP, ConditionParser, normCmp, type Scope } from './queryConditions.js';
import { show, type Token } from './queryLexer.js';
import type { CmpOp } from './queryRules.js';

/** A block with the operator that joins it to the result so far. */
interface Positioned {
  combine: SetOperator;
  block: Block;
}

const SET_OPS = new Map<string, SetOperator>([
  ['union', 'union'],
  ['intersect', 'intersect'],
  ['except', 'except'],
  ['minus', 'except'],
]);
const AGGREGATES = new Map<string, AggregateFunction>(AGGREGATE_FUNCTIONS.map((f) => [f, f]));
const AGG_CMP: Record<CmpOp, ComparisonOperator> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
const WINDOWS = new Map<string, DateUnit>([
  ['utcdays', 'days'],
  ['utcmonths', 'months'],
  ['utcyears', 'years'],
]);

export class QueryParser extends ConditionParser {
  constructor(
    src: string,
    catalog: Catalog,
    private readonly resolveSegment: (nameOrId: string) => string | undefined,
  ) {
    super(src, catalog);
  }

  // ---- set operations ----
  parseDefinition(): DynamicDefinition {
    const items = this.parseSequence();
    while (this.isPunct(')')) this.next(); // tolerated quirk: extra closing parentheses at the end
    if (this.peek().kind !== 'eof') this.fail(`Unexpected '${show(this.peek())}': expected UNION, INTERSECT, EXCEPT or the end`);
    const blocks = items.map((it, i): Block => {
      // Blocks were built for this definition only, so setting their operator in place is safe.
      it.block.combine = i === 0 ? 'union' : it.combine;
      return it.block;
    });
    return { kind: 'dynamic', version: DEFINITION_VERSION, blocks };
  }

  private setOpAhead(): SetOperator | undefined {
    const t = this.peek();
    return t.kind === 'ident' && !t.quoted ? SET_OPS.get(t.text.toLowerCase()) : undefined;
  }

  private parseSequence(): Positioned[] {
    const items = this.parseSetExpr();
    for (let op = this.setOpAhead(); op; op = this.setOpAhead()) {
      const opTok = this.next();
      this.append(items, op, this.parseSetExpr(), opTok);
    }
    return items;
  }

  /** Appends `right` (one operand, possibly a parenthesised sequence) to `acc` with `op`, left to right. */
  private append(acc: Positioned[], op: SetOperator, right: Positioned[], at: Token): void {
    if (right.length === 1 && right[0]) {
      acc.push({ combine: op, block: right[0].block });
      return;
    }
    const innerOps = right.slice(1).map((r) => r.combine);
    const all = (o: SetOperator): boolean => innerOps.every((x) => x === o);
    // Only regroupings that keep the meaning are flattened: A ∪ (B ∪ C) = A ∪ B ∪ C;
    // A \ (B ∪ C) = A \ B \ C; A ∩ (B ∩ C \ D) = A ∩ B ∩ C \ D (intersection distributes over ∩ and \).
    if (op === 'union' && all('union')) for (const r of right) acc.push({ combine: 'union', block: r.block });
    else if (op === 'except' && all('union')) for (const r of right) acc.push({ combine: 'except', block: r.block });
    else if (op === 'intersect' && innerOps.every((o) => o !== 'union'))
      right.forEach((r, i) => acc.push({ combine: i === 0 ? 'intersect' : r.combine, block: r.block }));
    else {
      this.fail(
        `Blocks combine strictly left to right; '${op.toUpperCase()} ( … ${innerOps.map((o) => o.toUpperCase()).join(' … ')} … )' cannot be written that way. Reorder the blocks or save the parenthesised part as its own segment and use SEGMENT(name)`,
        at,
      );
    }
  }

  private parseSetExpr(): Positioned[] {
    const t = this.peek();
    let items: Positioned[];
    if (this.isPunct('(')) {
      this.next();
      items = this.nested(t, () => this.parseSequence());
      this.expectPunct(')', 'to close the parenthesised set operation');
    } else if (this.isKw('segment')) {
      items = [{ combine: 'union', block: this.parseSegmentRef() }];
    } else if (this.isKw('profile')) {
      items = [{ combine: 'union', block: this.parseProfile() }];
    } else if (this.isKw('interaction')) {
      items = [{ combine: 'union', block: this.parseInteraction() }];
    } else {
      this.fail(`Expected PROFILE(…), INTERACTION(…), SEGMENT(…) or '(', found '${show(t) || 'end of text'}'`);
    }
    this.parseTrailingMethods(items);
    return items;
  }

  /** `.UNION(x)` chains (a documented quirk), `.DISTINCT()`, and a clear refusal of member paging. */
  private parseTrailingMethods(items: Positioned[]): void {
    while (this.isPunct('.')) {
      const m = this.peek(1);
      const word = m.kind === 'ident' && !m.quoted ? m.text.toLowerCase() : '';
      const op = SET_OPS.get(word);
      if (op) {
        this.next();
        this.next();
        this.expectPunct('(', `after ${show(m).toUpperCase()}`);
        const right =
          this.isKw('segment') || this.isKw('profile') || this.isKw('interaction') || this.isPunct('(')
            ? this.nested(m, () => this.parseSequence())
            : [{ combine: 'union' as const, block: this.segmentBlock(this.parseSegmentName(), m) }];
        this.expectPunct(')', `to close ${show(m).toUpperCase()}(…)`);
        this.append(items, op, right, m);
      } else if (word === 'distinct') {
        this.next();
        this.next();
        this.expectPunct('(', 'after DISTINCT');
        this.expectPunct(')', 'after DISTINCT(');
      } else if (['orderby', 'skip', 'take', 'select'].includes(word)) {
        this.fail(
          `${show(m).toUpperCase()} pages through members for display; it is not part of a segment definition. Remove .ORDERBY/.SKIP/.TAKE/.SELECT`,
          m,
        );
      } else {
        this.fail(`Unexpected .${show(m)} here`, m);
      }
    }
  }

  // ---- segment references ----
  private parseSegmentName(): { name: string; at: Token } {
    const at = this.peek();
    if (at.kind === 'string') {
      this.next();
      return { name: at.text, at };
    }
    // A bare name or id (GUIDs included): everything up to the closing parenthesis.
    let end = at.start;
    while (!this.isPunct(')') && this.peek().kind !== 'eof' && !this.isPunct('(') && !this.isPunct(',')) end = this.next().end;
    const name = this.src.slice(at.start, end).trim();
    if (!name) this.fail('Expected a segment name or id', at);
    return { name, at };
  }

  private segmentBlock(ref: { name: string; at: Token }, at: Token): Block {
    const id = this.resolveSegment(ref.name);
    if (id === undefined) this.fail(`Unknown segment '${excerpt(ref.name)}'`, ref.at);
    return { kind: 'segment', id: this.id(at), combine: 'union', segmentId: id };
  }

  private parseSegmentRef(): Block {
    const kw = this.next();
    this.expectPunct('(', 'after SEGMENT');
    const ref = this.parseSegmentName();
    this.expectPunct(')', 'to close SEGMENT(…)');
    const block = this.segmentBlock(ref, kw);
    // `.SPLIT(…)` right after SEGMENT(…): one group of a split of that segment (querySplit.ts).
    return block.kind === 'segment' && atSplit(this.splitCursor) ? { ...block, split: parseSplit(this.splitCursor) } : block;
  }

  private readonly splitCursor: SplitCursor = {
    peek: (offset) => this.peek(offset),
    next: () => this.next(),
    isKw: (word) => this.isKw(word),
    isPunct: (p) => this.isPunct(p),
    expectPunct: (p, what) => this.expectPunct(p, what),
    number: () => this.parseNumberLiteral(),
    fail: (message, at) => this.fail(message, at),
  };

  // ---- profile queries ----
  private entityScope(nameTok: Token, alias: string | undefined): Extract<Scope, { kind: 'entity' }> {
    const entity = findEntity(this.catalog, nameTok.text);
    if (!entity) this.fail(`Unknown entity '${show(nameTok)}'`, nameTok);
    return { kind: 'entity', entity: entity.name, alias, fields: entity.fields };
  }

  private parseProfile(): Block {
    const kw = this.next();
    this.expectPunct('(', 'after PROFILE');
    const nameTok = this.next();
    if (nameTok.kind !== 'ident') this.fail('Expected an entity name', nameTok);
    const steps: { scope: Extract<Scope, { kind: 'entity' }>; conds: ConditionNode[]; via?: { rel: string; at: Token } }[] = [
      { scope: this.entityScope(nameTok, this.parseAlias()), conds: [] },
    ];
    this.expectPunct(')', 'to close PROFILE(…)');
    for (;;) {
      const step = steps[steps.length - 1];
      if (!step || !this.isPunct('.')) break;
      const m = this.peek(1);
      if (this.isKw('filter', 1)) {
        this.next();
        this.next();
        step.conds.push(...this.parseFilterBody(step.scope));
      } else if (this.isKw('traverse', 1)) {
        this.next();
        this.next();
        this.expectPunct('(', 'after TRAVERSE');
        const relTok = this.next();
        const res = resolveRelatedStep(this.catalog, step.scope.entity, relTok.text);
        if (!res.ok) this.fail(res.message, relTok);
        const target = findEntity(this.catalog, res.target);
        if (!target) this.fail(`Unknown entity '${res.target}'`, relTok);
        const scope: Extract<Scope, { kind: 'entity' }> = {
          kind: 'entity',
          entity: target.name,
          alias: this.parseAlias(),
          fields: target.fields,
        };
        const conds: ConditionNode[] = [];
        const next = { scope, conds, via: { rel: res.relationship.name, at: relTok } };
        if (this.isPunct(',')) {
          this.next();
          this.expectKw('filter');
          next.conds.push(...this.parseFilterBody(scope));
        }
        this.expectPunct(')', 'to close TRAVERSE(…)');
        steps.push(next);
      } else if (this.isKw('having', 1)) {
        this.fail('HAVING applies to INTERACTION(…) queries only', m);
      } else if (this.isKw('distinct', 1)) {
        this.next();
        this.next();
        this.expectPunct('(', 'after DISTINCT');
        this.expectPunct(')', 'after DISTINCT(');
      } else break;
    }
    const last = steps[steps.length - 1];
    if (!last || !sameName(last.scope.entity, 'contact')) {
      this.fail(`Segments are sets of contacts: a query starting at ${steps[0]?.scope.entity ?? '?'} must .TRAVERSE(…) to contact`, kw);
    }
    // Fold the chain from its start: each earlier step becomes a related group seen from the next one.
    let inner: ConditionNode[] = steps[0]?.conds ?? [];
    for (let i = 1; i < steps.length; i++) {
      const step = steps[i];
      const prev = steps[i - 1];
      if (!step?.via || !prev) continue;
      const back = resolveRelatedStep(this.catalog, step.scope.entity, step.via.rel);
      const forward = resolveRelatedStep(this.catalog, prev.scope.entity, step.via.rel);
      if (!back.ok || !forward.ok) this.fail('Cannot follow this relationship back', step.via.at);
      // Seen from the later step the relationship runs the other way.
      const direction = forward.direction === 'toReferenced' ? 'toReferencing' : 'toReferenced';
      const related: RelatedGroupNode = {
        kind: 'related',
        id: this.id(step.via.at),
        relationship: back.relationship.name,
        direction,
        entity: prev.scope.entity,
        combinator: 'and',
        children: inner,
      };
      inner = [...step.conds, related];
    }
    const only = inner[0];
    const root: GroupNode =
      inner.length === 1 && only?.kind === 'group' ? only : { kind: 'group', id: this.id(kw), combinator: 'and', children: inner };
    return { kind: 'profile', id: this.id(kw), combine: 'union', entity: 'contact', root };
  }

  /** `FILTER(` already consumed up to the keyword: parses `(cond)` and returns AND-able parts. */
  private parseFilterBody(scope: Scope): ConditionNode[] {
    const at = this.peek();
    this.expectPunct('(', 'after FILTER');
    const cond = this.nested(at, () => this.parseOr(scope));
    this.expectPunct(')', 'to close FILTER(…)');
    if (cond.kind === 'group' && cond.combinator === 'and' && !cond.not) return cond.children;
    return [cond];
  }

  // ---- interaction queries ----
  private parseInteraction(): Block {
    const kw = this.next();
    this.expectPunct('(', 'after INTERACTION');
    const typeTok = this.next();
    const type = findInteractionType(this.catalog, typeTok.text);
    if (!type) this.fail(`Unknown interaction type '${show(typeTok)}'`, typeTok);
    if (this.isPunct(',')) {
      this.next();
      const link = this.next();
      if (!sameName(link.text, `${type.name}_ContactLink`)) {
        this.fail(`Segments are sets of contacts: the link must be ${type.name}_ContactLink, not '${show(link)}'`, link);
      }
    }
    this.expectPunct(')', 'to close INTERACTION(…)');
    const scope: Scope = { kind: 'interaction', type: type.name, fields: type.fields };
    const block: InteractionBlock = {
      kind: 'interaction',
      id: this.id(kw),
      combine: 'union',
      interactionType: type.name,
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'lifetime' },
    };
    const filters: ConditionNode[] = [];
    let hadHaving = false;
    // FILTER and HAVING in either order (HAVING before FILTER is a documented quirk).
    while (this.isPunct('.') && (this.isKw('filter', 1) || this.isKw('having', 1))) {
      this.next();
      const m = this.next();
      if (m.text.toLowerCase() === 'filter') filters.push(...this.parseFilterBody(scope));
      else {
        if (hadHaving) this.fail('Only one HAVING per INTERACTION', m);
        hadHaving = true;
        this.parseHaving(block, type.fields);
      }
    }
    if (this.isPunct('.') && this.isKw('traverse', 1)) this.fail('INTERACTION queries cannot TRAVERSE', this.peek(1));
    if (filters.length > 0) {
      const only = filters[0];
      block.filter =
        filters.length === 1 && only?.kind === 'group' ? only : { kind: 'group', id: this.id(kw), combinator: 'and', children: filters };
    }
    return block;
  }

  private parseHaving(block: InteractionBlock, fields: readonly CatalogField[]): void {
    this.expectPunct('(', 'after HAVING');
    let sawCount = false;
    for (;;) {
      const t = this.next();
      const word = t.kind === 'ident' && !t.quoted ? t.text.toLowerCase() : '';
      const fn = AGGREGATES.get(word);
      if (word !== 'count' && !fn) this.fail(`Expected COUNT(), SUM(…), AVG(…), MIN(…) or MAX(…), found '${show(t) || 'end of text'}'`, t);
      this.expectPunct('(', `after ${show(t)}`);
      let aggField: CatalogField | undefined;
      if (fn) {
        const f = this.next();
        aggField = findField(fields, f.text);
        if (!aggField) this.fail(`Unknown field '${show(f)}' on ${scopeLabelOf(this.catalog, block.interactionType)}`, f);
      }
      this.expectPunct(')', `to close ${show(t)}(…)`);
      const opTok = this.next();
      if (opTok.kind !== 'op' || !CMP.has(opTok.text))
        this.fail(`Expected a comparison (==, >, <, …) after ${show(t).toUpperCase()}(…)`, opTok);
      const op = normCmp(opTok.text);
      const numTok = this.peek();
      const n = this.parseNumberLiteral();
      if (fn && aggField) {
        block.aggregate = { fn, field: aggField.name, op: AGG_CMP[op], value: n };
      } else {
        if (sawCount) this.fail('COUNT() appears twice', t);
        sawCount = true;
        block.count = this.countCondition(op, n, numTok);
      }
      if (this.peek().kind === 'op' && (this.peek().text === '&&' || this.peek().text === '||')) {
        if (this.peek().text === '||') this.fail('HAVING conditions combine with && only', this.peek());
        this.next();
        continue;
      }
      if (this.isKw('and')) {
        this.next();
        continue;
      }
      break;
    }
    if (this.isPunct(',')) {
      this.next();
      const w = this.next();
      const unit = w.quoted ? undefined : WINDOWS.get(w.text.toLowerCase());
      if (!unit) this.fail(`Expected UTCDAYS(n), UTCMONTHS(n) or UTCYEARS(n), found '${show(w)}'`, w);
      this.expectPunct('(', `after ${show(w)}`);
      const at = this.peek();
      const amount = this.parseNumberLiteral();
      if (!Number.isInteger(amount) || amount < 1) this.fail('The window needs a whole number of 1 or more', at);
      const tooFar = dateAmountProblem(amount, unit);
      if (tooFar) this.fail(tooFar, at);
      this.expectPunct(')', `to close ${show(w)}(…)`);
      block.window = { kind: 'last', amount, unit };
    }
    this.expectPunct(')', 'to close HAVING(…)');
  }

  private countCondition(op: CmpOp, n: number, at: Token): InteractionBlock['count'] {
    if (!Number.isInteger(n) || n < 0 || n >= 1_000_000_000) this.fail('COUNT() compares with a whole number from 0 to 999,999,999', at);
    const zero =
      'COUNT() == 0 cannot be matched: contacts without interactions have no records. Use all contacts EXCEPT this interaction with COUNT() > 0';
    switch (op) {
      case '>':
        return { op: 'atLeast', value: n + 1 };
      case '>=':
        if (n === 0) this.fail(zero, at);
        return { op: 'atLeast', value: n };
      case '==':
        if (n === 0) this.fail(zero, at);
        return { op: 'exactly', value: n };
      case '<':
        if (n <= 1) this.fail(`COUNT() < ${n} can never match. ${zero.slice(zero.indexOf('Use'))}`, at);
        return { op: 'fewerThan', value: n };
      case '<=':
        if (n === 0) this.fail(zero, at);
        return { op: 'fewerThan', value: n + 1 };
      case '!=':
        return this.fail('COUNT() != n is not supported: use EXCEPT', at);
    }
  }
}
