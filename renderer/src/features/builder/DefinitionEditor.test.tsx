// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DynamicDefinition, SegmentDefinition } from '../../../../shared/segments/ast';
import { renderWithProviders } from '../../test/renderWithProviders';
import { importContacts } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { CatalogIndex } from './catalogIndex';
import { DefinitionEditor } from './DefinitionEditor';
import { offsetOf, shownExcerpt } from './QueryTextEditor';
import { testCatalog } from './testCatalog';
import type { LiveEstimate } from './useLiveEstimate';

const index = new CatalogIndex(testCatalog);
const start: DynamicDefinition = {
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g1',
        combinator: 'and',
        children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle'] }],
      },
    },
  ],
};
const backend = backendPerTest();
afterEach(() => vi.useRealTimers());

/** Contacts with a city, so the engine's parser and printer know contact.address1_city. */
const seedCatalog = () => importContacts(backend, [['c1', 'Ann Lee', 'Seattle']]);
const PRINTED = "PROFILE(contact, contact_1).FILTER(contact_1.address1_city == 'Seattle')";

const estimate = (over: Partial<LiveEstimate> = {}): LiveEstimate => ({
  total: 10,
  counts: {},
  pending: false,
  error: null,
  issues: new Map(),
  ...over,
});

function Harness({
  seen,
  initial = start,
  live = estimate(),
}: {
  seen: SegmentDefinition[];
  initial?: DynamicDefinition;
  live?: LiveEstimate;
}) {
  const [def, setDef] = useState<SegmentDefinition>(initial);
  if (def.kind === 'static') return null;
  return (
    <DefinitionEditor
      definition={def}
      onChange={(d) => {
        seen.push(d);
        setDef(d);
      }}
      index={index}
      readOnly={false}
      referenceable={[]}
      segmentName={(id) => id}
      estimate={live}
      estimated
    />
  );
}

describe('definition editor', () => {
  it('adds an interaction block that intersects by default, and reorders and re-combines blocks', async () => {
    const seen: SegmentDefinition[] = [];
    renderWithProviders(<Harness seen={seen} />, { transport: backend.transport });
    await userEvent.click(screen.getByRole('button', { name: 'Interaction block' }));
    let def = seen.at(-1) as DynamicDefinition;
    expect(def.blocks[1]).toMatchObject({
      kind: 'interaction',
      combine: 'intersect',
      interactionType: 'EmailClicked',
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'lifetime' },
    });
    await userEvent.click(within(screen.getByRole('region', { name: 'Block 2' })).getByRole('button', { name: 'Move block 2 up' }));
    def = seen.at(-1) as DynamicDefinition;
    expect(def.blocks.map((b) => b.kind)).toEqual(['interaction', 'profile']);
    // The first block always reads 'union' (the engine ignores it); the moved profile block keeps its own.
    expect(def.blocks.map((b) => b.combine)).toEqual(['union', 'union']);
    await userEvent.click(screen.getByRole('combobox', { name: 'Combine with the result so far' }));
    await userEvent.click(screen.getByRole('option', { name: /^Except/ }));
    expect((seen.at(-1) as DynamicDefinition).blocks[1]?.combine).toBe('except');
  });

  it('shows the flow view with the count after each step', () => {
    const two: DynamicDefinition = {
      ...start,
      blocks: [
        ...start.blocks,
        {
          kind: 'interaction',
          id: 'b2',
          combine: 'except',
          interactionType: 'EmailClicked',
          count: { op: 'atLeast', value: 1 },
          window: { kind: 'last', amount: 45, unit: 'days' },
        },
      ],
    };
    renderWithProviders(
      <Harness seen={[]} initial={two} live={estimate({ counts: { b1: { resultSize: 120 }, b2: { resultSize: 95 } } })} />,
      { transport: backend.transport },
    );
    const flow = screen.getByRole('figure', { name: 'Flow view' });
    expect(
      within(flow)
        .getAllByTestId('flow-result')
        .map((e) => e.textContent),
    ).toEqual(['120 estimated', '= 95 estimated']);
    expect(within(flow).getByText('Except')).toBeInTheDocument();
    expect(within(flow).getByText(/at least 1 × Email clicked, last 45 days/)).toBeInTheDocument();
  });

  it('edits an interaction block: count, window and a restricted filter', async () => {
    const seen: SegmentDefinition[] = [];
    const one: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'interaction',
          id: 'b1',
          combine: 'union',
          interactionType: 'EmailClicked',
          count: { op: 'atLeast', value: 1 },
          window: { kind: 'lifetime' },
        },
      ],
    };
    renderWithProviders(<Harness seen={seen} initial={one} />, { transport: backend.transport });
    await userEvent.click(screen.getByRole('combobox', { name: 'Window' }));
    await userEvent.click(screen.getByRole('option', { name: 'in the last' }));
    expect((seen.at(-1) as DynamicDefinition).blocks[0]).toMatchObject({ window: { kind: 'last', amount: 30, unit: 'days' } });
    await userEvent.click(screen.getByRole('button', { name: /Add row/ }));
    const block = (seen.at(-1) as DynamicDefinition).blocks[0];
    expect(block?.kind === 'interaction' && block.filter?.children[0]).toMatchObject({ kind: 'rule', field: 'messageId', operator: 'eq' });
    expect(screen.queryByRole('button', { name: 'Add related entity' })).not.toBeInTheDocument();
  });

  it('query text: shows the printed text, marks a parse error at its line and column, and the designer follows a valid edit', async () => {
    await seedCatalog();
    const atlantis = "PROFILE(contact).FILTER(address1_city == 'Atlantis')";
    const parsed = await backend.call('segments.parseText', { text: atlantis });
    if (!parsed.ok) throw new Error('The engine does not parse the Atlantis text.');
    expect(parsed.definition).toMatchObject({
      blocks: [
        { kind: 'profile', entity: 'contact', root: { children: [{ field: 'address1_city', operator: 'eq', values: ['Atlantis'] }] } },
      ],
    });
    const seen: SegmentDefinition[] = [];
    renderWithProviders(<Harness seen={seen} />, { transport: backend.transport });
    await userEvent.click(screen.getByRole('button', { name: 'Query text' }));
    const box = await screen.findByRole('textbox', { name: 'Query text' });
    expect(box).toHaveValue(PRINTED);
    await userEvent.clear(box);
    await userEvent.type(box, 'PROFILE(x)');
    // (While typing, the parse of an earlier settled text may show first.)
    await waitFor(() => expect(screen.getByTestId('parse-error')).toHaveTextContent("Line 1, column 9: Unknown entity 'x'"), {
      timeout: 3000,
    });
    const error = screen.getByTestId('parse-error');
    expect(error.querySelector('pre')?.textContent).toBe('PROFILE(x)\n        ^');
    expect(screen.getByRole('button', { name: 'Designer' })).toBeDisabled();
    // The estimate is of the last valid text: not shown as current while the text has an error (issue 21, item 8).
    expect(screen.getByTestId('estimate-total')).toHaveTextContent('—');
    expect(screen.getByTestId('estimate-stale')).toHaveTextContent('No estimate until the query text is fixed (last valid query: 10)');
    await userEvent.clear(box);
    await userEvent.click(box);
    await userEvent.paste(atlantis);
    await waitFor(() => expect(seen.at(-1)).toEqual(parsed.definition), { timeout: 3000 });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Designer' })).toBeEnabled());
    expect(screen.getByTestId('estimate-total')).toHaveTextContent('10');
    expect(screen.queryByTestId('estimate-stale')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Designer' }));
    expect(await screen.findByText('Atlantis')).toBeInTheDocument();
  });

  it('opening the query text view neither reports an error nor changes the definition (regression)', async () => {
    // It used to parse the stale debounced '' (an error under correct text) and then re-parse the
    // printed text, marking an unchanged (even live, read-only) segment as having unsaved changes.
    await seedCatalog();
    // Fake timers (advancing with real time too, so awaited backend calls still settle) let the test
    // jump past the 400 ms debounce instead of sleeping through it.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const seen: SegmentDefinition[] = [];
    renderWithProviders(<Harness seen={seen} />, { transport: backend.transport });
    await user.click(screen.getByRole('button', { name: 'Query text' }));
    expect(await screen.findByRole('textbox', { name: 'Query text' })).toHaveValue(PRINTED);
    await act(() => vi.advanceTimersByTimeAsync(1000)); // well past the 400 ms debounce
    expect(screen.queryByTestId('parse-error')).toBeNull();
    expect(backend.transport.calls.filter((c) => c.channel === 'segments.parseText')).toEqual([]);
    expect(seen).toEqual([]);
    expect(screen.getByRole('button', { name: 'Designer' })).toBeEnabled();
  });

  it('puts the caret under the column named even after tabs (a tab is one column to the parser)', () => {
    expect(shownExcerpt('\t\tPROFILE(x)', 11)).toEqual({ text: '  PROFILE(x)', caret: 10 });
  });

  it('finds the text offset of a line and column', () => {
    expect(offsetOf('ab\ncdef\ng', 2, 3)).toBe(5);
    expect(offsetOf('ab', 9, 9)).toBe(2);
  });
});
