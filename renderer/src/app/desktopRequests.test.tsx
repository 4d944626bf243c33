// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../../shared/api/client';
import { ok } from '../../../shared/api/result';
import { PlatformProvider } from '../platform/PlatformContext';
import { createFakeTransport, fakeSegment } from '../test/fakeTransport';
import { renderWithProviders } from '../test/renderWithProviders';
import { App } from './App';
import { makeStore } from './store';

afterEach(() => {
  window.location.hash = '';
});

/** The fake backend, answering the path-taking calls the desktop requests lead to. */
function desktopTransport() {
  const t = createFakeTransport([fakeSegment('Seattle VIPs'), fakeSegment('Churn risk', 'static')]);
  const inner = t.invoke.bind(t);
  t.invoke = async (channel, input) => {
    if (channel === 'segmentFiles.inspect') {
      t.calls.push({ channel, input });
      return ok({ importable: true, segments: [{ localId: 's1', name: 'From disk', type: 'dynamic', references: [], memberCount: null }], problems: [], catalogMismatches: [], conflicts: [], unknownMemberKeys: [] });
    }
    if (channel === 'segmentFiles.export') {
      t.calls.push({ channel, input });
      return ok({ segmentCount: 2, fileName: 'segments.segment.json', path: (input as { path: string }).path });
    }
    return inner(channel, input);
  };
  return t;
}

function renderDesktop(transport = desktopTransport()) {
  const dialogs = { open: vi.fn(() => Promise.resolve([])), save: vi.fn(() => Promise.resolve('/home/ana/segments.segment.json')) };
  const store = makeStore({ client: createApiClient(transport) });
  const r = renderWithProviders(
    <PlatformProvider platform={{ dialogs }}>
      <App />
    </PlatformProvider>,
    { transport, store },
  );
  return { ...r, transport, dialogs };
}

describe('desktop requests (menu commands, files from the OS)', () => {
  it('a .segment.json opened from the OS opens the import dialog with its path', async () => {
    const { transport } = renderDesktop();
    transport.emit('app.fileOpened', { kind: 'segmentFile', path: '/home/ana/Seattle VIPs.segment.json', via: 'os' });
    const dialog = await screen.findByRole('dialog', { name: 'Import segments' });
    expect(await screen.findByRole('list', { name: 'Segments in the file' })).toHaveTextContent('From disk (dynamic)');
    expect(dialog).toHaveTextContent('Seattle VIPs.segment.json');
    expect(transport.calls).toContainEqual({ channel: 'segmentFiles.inspect', input: { path: '/home/ana/Seattle VIPs.segment.json' } });
  });

  it('a request that arrives before the page has mounted is carried out once it has', async () => {
    const transport = desktopTransport();
    const store = makeStore({ client: createApiClient(transport) });
    transport.emit('app.fileOpened', { kind: 'segmentFile', path: '/tmp/early.segment.json', via: 'os' });
    expect(store.getState().desktop.pending).toHaveLength(1);
    renderWithProviders(<App />, { transport, store });
    expect(await screen.findByRole('dialog', { name: 'Import segments' })).toHaveTextContent('early.segment.json');
    expect(store.getState().desktop.pending).toEqual([]);
  });

  it('a dropped CSV (its path from main) opens the import wizard on the Data page, which previews that path', async () => {
    const { transport } = renderDesktop();
    transport.emit('app.fileOpened', { kind: 'csv', path: '/home/ana/contacts.csv', via: 'drop' });
    await waitFor(() => expect(window.location.hash).toBe('#/data'));
    await waitFor(() => expect(transport.calls).toContainEqual({ channel: 'imports.preview', input: { path: '/home/ana/contacts.csv' } }));
  });

  it('File ▸ Import CSV… opens the Data page wizard; Import Segment File… the import dialog', async () => {
    const { transport } = renderDesktop();
    transport.emit('app.commandInvoked', { command: 'importCsv' });
    await waitFor(() => expect(window.location.hash).toBe('#/data'));
    expect(await screen.findByRole('button', { name: 'Choose CSV file…' })).toBeInTheDocument();
    transport.emit('app.commandInvoked', { command: 'importSegmentFile' });
    expect(await screen.findByRole('dialog', { name: 'Import segments' })).toBeInTheDocument();
  });

  it('File ▸ Export Segments… exports every segment where the save dialog says', async () => {
    const { transport, dialogs, store } = renderDesktop();
    transport.emit('app.commandInvoked', { command: 'exportSegments' });
    await waitFor(() => expect(transport.calls.map((c) => c.channel)).toContain('segmentFiles.export'));
    expect(dialogs.save).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'segments.segment.json' }));
    expect(transport.calls.find((c) => c.channel === 'segmentFiles.export')?.input).toEqual({
      segmentIds: ['seg-seattle-vips', 'seg-churn-risk'],
      path: '/home/ana/segments.segment.json',
    });
    await waitFor(() => expect(store.getState().ui.notices.map((n) => n.message)).toContainEqual('2 segments exported to /home/ana/segments.segment.json.'));
  });

  it('Help ▸ Keyboard Shortcuts lists the shortcuts', async () => {
    const { transport } = renderDesktop();
    transport.emit('app.commandInvoked', { command: 'showShortcuts' });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveTextContent('Import segment file');
  });
});
