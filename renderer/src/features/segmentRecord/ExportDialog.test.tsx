// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { describe, expect, it, vi } from 'vitest';
import { PlatformProvider } from '../../platform/PlatformContext';
import type { PlatformDialogs } from '../../platform/dialogs';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, importContacts, liveSegment } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { ExportDialog } from './LifecycleDialogs';

const backend = backendPerTest();

/** "Seattle VIPs", live with its two members (of three contacts). */
async function seattleVips(): Promise<SegmentRecord> {
  await importContacts(backend, [
    ['c1', 'Ann Lee', 'Seattle'],
    ['c2', 'Bo Berg', 'Oslo'],
    ['c3', 'Cy Dahl', 'Seattle'],
  ]);
  return liveSegment(backend, 'Seattle VIPs', cityIs('Seattle'));
}

async function setup(answers: (string | null)[]) {
  const live = await seattleVips();
  const save = vi.fn<PlatformDialogs['save']>();
  for (const a of answers) save.mockResolvedValueOnce(a);
  const dialogs: PlatformDialogs = { save, open: vi.fn() };
  const transport = backend.transport;
  let closed = 0;
  const utils = renderWithProviders(
    <PlatformProvider platform={{ dialogs }}>
      <ExportDialog segment={live} onClose={() => (closed += 1)} />
    </PlatformProvider>,
    { transport },
  );
  return { ...utils, live, save, transport, closed: () => closed };
}

describe('Export dialog in the desktop app', () => {
  it('asks where to save the segment file with the native dialog and writes it there; a cancel changes nothing', async () => {
    const user = userEvent.setup();
    const target = backend.tempPath('vips.segment.json');
    const s = await setup([null, target]);
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText('You choose where to save seattle-vips.segment.json next.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    await waitFor(() => expect(s.save).toHaveBeenCalledTimes(1));
    expect(s.save).toHaveBeenCalledWith({
      title: 'Export as a segment file',
      defaultPath: 'seattle-vips.segment.json',
      filters: [{ name: 'Segment files', extensions: ['json'] }],
    });
    expect(s.transport.calls).toEqual([]);
    expect(s.closed()).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    await waitFor(() => expect(s.closed()).toBe(1));
    expect(s.transport.calls).toEqual([{ channel: 'segmentFiles.export', input: { segmentIds: [s.live.id], path: target } }]);
    expect(s.store.getState().ui.notices.at(-1)?.message).toBe(`1 segment exported to ${target}.`);
    expect(JSON.parse(await backend.readFile(target))).toMatchObject({
      formatVersion: 2,
      segments: [{ name: 'Seattle VIPs', type: 'dynamic' }],
    });
  });

  it('exports the members as CSV to the path the save dialog answered', async () => {
    const user = userEvent.setup();
    const target = backend.tempPath('vips.csv');
    const s = await setup([target]);
    await user.click(screen.getByRole('radio', { name: /Members \(CSV\)/ }));
    expect(screen.getByText('You choose where to save Seattle-VIPs.csv next.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    await waitFor(() => expect(s.closed()).toBe(1));
    expect(s.save).toHaveBeenCalledWith({
      title: 'Export the members of “Seattle VIPs”',
      defaultPath: 'Seattle-VIPs.csv',
      filters: [{ name: 'CSV files', extensions: ['csv'] }],
    });
    expect(s.transport.calls).toEqual([{ channel: 'segments.exportMembers', input: { id: s.live.id, path: target } }]);
    expect(s.store.getState().ui.notices.at(-1)?.message).toBe(`2 members exported to ${target}.`);
    const csv = await backend.readFile(target);
    expect(csv).toContain('c1');
    expect(csv).toContain('c3');
    expect(csv).not.toContain('c2');
  });

  it('shows a refused dialog in place and stays open', async () => {
    const user = userEvent.setup();
    const s = await setup([]);
    s.save.mockRejectedValueOnce(new Error('The dialog request is not valid.'));
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    expect(await screen.findByText('The dialog request is not valid.')).toBeInTheDocument();
    expect(s.transport.calls).toEqual([]);
    expect(s.closed()).toBe(0);
  });
});

describe('Export dialog in the browser preview', () => {
  it('offers a download, without a path field', async () => {
    const live = await seattleVips();
    renderWithProviders(<ExportDialog segment={live} onClose={() => undefined} />, { transport: backend.transport });
    expect(screen.getByText('Your browser downloads seattle-vips.segment.json.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export' })).toBeEnabled();
    expect(screen.queryByRole('textbox')).toBeNull();
  });
});
