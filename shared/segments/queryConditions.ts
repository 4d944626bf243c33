/**
 * The condition part of the query-text parser: a token cursor (with located failures and node ids)
 * and the FILTER condition grammar — && / || / OR, NOT(), parentheses, comparisons, CONTAINS /
 * STARTSWITH / ENDSWITH, ISNULL / ISNOTNULL, DATE / DATEADD / DATEDIFF / DATETIMEUTCNOW, and the
 * app's TRAVERSE(relationship[, alias][, FILTER(cond)]) term for related-entity groups.
 */
import type { Catalog, CatalogField } from '../models/catalog.js';
import type { ArithmeticOperator, ConditionNode, GroupNode, RelativeUnit, ValueExpr } from './ast.js';
import { findEntity, findField, resolveRelatedStep, sameName, scopeLabelOf } from './catalogIndex.js';
import { findManyToMany, resolveManyToMany } from './manyToMany.js';
import { QueryTextError, show, tokenize, type Token } from './queryLexer.js';
import { dateAmountProblem, excerpt, MAX_DATE_YEAR, MAX_QUERY_NESTING, MIN_DATE_YEAR, numberProblem } from './limits.js';
import {
  anniversaryRule,
  arithmeticRule,
  comparisonRule,
  dateDiffRule,
  FLIP,
  mergeGroup,
  negateNode,
  operandFields,
  toExpr,
  type CmpOp,
  type Operand,
  type RuleShape,
} from './queryRules.js';
import { expressionRuleProblem } from './exprMatch.js';

/** Where conditions are parsed: an entity (with its alias) or an interaction type. */
export type Scope =
  | { kind: 'entity'; entity: string; alias: string | undefined; fields: readonly CatalogField[] }
  | { kind: 'interaction'; type: string; fields: readonly CatalogField[] };

const UNITS = new Map<string, RelativeUnit>([
  ...['day', 'days', 'dd', 'd'].map((k) => [k, 'days'] as const),
  ...['month', 'months', 'mm', 'm'].map((k) => [k, 'months'] as const),
  ...['year', 'years', 'yyyy', 'yy'].map((k) => [k, 'years'] as const),
  ...['hour', 'hours', 'hh'].map((k) => [k, 'hours'] as const),
  ...['minute', 'minutes', 'mi', 'n'].map((k) => [k, 'minutes'] as const),
  ...['second', 'seconds', 'ss', 's'].map((k) => [k, 'seconds'] as const),
  ...['millisecond', 'milliseconds', 'ms'].map((k) => [k, 'milliseconds'] as const),
]);
const ARITH: ReadonlySet<string> = new Set(['+', '-', '*', '/']);
export const CMP: ReadonlySet<string> = new Set(['==', '!=', '<>', '=', '>', '>=', '<', '<=']);

export class ConditionParser {
  protected pos = 0;
  protected readonly tokens: Token[];
  private nextId = 0;
  /** Open parentheses / function calls around the current position (MAX_QUERY_NESTING). */
  private depth = 0;
  /** Where each node starts, for located validation messages. */
  readonly positions = new Map<string, { line: number; column: number }>();

  constructor(
    protected readonly src: string,
    protected readonly catalog: Catalog,
  ) {
    this.tokens = tokenize(src);
  }

  // ---- token helpers ----
  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] as Token;
  }
  protected next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  protected isKw(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && !t.quoted && t.text.toLowerCase() === word;
  }
  protected isPunct(p: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === p;
  }
  protected fail(message: string, t: Token = this.peek()): never {
    throw new QueryTextError(message, t.line, t.column);
  }
  protected expectPunct(p: string, what: string): void {
    if (this.isPunct(p)) {
      this.next();
      return;
    }
    // Tolerated quirk: closing parentheses missing at the very end of the text.
    if (p === ')' && this.peek().kind === 'eof') return;
    this.fail(`Expected '${p}' ${what}${this.peek().kind === 'eof' ? ' but the text ended' : `, found '${show(this.peek())}'`}`);
  }
  protected expectKw(word: string): Token {
    if (!this.isKw(word)) this.fail(`Expected ${word.toUpperCase()}, found '${show(this.peek()) || 'end of text'}'`);
    return this.next();
  }
  /** Runs `f` one nesting level deeper, refusing text nested deeper than MAX_QUERY_NESTING at `at`. */
  protected nested<T>(at: Token, f: () => T): T {
    if (this.depth >= MAX_QUERY_NESTING) {
      this.fail(`Nested too deeply: at most ${MAX_QUERY_NESTING} levels of parentheses and functions inside one another`, at);
    }
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
  protected id(t: Token): string {
    const id = `q${++this.nextId}`;
    this.positions.set(id, { line: t.line, column: t.column });
    return id;
  }
  protected newIdAt = (t: Token) => (): string => this.id(t);

  protected parseAlias(): string | undefined {
    if (!this.isPunct(',') || this.peek(1).kind !== 'ident' || this.isKw('filter', 1)) return undefined;
    this.next();
    return this.next().text;
  }

  protected parseNumberLiteral(): number {
    let sign = 1;
    if (this.peek().kind === 'op' && this.peek().text === '-') {
      this.next();
      sign = -1;
    }
    const t = this.next();
    if (t.kind !== 'number') this.fail(`Expected a number, found '${show(t) || 'end of text'}'`, t);
    const n = sign * Number(t.text);
    const problem = numberProblem(n);
    if (problem) this.fail(problem, t);
    return n;
  }
  // ---- conditions ----
  private fieldTypeIn = (scope: Scope) => (name: string) => findField(scope.fields, name)?.type;

  protected parseOr(scope: Scope): ConditionNode {
    const start = this.peek();
    const parts = [this.parseAnd(scope)];
    while ((this.peek().kind === 'op' && this.peek().text === '||') || this.isKw('or')) {
      this.next();
      parts.push(this.parseAnd(scope));
    }
    if (parts.length === 1 && parts[0]) return parts[0];
    return mergeGroup({ kind: 'group', id: this.id(start), combinator: 'or', children: parts }, this.fieldTypeIn(scope));
  }

  private parseAnd(scope: Scope): ConditionNode {
    const start = this.peek();
    const parts = [this.parseUnary(scope)];
    while ((this.peek().kind === 'op' && this.peek().text === '&&') || this.isKw('and')) {
      this.next();
      parts.push(this.parseUnary(scope));
    }
    if (parts.length === 1 && parts[0]) return parts[0];
    return mergeGroup({ kind: 'group', id: this.id(start), combinator: 'and', children: parts }, this.fieldTypeIn(scope));
  }

  private parseUnary(scope: Scope): ConditionNode {
    const t = this.peek();
    if (this.isKw('not') && this.isPunct('(', 1)) {
      this.next();
      this.next();
      const inner = this.nested(t, () => this.parseOr(scope));
      this.expectPunct(')', 'to close NOT(…)');
      return negateNode(inner, this.newIdAt(t));
    }
    if (this.isPunct('(')) {
      // `(a + b) > c` starts like a parenthesised condition: when the parenthesis holds no condition,
      // it is read again as the start of an arithmetic comparison.
      const at = this.pos;
      const ids = this.nextId;
      try {
        this.next();
        const inner = this.nested(t, () => this.parseOr(scope));
        this.expectPunct(')', 'to close the parenthesis');
        if (!(this.peek().kind === 'op' && (ARITH.has(this.peek().text) || CMP.has(this.peek().text)))) return inner;
      } catch (e) {
        if (!(e instanceof QueryTextError)) throw e;
        this.pos = at;
        this.nextId = ids;
        try {
          return this.parseComparison(scope);
        } catch {
          throw e;
        }
      }
      this.pos = at;
      this.nextId = ids;
      return this.parseComparison(scope);
    }
    if ((this.isKw('isnull') || this.isKw('isnotnull')) && this.isPunct('(', 1)) {
      this.next();
      this.next();
      const field = this.parseFieldRef(scope);
      this.expectPunct(')', `to close ${show(t)}(…)`);
      return {
        kind: 'rule',
        id: this.id(t),
        field: field.name,
        operator: t.text.toLowerCase() === 'isnull' ? 'notContainsData' : 'containsData',
      };
    }
    if (this.isKw('traverse') && this.isPunct('(', 1)) return this.nested(t, () => this.parseTraverseTerm(scope));
    if ((this.isKw('true') || this.isKw('false')) && !(this.peek(1).kind === 'op' && CMP.has(this.peek(1).text))) {
      this.next();
      const empty: GroupNode = { kind: 'group', id: this.id(t), combinator: 'and', children: [] };
      return t.text.toLowerCase() === 'true' ? empty : { ...empty, not: true };
    }
    return this.parseComparison(scope);
  }

  private parseTraverseTerm(scope: Scope): ConditionNode {
    const kw = this.next();
    if (scope.kind !== 'entity') this.fail('Related entities cannot be used in an interaction filter', kw);
    this.next();
    const relTok = this.next();
    // An N:N name (`<a>_<b>_via_<intersect>`) gives the N:N form; any other name is a 1:N/N:1 relationship.
    const nn = findManyToMany(this.catalog.relationships, relTok.text)
      ? resolveManyToMany(this.catalog.relationships, scope.entity, relTok.text)
      : undefined;
    const step = nn ?? resolveRelatedStep(this.catalog, scope.entity, relTok.text);
    if (!step.ok) this.fail(step.message, relTok);
    const target = findEntity(this.catalog, step.target);
    if (!target) this.fail(`Unknown entity '${step.target}'`, relTok);
    const inner: Scope = { kind: 'entity', entity: target.name, alias: this.parseAlias(), fields: target.fields };
    let cond: ConditionNode | undefined;
    if (this.isPunct(',')) {
      this.next();
      this.expectKw('filter');
      this.expectPunct('(', 'after FILTER');
      const filterAt = this.peek();
      cond = this.nested(filterAt, () => this.parseOr(inner));
      this.expectPunct(')', 'to close FILTER(…)');
    }
    this.expectPunct(')', 'to close TRAVERSE(…)');
    const base = {
      kind: 'related' as const,
      id: this.id(kw),
      relationship: 'link' in step ? step.link.name : step.relationship.name,
      direction: 'link' in step ? ('manyToMany' as const) : step.direction,
      entity: target.name,
    };
    if (!cond) return { ...base, combinator: 'and', children: [] };
    if (cond.kind === 'group' && !cond.not) return { ...base, combinator: cond.combinator, children: cond.children };
    return { ...base, combinator: 'and', children: [cond] };
  }

  private parseFieldRef(scope: Scope): CatalogField {
    const t = this.next();
    if (t.kind !== 'ident') this.fail(`Expected a field name, found '${show(t) || 'end of text'}'`, t);
    let name = t.text;
    if (this.isPunct('.') && this.peek(1).kind === 'ident') {
      const owner = scope.kind === 'entity' ? [scope.entity, scope.alias] : [scope.type];
      if (!owner.some((o) => o !== undefined && sameName(o, t.text)))
        this.fail(
          `Unknown alias '${show(t)}' here (expected ${owner
            .filter((o): o is string => o !== undefined)
            .map((o) => excerpt(o))
            .join(' or ')})`,
          t,
        );
      this.next();
      name = this.next().text;
    }
    const field = findField(scope.fields, name);
    if (!field)
      this.fail(
        `Unknown field '${excerpt(name)}' on ${scopeLabelOf(this.catalog, scope.kind === 'entity' ? scope.entity : scope.type)}`,
        t,
      );
    return field;
  }

  /**
   * The whole text as one value expression (a field, a number or arithmetic; the designer's formula
   * box), or a located error.
   */
  parseWholeExpression(scope: Scope): ValueExpr {
    const start = this.peek();
    const o = this.parseOperand(scope);
    if (this.peek().kind !== 'eof') this.fail(`Unexpected '${show(this.peek())}' after the formula`);
    const e = toExpr(o);
    if (!e) this.fail('A formula holds number fields, numbers and + - * / only', start);
    return e;
  }

  /** An operand with arithmetic: terms joined by + and -, factors by * and /, parentheses group. */
  private parseOperand(scope: Scope): Operand {
    return this.parseArith(scope, 0);
  }

  private parseArith(scope: Scope, level: 0 | 1): Operand {
    let left = level === 0 ? this.parseArith(scope, 1) : this.parseFactor(scope);
    const ops = level === 0 ? ['+', '-'] : ['*', '/'];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !ops.includes(t.text)) return left;
      this.next();
      const right = level === 0 ? this.parseArith(scope, 1) : this.parseFactor(scope);
      left = this.arith(t, t.text as ArithmeticOperator, left, right);
    }
  }

  private arith(at: Token, op: ArithmeticOperator, a: Operand, b: Operand): Operand {
    const [l, r] = [toExpr(a), toExpr(b)];
    if (!l || !r) this.fail(`Arithmetic (${op}) works on numbers and number fields`, at);
    for (const f of [...operandFields(a), ...operandFields(b)])
      if (f.type !== 'integer' && f.type !== 'decimal') this.fail(`Arithmetic (${op}) works on numbers; ${f.name} is ${f.type}`, at);
    const expr: ValueExpr = { kind: 'arith', op, left: l, right: r };
    return { kind: 'arith', expr, fields: [...operandFields(a), ...operandFields(b)] };
  }

  private parseFactor(scope: Scope): Operand {
    const t = this.peek();
    if (this.isPunct('(')) {
      this.next();
      const inner = this.nested(t, () => this.parseArith(scope, 0));
      this.expectPunct(')', 'to close the parenthesis');
      return inner;
    }
    return this.parsePrimary(scope);
  }

  private parsePrimary(scope: Scope): Operand {
    const t = this.peek();
    const word = t.kind === 'ident' && !t.quoted ? t.text.toLowerCase() : '';
    let o: Operand;
    if (t.kind === 'string') {
      this.next();
      o = { kind: 'string', value: t.text };
    } else if (t.kind === 'number' || (t.kind === 'op' && t.text === '-')) {
      o = { kind: 'number', value: this.parseNumberLiteral() };
    } else if (word === 'true' || word === 'false') {
      this.next();
      o = { kind: 'bool', value: word === 'true' };
    } else if ((word === 'datetimeutcnow' || word === 'datetimenowutc') && this.isPunct('(', 1)) {
      this.next();
      this.next();
      this.expectPunct(')', `after ${show(t)}(`);
      o = { kind: 'now' };
    } else if (word === 'date' && this.isPunct('(', 1)) {
      o = this.parseDateFn();
    } else if (word === 'dateadd' && this.isPunct('(', 1)) {
      this.next();
      this.next();
      const unit = this.parseUnit();
      this.expectPunct(',', 'after the DATEADD unit');
      const amountAt = this.peek();
      const amount = this.parseNumberLiteral();
      if (!Number.isInteger(amount)) this.fail('DATEADD needs a whole number', amountAt);
      const tooFar = dateAmountProblem(amount, unit);
      if (tooFar) this.fail(tooFar, amountAt);
      this.expectPunct(',', 'after the DATEADD amount');
      const base = this.nested(t, () => this.parseOperand(scope));
      if (base.kind !== 'now') this.fail('DATEADD must be applied to DATETIMEUTCNOW()', amountAt);
      this.expectPunct(')', 'to close DATEADD(…)');
      o = { kind: 'dateadd', unit, amount };
    } else if (word === 'datediff' && this.isPunct('(', 1)) {
      this.next();
      this.next();
      const unit = this.parseUnit();
      this.expectPunct(',', 'after the DATEDIFF unit');
      const from = this.nested(t, () => this.parseOperand(scope));
      this.expectPunct(',', 'between the DATEDIFF dates');
      const to = this.nested(t, () => this.parseOperand(scope));
      this.expectPunct(')', 'to close DATEDIFF(…)');
      o = { kind: 'datediff', unit, from, to };
    } else if ((word === 'daystoanniversary' || word === 'monthstoanniversary') && this.isPunct('(', 1)) {
      this.next();
      this.next();
      const field = this.parseFieldRef(scope);
      this.expectPunct(')', `to close ${show(t)}(…)`);
      o = { kind: 'anniversary', unit: word === 'daystoanniversary' ? 'days' : 'months', field };
    } else if (t.kind === 'ident') {
      o = { kind: 'field', field: this.parseFieldRef(scope) };
    } else {
      this.fail(`Expected a field or a value, found '${show(t) || 'end of text'}'`, t);
    }
    return o;
  }

  private parseUnit(): RelativeUnit {
    const t = this.next();
    const unit = t.quoted ? undefined : UNITS.get(t.text.toLowerCase());
    if (!unit) this.fail(`Unsupported date part '${show(t)}': use YEAR, MONTH, DAY, HOUR, MINUTE, SECOND or MILLISECOND`, t);
    return unit;
  }

  private parseDateFn(): Operand {
    const kw = this.next();
    this.next();
    const parts: number[] = [];
    for (;;) {
      parts.push(this.parseNumberLiteral());
      if (!this.isPunct(',')) break;
      this.next();
    }
    this.expectPunct(')', 'to close DATE(…)');
    if (parts.length < 3 || parts.length > 7 || parts.some((p) => !Number.isInteger(p) || p < 0))
      this.fail('DATE takes 3 to 7 whole numbers: year, month, day[, hour, minute, second, millisecond]', kw);
    const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0] = parts;
    if (y < MIN_DATE_YEAR || y > MAX_DATE_YEAR) this.fail(`DATE needs a year from ${MIN_DATE_YEAR} to ${MAX_DATE_YEAR}`, kw);
    const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    const check = new Date(t);
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59 || ms > 999)
      this.fail('DATE is not a valid date', kw);
    const iso = check.toISOString();
    return { kind: 'date', value: parts.length === 3 ? iso.slice(0, 10) : iso };
  }

  private parseComparison(scope: Scope): ConditionNode {
    const start = this.peek();
    const lhs = this.parseOperand(scope);
    const opTok = this.peek();
    const word = opTok.kind === 'ident' && !opTok.quoted ? opTok.text.toLowerCase() : '';
    const mk = (shape: RuleShape | string, at: Token): ConditionNode => {
      if (typeof shape === 'string') this.fail(shape, at);
      return { ...shape, id: this.id(start) };
    };
    if (word === 'contains' || word === 'startswith' || word === 'endswith') {
      this.next();
      if (lhs.kind !== 'field') this.fail(`${show(opTok).toUpperCase()} needs a field on its left`, start);
      const vTok = this.next();
      if (vTok.kind !== 'string') this.fail(`${show(opTok).toUpperCase()} needs a 'string' on its right`, vTok);
      const f = lhs.field;
      if (f.type === 'multichoice' && word === 'contains')
        return mk({ kind: 'rule', field: f.name, operator: 'containsAnyOf', values: [vTok.text] }, start);
      if (f.type !== 'text') this.fail(`${show(opTok).toUpperCase()} works on text fields; ${f.name} is ${f.type}`, opTok);
      const operator = word === 'contains' ? 'contains' : word === 'startswith' ? 'beginsWith' : 'endsWith';
      return mk({ kind: 'rule', field: f.name, operator, values: [vTok.text] }, start);
    }
    if (opTok.kind !== 'op' || !CMP.has(opTok.text))
      this.fail(
        `Expected a comparison (==, !=, <, <=, >, >=, CONTAINS, STARTSWITH, ENDSWITH), found '${show(opTok) || 'end of text'}'`,
        opTok,
      );
    this.next();
    const op = normCmp(opTok.text);
    const rhs = this.parseOperand(scope);
    if (lhs.kind === 'datediff') {
      if (rhs.kind !== 'number') this.fail('DATEDIFF compares with a number', opTok);
      return mk(dateDiffRule(lhs, op, rhs.value), start);
    }
    if (rhs.kind === 'datediff') {
      if (lhs.kind !== 'number') this.fail('DATEDIFF compares with a number', opTok);
      return mk(dateDiffRule(rhs, FLIP[op], lhs.value), start);
    }
    if (lhs.kind === 'anniversary' || rhs.kind === 'anniversary') {
      const [a, n, o] = lhs.kind === 'anniversary' ? [lhs, rhs, op] : [rhs as Extract<Operand, { kind: 'anniversary' }>, lhs, FLIP[op]];
      if (n.kind !== 'number')
        this.fail(`${a.unit === 'days' ? 'DAYSTOANNIVERSARY' : 'MONTHSTOANNIVERSARY'} compares with a number`, opTok);
      return mk(anniversaryRule(a, o, n.value), start);
    }
    if (lhs.kind === 'arith' || rhs.kind === 'arith' || (lhs.kind === 'field' && rhs.kind === 'field')) {
      const shape = arithmeticRule(lhs, op, rhs);
      if (typeof shape !== 'string') {
        const problem = expressionRuleProblem({ ...shape, id: '' }, (name) => findField(scope.fields, name));
        if (problem) this.fail(problem, opTok);
      }
      return mk(shape, opTok);
    }
    if (lhs.kind === 'field') return mk(comparisonRule(lhs.field, op, rhs), opTok);
    if (rhs.kind === 'field') return mk(comparisonRule(rhs.field, FLIP[op], lhs), opTok);
    return this.fail('A comparison needs a field on one side', start);
  }
}

const CMP_NORMAL = new Map<string, CmpOp>([
  ['==', '=='],
  ['=', '=='],
  ['!=', '!='],
  ['<>', '!='],
  ['>', '>'],
  ['>=', '>='],
  ['<', '<'],
  ['<=', '<='],
]);

/** The comparison a token spells ('=' and '<>' are tolerated spellings of '==' and '!='). */
export function normCmp(text: string): CmpOp {
  return CMP_NORMAL.get(text) ?? '==';
}
