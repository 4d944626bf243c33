// @vitest-environment jsdom
/**
 * The group tools inside the real builder (react-querybuilder, MUI): check boxes named after their row,
 * Group selected / Undo / Delete selected reporting the new tree, collapse, and tools that do not apply.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConditionNode, GroupNode } from '../../../../shared/segments/ast';
import { CatalogIndex } from './catalogIndex';
import { ConditionBuilder } from './ConditionBuilder';
import { testCatalog } from './testCatalog';

const index = new CatalogIndex(testCatalog);
const noIssues = new Map<string, string[]>();

function Harness(props: { initial: GroupNode; seen: GroupNode[]; readOnly?: boolean }) {
  const [root, setRoot] = useState(props.initial);
  return (
    <ConditionBuilder
      root={root}
      index={index}
      scope="contact"
      issues={noIssues}
      readOnly={props.readOnly ?? false}
      onChange={(r) => {
        props.seen.push(r);
        setRoot(r);
      }}
    />
  );
}

const city = (id: string, value: string): ConditionNode => ({ kind: 'rule', id, field: 'address1_city', operator: 'eq', values: [value] });
const three: GroupNode = { kind: 'group', id: 'root', combinator: 'and', children: [city('a', 'A'), city('b', 'B'), city('c', 'C')] };
const shape = (n: ConditionNode): unknown => (n.kind === 'rule' ? n.id : n.children.map(shape));

afterEach(cleanup);

describe('group tools in the builder', () => {
  it('groups the checked rows, says so, and Undo gives the tree back', () => {
    const seen: GroupNode[] = [];
    render(<Harness initial={three} seen={seen} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select rule Address 1: City equals B' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select rule Address 1: City equals C' }));
    const tools = screen.getByRole('toolbar', { name: 'Group tools' });
    expect(within(tools).getByText('2 selected')).toBeInTheDocument();
    fireEvent.click(within(tools).getByRole('button', { name: 'Group selected' }));
    expect(shape(seen.at(-1) ?? three)).toEqual(['a', ['b', 'c']]);
    expect(within(tools).getByText('Grouped 2 rows.')).toBeInTheDocument();
    expect(screen.getByTestId('builder-announcer')).toHaveTextContent('Grouped 2 rows.');
    // The builder shows the new group, its rows unchecked, with its own check box and chevron.
    expect(screen.getByRole('checkbox', { name: 'Select group of 2 rows' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Select rule Address 1: City equals B' })).not.toBeChecked();
    fireEvent.click(within(tools).getByRole('button', { name: 'Undo' }));
    expect(seen.at(-1)).toBe(three);
    expect(within(tools).getByRole('button', { name: 'Group selected' })).toHaveFocus();
  });

  it('deletes a checked group with its rows; a tool that does not apply changes nothing and says why', () => {
    const nested: GroupNode = {
      ...three,
      children: [city('a', 'A'), { kind: 'group', id: 'g', combinator: 'or', children: [city('b', 'B')] }],
    };
    const seen: GroupNode[] = [];
    render(<Harness initial={nested} seen={seen} />);
    const tools = screen.getByRole('toolbar', { name: 'Group tools' });
    fireEvent.click(within(tools).getByRole('button', { name: 'Ungroup selected' }));
    expect(seen).toHaveLength(0);
    expect(within(tools).getByText(/Select a group to ungroup/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select group of 1 row' }));
    fireEvent.click(within(tools).getByRole('button', { name: 'Delete selected' }));
    expect(shape(seen.at(-1) ?? nested)).toEqual(['a']);
  });

  it('collapses a group: its chevron says so and its rows are hidden by class', () => {
    const nested: GroupNode = { ...three, children: [{ kind: 'group', id: 'g', combinator: 'and', children: [city('b', 'B')] }] };
    const { container } = render(<Harness initial={nested} seen={[]} />);
    const chevron = screen.getByRole('button', { name: 'Collapse group of 1 row' });
    expect(chevron).toHaveAttribute('aria-expanded', 'true');
    fireEvent.click(chevron);
    expect(screen.getByRole('button', { name: 'Expand group of 1 row' })).toHaveAttribute('aria-expanded', 'false');
    expect(container.querySelectorAll('.ruleGroup.collapsed')).toHaveLength(1);
    expect(screen.getByText('1 row hidden')).toBeInTheDocument();
  });

  it('shows no check boxes and no toolbar when read-only', () => {
    render(<Harness initial={three} seen={[]} readOnly />);
    expect(screen.queryByRole('toolbar', { name: 'Group tools' })).toBeNull();
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
  });
});
