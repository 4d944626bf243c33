// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiTransport } from '../../../shared/api/client';
import { createApiClient } from '../../../shared/api/client';
import type { EventName, EventPayload } from '../../../shared/api/contract';
import { PlatformProvider } from '../platform/PlatformContext';
import { renderWithProviders } from '../test/renderWithProviders';
import { backendPerTest, type RecordingTransport } from '../test/testBackend';
import { App } from './App';
import { makeStore } from './store';

const backend = backendPerTest();

afterEach(() => {
  window.location.hash = '';
});

/**
 * The real backend's transport with main's own events added: in the desktop app main pushes
 * `app.fileOpened` / `app.commandInvoked` on the same channel as the backend's events.
 */
type DesktopTransport = RecordingTransport & { emit<E extends EventName>(event: E, payload: EventPayload<E>): void };

function desktopTransport(): DesktopTransport {
  const inner = backend.transport;
  const mainListeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: DesktopTransport & ApiTransport = {
    calls: inner.calls,
    invoke: (channel, input) => inner.invoke(channel, input),
    subscribe(event, listener) {
      const offBackend = inner.subscribe(event, listener);
      const set = mainListeners.get(event) ?? new Set();
      mainListeners.set(event, set.add(listener));
      return () => {
        offBackend();
        set.delete(listener);
      };
    },
    emit(event: string, payload: unknown) {
      for (const l of mainListeners.get(event) ?? []) l(payload);
    },
  };
  return transport;
}

async function seedTwoSegments(): Promise<string[]> {
  const a = await backend.call('segments.create', { name: 'Seattle VIPs', type: 'dynamic' });
  const b = await backend.call('segments.create', { name: 'Churn risk', type: 'static' });
  return [a.id, b.id];
}

/** A real segment file on disk, as the OS would hand it over. */
async function segmentFileOnDisk(name: string): Promise<string> {
  const ids = await seedTwoSegments();
  const { text } = await backend.call('segmentFiles.export', { segmentIds: ids.slice(0, 1) });
  if (text === undefined) throw new Error('segmentFiles.export without a path answers the text');
  return backend.writeFile(name, text);
}

function renderDesktop(transport = desktopTransport()) {
  const exportPath = backend.tempPath('segments.segment.json');
  const dialogs = { open: vi.fn(() => Promise.resolve([])), save: vi.fn(() => Promise.resolve(exportPath)) };
  const store = makeStore({ client: createApiClient(transport) });
  const r = renderWithProviders(
    <PlatformProvider platform={{ dialogs }}>
      <App />
    </PlatformProvider>,
    { transport, store },
  );
  return { ...r, transport, dialogs, exportPath };
}

describe('desktop requests (menu commands, files from the OS)', () => {
  it('a .segment.json opened from the OS opens the import dialog with its path', async () => {
    const file = await segmentFileOnDisk('Seattle VIPs.segment.json');
    const { transport } = renderDesktop();
    transport.emit('app.fileOpened', { kind: 'segmentFile', path: file, via: 'os' });
    const dialog = await screen.findByRole('dialog', { name: 'Import segments' });
    expect(await screen.findByRole('list', { name: 'Segments in the file' })).toHaveTextContent('Seattle VIPs (dynamic)');
    expect(dialog).toHaveTextContent('Seattle VIPs.segment.json');
    expect(transport.calls).toContainEqual({ channel: 'segmentFiles.inspect', input: { path: file } });
  });

  it('a request that arrives before the page has mounted is carried out once it has', async () => {
    const file = await segmentFileOnDisk('early.segment.json');
    const transport = desktopTransport();
    const store = makeStore({ client: createApiClient(transport) });
    transport.emit('app.fileOpened', { kind: 'segmentFile', path: file, via: 'os' });
    expect(store.getState().desktop.pending).toHaveLength(1);
    renderWithProviders(<App />, { transport, store });
    expect(await screen.findByRole('dialog', { name: 'Import segments' })).toHaveTextContent('early.segment.json');
    expect(store.getState().desktop.pending).toEqual([]);
  });

  it('a dropped CSV (its path from main) opens the import wizard on the Data page, which previews that path', async () => {
    const csv = await backend.writeFile('contacts.csv', 'contactid,fullname\nc1,Ann Lee\n');
    const { transport } = renderDesktop();
    transport.emit('app.fileOpened', { kind: 'csv', path: csv, via: 'drop' });
    await waitFor(() => expect(window.location.hash).toBe('#/data'));
    // The preview also carries the computer's locale (the default decimal mark and date order).
    await waitFor(() =>
      expect(transport.calls).toContainEqual({ channel: 'imports.preview', input: expect.objectContaining({ path: csv }) }),
    );
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
    const ids = await seedTwoSegments();
    const { transport, dialogs, store, exportPath } = renderDesktop();
    transport.emit('app.commandInvoked', { command: 'exportSegments' });
    await waitFor(() => expect(transport.calls.map((c) => c.channel)).toContain('segmentFiles.export'));
    expect(dialogs.save).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'segments.segment.json' }));
    const input = transport.calls.find((c) => c.channel === 'segmentFiles.export')?.input as { segmentIds: string[]; path: string };
    expect(input.path).toBe(exportPath);
    expect([...input.segmentIds].sort()).toEqual([...ids].sort());
    await waitFor(() => expect(store.getState().ui.notices.map((n) => n.message)).toContainEqual(`2 segments exported to ${exportPath}.`));
    const written = JSON.parse(await backend.readFile(exportPath)) as { segments: { name: string }[] };
    expect(written.segments.map((s) => s.name).sort()).toEqual(['Churn risk', 'Seattle VIPs']);
  });

  it('Help ▸ Keyboard Shortcuts lists the shortcuts', async () => {
    const { transport } = renderDesktop();
    transport.emit('app.commandInvoked', { command: 'showShortcuts' });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveTextContent('Import segment file');
  });
});
