// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupNode, RuleNode } from '../../../../shared/segments/ast';
import { validateDefinition } from '../../../../shared/segments/validate';
import { CatalogIndex } from './catalogIndex';
import { ConditionBuilder } from './ConditionBuilder';
import { testCatalog } from './testCatalog';

const index = new CatalogIndex(testCatalog);
const noIssues = new Map<string, string[]>();

function Harness(props: { initial: GroupNode; seen: GroupNode[] }) {
  const [root, setRoot] = useState(props.initial);
  return (
    <ConditionBuilder
      root={root}
      index={index}
      scope="contact"
      restricted={false}
      issues={noIssues}
      onChange={(r) => {
        props.seen.push(r);
        setRoot(r);
      }}
    />
  );
}

const one = (rule: Omit<RuleNode, 'kind' | 'id'>): GroupNode => ({
  kind: 'group',
  id: 'g1',
  combinator: 'and',
  children: [{ kind: 'rule', id: 'r1', ...rule }],
});
const last = (seen: GroupNode[]) => seen.at(-1)?.children[0] as RuleNode | undefined;
const valid = (root: GroupNode | undefined) =>
  validateDefinition(
    {
      kind: 'dynamic',
      version: 1,
      blocks: [{ kind: 'profile', id: 'b1', combine: 'union', entity: 'contact', root: root ?? one({ field: 'x', operator: 'eq' }) }],
    },
    testCatalog,
  );

afterEach(cleanup);

async function pick(label: string, option: string): Promise<void> {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(within(screen.getByRole('listbox')).getByRole('option', { name: option }));
}

describe('compare with another field or a formula', () => {
  it('a comparison row can compare with another field of the same record', async () => {
    const seen: GroupNode[] = [];
    render(<Harness initial={one({ field: 'numberofchildren', operator: 'gt', values: [] })} seen={seen} />);
    await pick('Compare with', 'another field');
    await pick('Other field', 'No. of Children');
    expect(last(seen)).toMatchObject({ field: 'numberofchildren', operator: 'gt', right: { kind: 'field', field: 'numberofchildren' } });
    expect(last(seen)?.values).toBeUndefined();
    expect(valid(seen.at(-1))).toEqual([]);
    // The row's controls are named with both fields' labels.
    expect(screen.getAllByRole('button', { name: /rule No\. of Children greater than No\. of Children$/ }).length).toBeGreaterThan(0);
  });
  it('number rows take a formula on each side, refused in words while it does not parse', async () => {
    const seen: GroupNode[] = [];
    render(<Harness initial={one({ field: 'numberofchildren', operator: 'ge', values: [] })} seen={seen} />);
    await pick('Compare with', 'a formula');
    const left = screen.getByRole('textbox', { name: 'Field formula' });
    await userEvent.clear(left);
    await userEvent.type(left, 'numberofchildren / ');
    expect(screen.getByText(/Expected a field or a value/)).toBeInTheDocument();
    await userEvent.type(left, '2');
    const right = screen.getByRole('textbox', { name: 'Compared formula' });
    await userEvent.clear(right);
    await userEvent.type(right, '3');
    expect(last(seen)).toMatchObject({
      field: 'numberofchildren',
      left: { kind: 'arith', op: '/', left: { kind: 'field', field: 'numberofchildren' }, right: { kind: 'number', value: 2 } },
      values: [3],
    });
    expect(valid(seen.at(-1))).toEqual([]);
    expect(screen.getAllByRole('button', { name: /rule No\. of Children \/ 2 greater than or equal to 3$/ }).length).toBeGreaterThan(0);
  });
  it('date-and-time rows offer hours … milliseconds for relative dates', async () => {
    const seen: GroupNode[] = [];
    render(<Harness initial={one({ field: 'createdon', operator: 'inTheLast', amount: 3, unit: 'days' })} seen={seen} />);
    await pick('Unit', 'hours');
    expect(last(seen)).toMatchObject({ operator: 'inTheLast', amount: 3, unit: 'hours' });
    expect(valid(seen.at(-1))).toEqual([]);
  });
});
