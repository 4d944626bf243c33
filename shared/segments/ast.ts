/**
 * The segment definition model (versioned). Every node has an explicit `kind` and a stable `id`
 * (unique within the definition) so the validator can key issues to nodes and the builder can show
 * them in place. Meaning is defined by the reference evaluator (`evaluate.ts`) and docs/semantics.md.
 */

import type { SplitSpec } from './split.js';

export const DEFINITION_VERSION = 1 as const;

/** Set operation combining a block with the result so far (strictly left to right, no precedence). */
export const SET_OPERATORS = ['union', 'intersect', 'except'] as const;
export type SetOperator = (typeof SET_OPERATORS)[number];

/** Rule operators. Which ones apply to which field type is in `operators.ts`. */
export const RULE_OPERATORS = [
  // text (also choice/lookup for eq/ne)
  'eq',
  'ne',
  'contains',
  'notContains',
  'beginsWith',
  'notBeginsWith',
  'endsWith',
  'notEndsWith',
  // numbers and absolute dates
  'lt',
  'le',
  'gt',
  'ge',
  'between', // values: [low, high], both inclusive
  // relative dates (amount + unit, counted in the segment's time zone)
  'inTheLast',
  'inTheNext',
  'ago', // "N units ago": the calendar day/month/year exactly N units before today
  // multichoice
  'containsAllOf',
  'containsAnyOf',
  'containsNoneOf',
  // any type
  'containsData',
  'notContainsData',
  // anniversaries of a date, ignoring the year (birthdays), counted in the segment's time zone
  'anniversaryInTheNext', // amount days: the next anniversary falls today … today + N days
  'anniversaryInMonth', // amount months: the anniversary's month is N months after the current one (0 = this month)
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export const DATE_UNITS = ['days', 'months', 'years'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

/** Clock units of relative rules on date-and-time fields (DATEADD/DATEDIFF HOUR … MILLISECOND): elapsed time. */
export const CLOCK_UNITS = ['hours', 'minutes', 'seconds', 'milliseconds'] as const;
export type ClockUnit = (typeof CLOCK_UNITS)[number];

/** Every unit a relative date rule may count in: calendar units (any date field) and clock units (datetime only). */
export const RELATIVE_UNITS = [...DATE_UNITS, ...CLOCK_UNITS] as const;
export type RelativeUnit = (typeof RELATIVE_UNITS)[number];

/** Arithmetic inside a condition on numbers. Division by zero gives NULL (unknown). */
export const ARITHMETIC_OPERATORS = ['+', '-', '*', '/'] as const;
export type ArithmeticOperator = (typeof ARITHMETIC_OPERATORS)[number];

/**
 * An operand of an expression rule: a field of the same record, a number, or arithmetic on numbers.
 * NULL propagates (any empty field makes the whole expression NULL, hence the rule UNKNOWN).
 */
export type ValueExpr =
  | { kind: 'field'; field: string }
  | { kind: 'number'; value: number }
  | { kind: 'arith'; op: ArithmeticOperator; left: ValueExpr; right: ValueExpr };

/**
 * A rule value. Text/choice: string. Numbers: number. Boolean: boolean. Date: 'YYYY-MM-DD'.
 * Datetime: ISO 8601 string (no zone = UTC). Lookup: the referenced record's key (string).
 */
export type RuleValue = string | number | boolean;

/**
 * A template parameter (F19, docs/semantics.md "Template parameters"): the row asks for its value, shown
 * with this help text. A parameter rule is unfilled while it has no value (no values; no amount for relative
 * dates); a parameterised interaction block until its time window is set. Helpers: templates.ts.
 */
export interface TemplateParameter {
  help: string;
}

/** One clause row: field, operator, values (several values are OR'ed; for negative operators: none of them). */
export interface RuleNode {
  kind: 'rule';
  id: string;
  /** Field name of the current entity (case-insensitive). */
  field: string;
  operator: RuleOperator;
  /** Absent for containsData/notContainsData and relative-date operators. */
  values?: RuleValue[];
  /** For inTheLast / inTheNext / ago (and the anniversary operators). */
  amount?: number;
  unit?: RelativeUnit;
  /**
   * Expression rules (operators eq, ne, lt, le, gt, ge only). `left`, when present, replaces the bare
   * field as the left-hand side with arithmetic over number fields (`field` then names the first field
   * it reads). `right`, when present, replaces `values`: another field of the same record
   * (`lastvisit > createdon`) or arithmetic (`a + b >= c`). Both sides must be of the same kind
   * (numbers, text, date, date-and-time, …); see docs/semantics.md "Expressions".
   */
  left?: ValueExpr;
  right?: ValueExpr;
  /** Set on a template parameter row: the value is asked for (see TemplateParameter). */
  parameter?: TemplateParameter;
}

/** AND / OR group, optionally negated (NOT keeps "unknown" excluded: see semantics). */
export interface GroupNode {
  kind: 'group';
  id: string;
  combinator: 'and' | 'or';
  not?: boolean;
  children: ConditionNode[];
}

/**
 * Related-entity group: follows `relationship` from the current entity to `entity` and keeps the
 * current records linked to at least one related record matching all children (same-record
 * semantics, an existential semi-join). An empty group means "has at least one related record".
 * `direction` says which side the current entity is on:
 *  - 'toReferenced': current entity holds the lookup (contact → account via parentcustomerid);
 *  - 'toReferencing': related entity holds the lookup (contact → opportunities pointing at it);
 *  - 'manyToMany': `relationship` names an N:N link through an intersect entity (shared/segments/manyToMany.ts);
 *    it means the two nested related groups through the intersect entity, by `expandManyToMany`.
 */
export interface RelatedGroupNode {
  kind: 'related';
  id: string;
  relationship: string;
  direction: 'toReferenced' | 'toReferencing' | 'manyToMany';
  /** The entity on the other side (derivable from relationship + direction; kept for readability). */
  entity: string;
  combinator: 'and' | 'or';
  not?: boolean;
  children: ConditionNode[];
}

export type ConditionNode = RuleNode | GroupNode | RelatedGroupNode;

/** Profile block: contacts matching `root` (an empty root matches all contacts). */
export interface ProfileBlock {
  kind: 'profile';
  id: string;
  /** How this block combines with the result so far; ignored (must be 'union') on the first block. */
  combine: SetOperator;
  /** Always 'contact' in version 1. */
  entity: 'contact';
  root: GroupNode;
}

export const COUNT_OPERATORS = ['atLeast', 'exactly', 'moreThan', 'fewerThan'] as const;
export type CountOperator = (typeof COUNT_OPERATORS)[number];

export const AGGREGATE_FUNCTIONS = ['sum', 'avg', 'min', 'max'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

export const COMPARISON_OPERATORS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** Lifetime, or the last N days/months/years counted back from the evaluation time (UTC). */
export type InteractionWindow = { kind: 'lifetime' } | { kind: 'last'; amount: number; unit: DateUnit };

/**
 * Interaction block: contacts whose interactions of `interactionType` (optionally filtered on the
 * interaction's own fields, within `window`) satisfy `count` and, if given, `aggregate`.
 */
export interface InteractionBlock {
  kind: 'interaction';
  id: string;
  combine: SetOperator;
  interactionType: string;
  /** Restrictions on the interaction's fields: rules and groups only, no relative dates or text matching. */
  filter?: GroupNode;
  count: { op: CountOperator; value: number };
  aggregate?: { fn: AggregateFunction; field: string; op: ComparisonOperator; value: number };
  window: InteractionWindow;
  /** Set when the time window is a template parameter: asked for until the window is set (TemplateParameter). */
  parameter?: TemplateParameter;
}

/** The current members of a live segment, referenced by id. */
export interface SegmentRefBlock {
  kind: 'segment';
  id: string;
  combine: SetOperator;
  segmentId: string;
  /** When set, only the members in this group of a split of that segment (splits and holdouts, split.ts). */
  split?: SplitSpec;
}

export type Block = ProfileBlock | InteractionBlock | SegmentRefBlock;

/** Dynamic segment: blocks combined strictly left to right. */
export interface DynamicDefinition {
  kind: 'dynamic';
  version: typeof DEFINITION_VERSION;
  blocks: Block[];
}

/** Static segment: members are stored as data, not in the definition. */
export interface StaticDefinition {
  kind: 'static';
  version: typeof DEFINITION_VERSION;
}

/** Compound segment: live segments combined strictly left to right. */
export interface CompoundDefinition {
  kind: 'compound';
  version: typeof DEFINITION_VERSION;
  blocks: SegmentRefBlock[];
}

export type SegmentDefinition = DynamicDefinition | StaticDefinition | CompoundDefinition;

/** The definition a new segment of each type starts with. */
export function emptyDefinition(type: SegmentDefinition['kind']): SegmentDefinition {
  switch (type) {
    case 'dynamic':
      return {
        kind: 'dynamic',
        version: DEFINITION_VERSION,
        blocks: [
          {
            kind: 'profile',
            id: 'b1',
            combine: 'union',
            entity: 'contact',
            root: { kind: 'group', id: 'g1', combinator: 'and', children: [] },
          },
        ],
      };
    case 'static':
      return { kind: 'static', version: DEFINITION_VERSION };
    case 'compound':
      return { kind: 'compound', version: DEFINITION_VERSION, blocks: [] };
  }
}
