import { expect, it } from 'vitest';
import type { DynamicDefinition, RuleNode } from '../../../../shared/segments/ast';
import { refusedIssues } from './refusedIssues';

const withRows = (...rows: RuleNode[]): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: { kind: 'group', id: 'g1', combinator: 'and', children: rows },
    },
  ],
});
const empty = (id: string, field: string): RuleNode => ({ kind: 'rule', id, field, operator: 'eq', values: [] });

it('drops a row’s go-live message once its field changed, keeps it on rows that did not change', () => {
  const refused = withRows(empty('r1', 'contactid'), empty('r2', 'fullname'));
  const issues = [
    { path: '', nodeId: 'r1', message: "'Contact ID': enter at least one value" },
    { path: '', nodeId: 'r2', message: "'Full Name': enter at least one value" },
  ];
  const now = withRows(empty('r1', 'address1_city'), empty('r2', 'fullname'));
  expect([...refusedIssues(refused, issues, now)]).toEqual([['r2', ["'Full Name': enter at least one value"]]]);
  expect([...refusedIssues(refused, issues, refused)].map(([id]) => id)).toEqual(['r1', 'r2']);
});

it('keeps a message about the whole definition only while nothing changed', () => {
  const refused = withRows(empty('r1', 'fullname'));
  const issues = [{ path: 'definition', message: 'The definition is too large.' }];
  expect(refusedIssues(refused, issues, refused).get('')).toEqual(['The definition is too large.']);
  expect(refusedIssues(refused, issues, withRows(empty('r1', 'lastname'))).size).toBe(0);
});
