// @vitest-environment jsdom
import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EstimateBar } from '../features/builder/EstimateBar';
import { renderWithProviders } from '../test/renderWithProviders';
import { AnnouncementPacer, LiveRegion, usePacedAnnouncement } from './Announcer';

afterEach(() => {
  vi.useRealTimers();
});

describe('AnnouncementPacer', () => {
  it('says the first message at once, then at most once per interval, the newest waiting one at the end of it', () => {
    const p = new AnnouncementPacer(5000);
    expect(p.offer('Importing… 0 rows read.', 1000)).toEqual({ say: 'Importing… 0 rows read.' });
    expect(p.offer('Importing… 10,000 rows read.', 2000)).toEqual({ waitMs: 4000 });
    expect(p.offer('Importing… 20,000 rows read.', 3000)).toEqual({ waitMs: 3000 });
    expect(p.due(6000)).toBe('Importing… 20,000 rows read.');
    expect(p.due(6500)).toBeNull();
    expect(p.offer('Importing… 30,000 rows read.', 11_000)).toEqual({ say: 'Importing… 30,000 rows read.' });
  });

  it('does not repeat what it said last, even when a value comes back to it', () => {
    const p = new AnnouncementPacer(0);
    expect(p.offer('1,200 contacts', 0)).toEqual({ say: '1,200 contacts' });
    expect(p.offer('1,200 contacts', 10)).toBeNull();
    expect(p.offer('1,150 contacts', 20)).toEqual({ say: '1,150 contacts' });
    const q = new AnnouncementPacer(5000);
    q.offer('a', 0);
    q.offer('b', 1);
    // Back to what was said before the wait ended: nothing new to say.
    expect(q.offer('a', 2)).toBeNull();
    expect(q.due(5000)).toBeNull();
  });
});

function Progress({ rows }: { rows: number }) {
  usePacedAnnouncement(`Importing… ${rows} rows read.`, 5000);
  return null;
}

const region = () => screen.getByTestId('live-region');

describe('the live region', () => {
  it('reads progress at the start and then every five seconds, not at every event', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const view = renderWithProviders(
      <>
        <Progress rows={0} />
        <LiveRegion />
      </>,
    );
    expect(region()).toHaveTextContent('Importing… 0 rows read.');
    expect(region()).toHaveAttribute('aria-live', 'polite');
    for (const rows of [100, 200, 300]) {
      view.rerender(
        <>
          <Progress rows={rows} />
          <LiveRegion />
        </>,
      );
      act(() => void vi.advanceTimersByTime(1000));
    }
    expect(region()).toHaveTextContent('Importing… 0 rows read.');
    act(() => void vi.advanceTimersByTime(2000));
    expect(region()).toHaveTextContent('Importing… 300 rows read.');
  });

  it('the estimate is said once per settled value, not while it is being recomputed', () => {
    const bar = (total: number | undefined, pending: boolean) => (
      <>
        <EstimateBar total={total} pending={pending} error={null} issueCount={0} estimated />
        <LiveRegion />
      </>
    );
    const view = renderWithProviders(bar(undefined, true));
    expect(region()).toHaveTextContent('');
    view.rerender(bar(1200, false));
    expect(region()).toHaveTextContent('1,200 contacts (estimated)');
    const said = () => view.store.getState().ui.announcement?.seq;
    const before = said();
    // Typing: recomputing, then the same count again; then a new count.
    view.rerender(bar(1200, true));
    view.rerender(bar(1200, false));
    expect(said()).toBe(before);
    view.rerender(bar(1150, true));
    expect(region()).toHaveTextContent('1,200 contacts (estimated)');
    view.rerender(bar(1150, false));
    expect(region()).toHaveTextContent('1,150 contacts (estimated)');
    expect(said()).toBe((before ?? 0) + 1);
  });
});
