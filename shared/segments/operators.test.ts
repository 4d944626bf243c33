import { describe, expect, it } from 'vitest';
import { FIELD_TYPES } from '../models/catalog.js';
import { RULE_OPERATORS } from './ast.js';
import { foldText, normText } from './fold.js';
import {
  INTERACTION_FILTER_FORBIDDEN,
  isNegativeOperator,
  isOperatorAllowed,
  OPERATORS_BY_TYPE,
  operatorArity,
  operatorLabel,
  unitLabel,
} from './operators.js';

describe('operators per field type', () => {
  it('offers contains data / does not contain data on every type', () => {
    for (const t of FIELD_TYPES) {
      expect(isOperatorAllowed(t, 'containsData')).toBe(true);
      expect(isOperatorAllowed(t, 'notContainsData')).toBe(true);
    }
  });
  it('uses every rule operator on some type', () => {
    const used = new Set(Object.values(OPERATORS_BY_TYPE).flat());
    expect(RULE_OPERATORS.filter((op) => !used.has(op))).toEqual([]);
  });
  it('keeps text matching off numbers and multi-select membership off text', () => {
    expect(isOperatorAllowed('integer', 'contains')).toBe(false);
    expect(isOperatorAllowed('text', 'containsAllOf')).toBe(false);
    expect(isOperatorAllowed('multichoice', 'eq')).toBe(false);
    expect(isOperatorAllowed('datetime', 'inTheLast')).toBe(true);
  });
  it('knows negative operators, arity and the interaction-filter ban', () => {
    expect((['ne', 'notContains', 'containsNoneOf'] as const).every((op) => isNegativeOperator(op))).toBe(true);
    expect(isNegativeOperator('eq')).toBe(false);
    expect([
      operatorArity('eq'),
      operatorArity('lt'),
      operatorArity('between'),
      operatorArity('ago'),
      operatorArity('containsData'),
    ]).toEqual(['many', 'one', 'pair', 'relative', 'none']);
    expect(INTERACTION_FILTER_FORBIDDEN.has('beginsWith')).toBe(true);
    expect(INTERACTION_FILTER_FORBIDDEN.has('eq')).toBe(false);
  });
  it('labels operators the way the designer does', () => {
    expect(operatorLabel('le', 'date')).toBe('on or before');
    expect(operatorLabel('eq', 'choice')).toBe('is');
    expect(operatorLabel('containsNoneOf', 'multichoice')).toBe('does not contain any of');
    expect(unitLabel(1, 'days')).toBe('day');
    expect(unitLabel(3, 'months')).toBe('months');
  });
});

describe('text folding', () => {
  it('folds case and accents (fold.test.ts has the rest), and trims rule values', () => {
    expect(foldText('ÄRZTE')).toBe('arzte');
    expect(foldText('İstanbul')).toBe('istanbul');
    expect(normText('  Seattle ')).toBe('seattle');
  });
});
