// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { PlatformProvider } from '../../platform/PlatformContext';
import type { PlatformDialogs } from '../../platform/dialogs';
import { createChannelTransport } from '../../test/channelTransport';
import { fakeSegment } from '../../test/fakeTransport';
import { renderWithProviders } from '../../test/renderWithProviders';
import { ExportDialog } from './LifecycleDialogs';

const live = { ...fakeSegment('Seattle VIPs'), status: 'live' as const, memberCount: 2, hasBeenLive: true };

function setup(answers: (string | null)[]) {
  const save = vi.fn<PlatformDialogs['save']>();
  for (const a of answers) save.mockResolvedValueOnce(a);
  const dialogs: PlatformDialogs = { save, open: vi.fn() };
  const transport = createChannelTransport({
    'segments.exportMembers': (input: { path: string }) => ({ path: input.path, rows: 2 }),
    'segmentFiles.export': (input: { path: string }) => ({ fileName: 'seattle-vips.segment.json', segmentCount: 1, bytes: 10, segments: [], path: input.path }),
  });
  let closed = 0;
  const utils = renderWithProviders(
    <PlatformProvider platform={{ dialogs }}>
      <ExportDialog segment={live} onClose={() => (closed += 1)} />
    </PlatformProvider>,
    { transport },
  );
  return { ...utils, save, transport, closed: () => closed };
}

describe('Export dialog in the desktop app', () => {
  it('asks where to save the segment file with the native dialog and writes it there; a cancel changes nothing', async () => {
    const user = userEvent.setup();
    const s = setup([null, '/home/ann/plans/vips.segment.json']);
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText('You choose where to save seattle-vips.segment.json next.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    await waitFor(() => expect(s.save).toHaveBeenCalledTimes(1));
    expect(s.save).toHaveBeenCalledWith({ title: 'Export as a segment file', defaultPath: 'seattle-vips.segment.json', filters: [{ name: 'Segment files', extensions: ['json'] }] });
    expect(s.transport.calls).toEqual([]);
    expect(s.closed()).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    await waitFor(() => expect(s.closed()).toBe(1));
    expect(s.transport.calls).toEqual([{ channel: 'segmentFiles.export', input: { segmentIds: [live.id], path: '/home/ann/plans/vips.segment.json' } }]);
    expect(s.store.getState().ui.notices.at(-1)?.message).toBe('1 segment exported to /home/ann/plans/vips.segment.json.');
  });

  it('exports the members as CSV to the path the save dialog answered', async () => {
    const user = userEvent.setup();
    const s = setup(['/home/ann/vips.csv']);
    await user.click(screen.getByRole('radio', { name: /Members \(CSV\)/ }));
    expect(screen.getByText('You choose where to save Seattle-VIPs.csv next.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    await waitFor(() => expect(s.closed()).toBe(1));
    expect(s.save).toHaveBeenCalledWith({ title: 'Export the members of “Seattle VIPs”', defaultPath: 'Seattle-VIPs.csv', filters: [{ name: 'CSV files', extensions: ['csv'] }] });
    expect(s.transport.calls).toEqual([{ channel: 'segments.exportMembers', input: { id: live.id, path: '/home/ann/vips.csv' } }]);
    expect(s.store.getState().ui.notices.at(-1)?.message).toBe('2 members exported to /home/ann/vips.csv.');
  });

  it('shows a refused dialog in place and stays open', async () => {
    const user = userEvent.setup();
    const s = setup([]);
    s.save.mockRejectedValueOnce(new Error('The dialog request is not valid.'));
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    expect(await screen.findByText('The dialog request is not valid.')).toBeInTheDocument();
    expect(s.transport.calls).toEqual([]);
    expect(s.closed()).toBe(0);
  });
});

describe('Export dialog in the browser preview', () => {
  it('offers a download, without a path field', () => {
    renderWithProviders(<ExportDialog segment={live} onClose={() => undefined} />, { transport: createChannelTransport({}) });
    expect(screen.getByText('Your browser downloads seattle-vips.segment.json.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export' })).toBeEnabled();
    expect(screen.queryByRole('textbox')).toBeNull();
  });
});
