// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SegmentSummary } from '../../../../shared/models/segment';
import { fakeSegment } from '../../test/fakeTransport';
import '../../test/renderWithProviders';
import { ROW_CHUNK, SegmentsTable } from './SegmentsTable';

const many = (n: number): SegmentSummary[] => Array.from({ length: n }, (_, i) => fakeSegment(`Segment ${String(i + 1).padStart(4, '0')}`, i % 2 ? 'static' : 'dynamic'));
// Counted on the DOM: role queries over hundreds of rows are slow in jsdom.
const bodyRows = () => document.querySelectorAll('table[aria-label="Segments"] tbody tr').length;

// jsdom is slow, so a few chunks' worth stands in for the thousand of the e2e measurement.
const N = ROW_CHUNK * 2 + 50;

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

  it('shows a member count only once counted', () => {
    render(<SegmentsTable segments={[{ ...fakeSegment('Live one'), status: 'live', memberCount: 1234 }, fakeSegment('Draft one')]} />);
    expect(screen.getByText('1,234')).toBeInTheDocument();
    expect(screen.getByLabelText('Not counted yet')).toHaveAttribute('title', 'Counted once the segment goes live');
  });
});
