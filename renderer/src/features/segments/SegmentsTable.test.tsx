// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentSummary } from '../../../../shared/models/segment';
import '../../test/renderWithProviders';
import { startTestBackend, type TestBackend } from '../../test/testBackend';
import { ROW_CHUNK, SegmentsTable } from './SegmentsTable';

// Counted on the DOM: role queries over hundreds of rows are slow in jsdom.
const bodyRows = () => document.querySelectorAll('table[aria-label="Segments"] tbody tr').length;

// jsdom is slow, so a few chunks' worth stands in for the thousand of the e2e measurement.
const N = ROW_CHUNK * 2 + 50;

// The rows are what the real backend lists: N segments created through the API, once for the file.
let backend: TestBackend;
let all: SegmentSummary[];
const many = (n: number): SegmentSummary[] => all.slice(0, n);
beforeAll(async () => {
  backend = await startTestBackend();
  for (let i = 0; i < N; i++)
    await backend.call('segments.create', { name: `Segment ${String(i + 1).padStart(4, '0')}`, type: i % 2 ? 'static' : 'dynamic' });
  await backend.call('segments.create', { name: 'Draft one', type: 'dynamic' });
  all = (await backend.call('segments.list', { search: 'Segment ' })).sort((a, b) => a.name.localeCompare(b.name));
});
afterAll(() => backend.close());

describe('segments table with many segments', () => {
  it('paints the first rows at once and appends the rest in chunks, in order', async () => {
    const segments = many(N);
    render(<SegmentsTable segments={segments} />);
    expect(bodyRows()).toBe(ROW_CHUNK);
    await waitFor(() => expect(bodyRows()).toBe(N), { timeout: 30_000 });
    const names = Array.from(document.querySelectorAll('tbody th')).map((c) => c.textContent);
    expect(names).toEqual(segments.map((s) => s.name));
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', String(N + 1));
  });

  it('keeps the rows on screen when the list grows and opens the row clicked with the latest handler', async () => {
    const segments = many(N);
    const opened: string[] = [];
    const { rerender } = render(<SegmentsTable segments={segments.slice(0, 40)} onOpen={(s) => opened.push(`first:${s.name}`)} />);
    expect(bodyRows()).toBe(40);
    rerender(<SegmentsTable segments={segments} onOpen={(s) => opened.push(`latest:${s.name}`)} />);
    await waitFor(() => expect(bodyRows()).toBeGreaterThanOrEqual(40));
    await waitFor(() => expect(bodyRows()).toBe(N), { timeout: 30_000 });
    const last = segments[N - 1]!.name;
    await userEvent.click(Array.from(document.querySelectorAll('tbody th')).find((c) => c.textContent === last) as HTMLElement);
    expect(opened).toEqual([`latest:${last}`]);
  });

  it('shows a member count only once counted', async () => {
    // A static segment goes live with the members it was given; the dynamic draft has no count yet.
    const contacts = Array.from({ length: 1234 }, (_, i) => `c${i + 1},Contact ${i + 1}`).join('\n');
    await backend.importCsv(`contactid,fullname\n${contacts}\n`, { kind: 'entity', entity: 'contact', key: 'contactid' });
    const liveOne = await backend.call('segments.create', { name: 'Live one', type: 'static' });
    await backend.call('staticMembers.add', { segmentId: liveOne.id, contactKeys: Array.from({ length: 1234 }, (_, i) => `c${i + 1}`) });
    await backend.call('segments.goLive', { id: liveOne.id });
    const listed = await backend.call('segments.list', { search: ' one' });
    render(<SegmentsTable segments={listed} />);
    expect(screen.getByText('1,234')).toBeInTheDocument();
    expect(screen.getByLabelText('Not counted yet')).toHaveAttribute('title', 'Counted once the segment goes live');
  });
});

describe('row menu', () => {
  it('opened with Enter, a second Enter runs nothing; an item runs only once chosen with the arrow keys (issue 21, item 9)', async () => {
    const user = userEvent.setup();
    const actions: string[] = [];
    render(
      <SegmentsTable
        segments={many(3)}
        onOpen={(s) => actions.push(`open:${s.name}`)}
        onAction={(a, s) => actions.push(`${a}:${s.name}`)}
      />,
    );
    const first = many(1)[0]!.name;
    screen.getByRole('button', { name: `Actions for ${first}` }).focus();
    await user.keyboard('{Enter}');
    const menu = await screen.findByRole('menu', { name: `Actions for ${first}` });
    expect(menu).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(actions).toEqual([]);
    expect(screen.getByRole('menu', { name: `Actions for ${first}` })).toBeInTheDocument();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(actions).toEqual([`duplicate:${first}`]);
  });
});
