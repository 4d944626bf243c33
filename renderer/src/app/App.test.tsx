// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlatformProvider } from '../platform/PlatformContext';
import { renderWithProviders } from '../test/renderWithProviders';
import { backendPerTest } from '../test/testBackend';
import { App } from './App';
import { dropKind } from './droppedFiles';
import { ROUTES } from './routes';
import { notify } from './uiSlice';

afterEach(() => {
  window.location.hash = '';
});

const backend = backendPerTest();

/** The text of a real segment file holding one dynamic segment "Seattle" that this database no longer has. */
async function seattleFile(): Promise<string> {
  const seattle = await backend.call('segments.create', { name: 'Seattle', type: 'dynamic' });
  const { text } = await backend.call('segmentFiles.export', { segmentIds: [seattle.id] });
  await backend.call('segments.delete', { id: seattle.id });
  if (!text) throw new Error('The export returned no text.');
  return text;
}

/** Drags `file` over the window and drops it, as the browser does for a file from the desktop. */
function dropOnWindow(file: File) {
  const dataTransfer = { types: ['Files'], files: [file] };
  fireEvent.dragOver(window, { dataTransfer });
  fireEvent.drop(window, { dataTransfer });
}

describe('App shell', () => {
  it('opens on Home, which says what to do first in an empty database', async () => {
    renderWithProviders(<App />, { transport: backend.transport });
    expect(await screen.findByRole('heading', { name: 'Home', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('heading', { name: 'Get started', level: 2 })).toBeInTheDocument();
  });

  it('moves between every page of the navigation and keeps the page in the URL', async () => {
    const user = userEvent.setup();
    renderWithProviders(<App />, { transport: backend.transport });
    for (const route of [...ROUTES].reverse()) {
      await user.click(screen.getByRole('button', { name: route.label }));
      expect(window.location.hash).toBe(`#/${route.path}`);
      expect(screen.getByRole('button', { name: route.label })).toHaveAttribute('aria-current', 'page');
      // The heading may go on with a count ("Contacts 0 in total").
      expect(await screen.findByRole('heading', { name: new RegExp(`^${route.label}`), level: 1 })).toBeInTheDocument();
      expect(document.title).toBe(`${route.label} — Segment Studio`);
    }
  });
  it('an error notice stays on its page: moving to another page drops it, app-wide notices stay', async () => {
    const user = userEvent.setup();
    const { store } = renderWithProviders(<App />, { transport: backend.transport });
    expect(await screen.findByRole('heading', { name: 'Home', level: 1 })).toBeInTheDocument();
    store.dispatch(notify({ message: 'Not saved: Enter a name.', severity: 'error' }));
    store.dispatch(notify({ message: 'Lost the connection.', severity: 'warning' }));
    expect(await screen.findByText('Not saved: Enter a name.')).toBeInTheDocument();
    const other = ROUTES.find((r) => r.path !== 'home');
    if (!other) throw new Error('expected a second page');
    await user.click(screen.getByRole('button', { name: other.label }));
    await waitFor(() => expect(store.getState().ui.notices.map((n) => n.message)).toEqual(['Lost the connection.']));
    expect(screen.queryByText('Not saved: Enter a name.')).not.toBeInTheDocument();
  });
});

describe('files dropped on the window', () => {
  it('a .segment.json dropped on any page opens the segment import dialog with it, on that page', async () => {
    window.location.hash = '#/contacts';
    const text = await seattleFile();
    const { transport } = backend;
    renderWithProviders(<App />, { transport });
    expect(await screen.findByRole('heading', { name: /^Contacts/, level: 1 })).toBeInTheDocument();
    fireEvent.dragOver(window, { dataTransfer: { types: ['Files'], files: [] } });
    expect(await screen.findByText('Drop a .segment.json to import its segments, or a .csv to import data.')).toBeInTheDocument();
    dropOnWindow(new File([text], 'seattle.segment.json', { type: 'application/json' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import segments' });
    expect(await screen.findByRole('list', { name: 'Segments in the file' })).toHaveTextContent('Seattle (dynamic)');
    expect(dialog).toHaveTextContent('seattle.segment.json');
    expect(transport.calls).toContainEqual({ channel: 'segmentFiles.inspect', input: { text } });
    expect(window.location.hash).toBe('#/contacts');
    expect(screen.queryByText('Drop a .segment.json to import its segments, or a .csv to import data.')).toBeNull();
  });

  it('ignores drags that carry no files (text dragged within the page)', () => {
    renderWithProviders(<App />, { transport: backend.transport });
    const drop = fireEvent.drop(window, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(drop).toBe(true);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('in the desktop app a dropped .csv or .segment.json is left to main (its path comes back as app.fileOpened)', async () => {
    const dialogs = { open: vi.fn(() => Promise.resolve([])), save: vi.fn(() => Promise.resolve(null)) };
    const { store } = renderWithProviders(
      <PlatformProvider platform={{ dialogs }}>
        <App />
      </PlatformProvider>,
      { transport: backend.transport },
    );
    expect(await screen.findByRole('heading', { name: 'Home', level: 1 })).toBeInTheDocument();
    dropOnWindow(new File(['id\n1\n'], 'contacts.csv', { type: 'text/csv' }));
    dropOnWindow(new File(['{}'], 'vips.segment.json', { type: 'application/json' }));
    expect(window.location.hash).toBe('');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.getState().ui.notices).toEqual([]);
    expect(backend.transport.calls.map((c) => c.channel)).not.toContain('segmentFiles.inspect');
  });

  it('refuses another kind of file with a message and changes nothing', async () => {
    const { store } = renderWithProviders(<App />, { transport: backend.transport });
    dropOnWindow(new File(['x'], 'photo.png', { type: 'image/png' }));
    await waitFor(() =>
      expect(store.getState().ui.notices.map((n) => n.message)).toContainEqual(
        expect.stringContaining('“photo.png” cannot be imported here'),
      ),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(window.location.hash).toBe('');
  });

  it('tells files apart by name', () => {
    expect(dropKind('a.segment.json')).toBe('segmentFile');
    expect(dropKind('A.JSON')).toBe('segmentFile');
    expect(dropKind('contacts.CSV')).toBe('csv');
    expect(dropKind('notes.txt')).toBe('unknown');
  });
});
