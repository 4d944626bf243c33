// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GroupNode, RuleNode } from '../../../../shared/segments/ast';
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
      scope="account"
      restricted={false}
      issues={noIssues}
      onChange={(r) => {
        props.seen.push(r);
        setRoot(r);
      }}
    />
  );
}

const revenue = (operator: RuleNode['operator'], values: number[]): GroupNode => ({
  kind: 'group',
  id: 'g1',
  combinator: 'and',
  children: [{ kind: 'rule', id: 'r1', field: 'revenue', operator, values }],
});
const lastValues = (seen: GroupNode[]) => (seen.at(-1)?.children[0] as RuleNode | undefined)?.values;

/** The browser's language, as the OS sets it (jsdom says en-US). */
const inLocale = (locale: string) => vi.spyOn(navigator, 'language', 'get').mockReturnValue(locale);

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('number rule values in the user locale', () => {
  it('en-US: "1,000" is a thousand and "1,000.5" a thousand and a half; "1,00" is refused in words, never cut to 1', async () => {
    inLocale('en-US');
    const seen: GroupNode[] = [];
    render(<Harness initial={revenue('gt', [])} seen={seen} />);
    const input = screen.getByRole('textbox', { name: 'Value' });
    await userEvent.type(input, '1,000');
    expect(lastValues(seen)).toEqual([1000]);
    await userEvent.type(input, '.5');
    expect(lastValues(seen)).toEqual([1000.5]);
    await userEvent.clear(input);
    await userEvent.type(input, '1,00');
    expect(lastValues(seen)).toEqual([]);
    expect(screen.getByText('“1,00” is not a number. Write it like 1,234.5.')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('de-DE: "1.000,5" is a thousand and a half, a stored number shows with a decimal comma, and "1,000.5" is refused', async () => {
    inLocale('de-DE');
    const seen: GroupNode[] = [];
    render(<Harness initial={revenue('gt', [250.75])} seen={seen} />);
    const input = screen.getByRole('textbox', { name: 'Value' });
    expect(input).toHaveValue('250,75');
    await userEvent.clear(input);
    await userEvent.type(input, '1.000,5');
    expect(lastValues(seen)).toEqual([1000.5]);
    await userEvent.clear(input);
    await userEvent.type(input, '1,000.5');
    expect(lastValues(seen)).toEqual([]);
    expect(screen.getByText('“1,000.5” is not a number. Write it like 1.234,5.')).toBeInTheDocument();
  });

  it('several values (equals any of) are read the same way and shown in the locale on their chips', async () => {
    inLocale('de-DE');
    const seen: GroupNode[] = [];
    render(<Harness initial={revenue('eq', [])} seen={seen} />);
    const input = screen.getByRole('textbox', { name: 'Values' });
    await userEvent.type(input, '1.000,5{Enter}');
    expect(lastValues(seen)).toEqual([1000.5]);
    expect(screen.getByText('1000,5')).toBeInTheDocument();
    await userEvent.type(input, '1.5{Enter}');
    expect(lastValues(seen)).toEqual([1000.5]);
    expect(screen.getByRole('alert')).toHaveTextContent('“1.5” is not a number. Write it like 1.234,5.');
  });
});
