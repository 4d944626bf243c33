// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { PlatformProvider } from '../../platform/PlatformContext';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, compoundOf, importContacts, liveSegment } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { ImportSegmentsDialog } from './ImportSegmentsDialog';

const backend = backendPerTest();

/**
 * A real segment file, exported by this backend: "Seattle" (dynamic, city is Seattle) and "Seattle VIPs"
 * (compound of Seattle), or Seattle alone. Both are deleted again, so the file is new to the database.
 */
async function seattleFile(which: 'both' | 'seattle' = 'both'): Promise<string> {
  await importContacts(backend, [
    ['c1', 'Ann Lee', 'Seattle'],
    ['c2', 'Bo Berg', 'Oslo'],
  ]);
  const seattle = await liveSegment(backend, 'Seattle', cityIs('Seattle'));
  const vips = await backend.call('segments.create', { name: 'Seattle VIPs', type: 'compound', definition: compoundOf([seattle.id]) });
  const { text } = await backend.call('segmentFiles.export', { segmentIds: [which === 'both' ? vips.id : seattle.id] });
  await backend.call('segments.delete', { id: vips.id });
  await backend.call('segments.delete', { id: seattle.id, force: true });
  if (!text) throw new Error('The export returned no text.');
  return text;
}

/** Edits a file's JSON (the file format: catalog + segments). */
function edit(
  text: string,
  change: (file: {
    catalog: { entities: { fields: { name: string }[] }[] };
    segments: { definition: { blocks: Record<string, unknown>[] } }[];
  }) => void,
): string {
  const file = JSON.parse(text) as Parameters<typeof change>[0];
  change(file);
  return JSON.stringify(file);
}

const file = (text: string) => new File([text], 'seattle.segment.json', { type: 'application/json' });

async function chooseFile(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.upload(screen.getByLabelText('Segment file'), file(text));
}

describe('Import segments dialog', () => {
  it('refuses a file with problems, listing each with its JSON path, and offers no import', async () => {
    const user = userEvent.setup();
    const broken = edit(await seattleFile(), (f) => {
      f.segments[1]!.definition.blocks[0]!.kind = 'x';
    });
    renderWithProviders(<ImportSegmentsDialog onClose={() => undefined} />, { transport: backend.transport });
    await chooseFile(user, broken);
    const list = await screen.findByRole('list', { name: 'File problems' });
    expect(within(list).getByText(/^\$\.segments\[1\]\.definition\.blocks\[0\]/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(backend.transport.calls).toEqual([{ channel: 'segmentFiles.inspect', input: { text: broken } }]);
    expect((await backend.call('segments.list', {})).map((s) => s.name)).toEqual([]);
  });

  it('imports only after "import anyway as drafts" is chosen for catalog mismatches, with the chosen conflict policy, and links the created drafts', async () => {
    const user = userEvent.setup();
    // The file asks for a field this database lacks, and a draft named Seattle exists here.
    const text = edit(await seattleFile(), (f) => {
      f.catalog.entities[0]!.fields[0]!.name = 'loyaltyTier';
      const root = f.segments[0]!.definition.blocks[0]!.root as { children: { field: string }[] };
      root.children[0]!.field = 'loyaltyTier';
    });
    const existing = await backend.call('segments.create', { name: 'Seattle', type: 'dynamic' });
    let closed = false;
    renderWithProviders(<ImportSegmentsDialog onClose={() => (closed = true)} />, { transport: backend.transport });
    await chooseFile(user, text);
    expect(await screen.findByRole('list', { name: 'Catalog mismatches' })).toHaveTextContent(/loyaltyTier/);
    expect(screen.getByRole('list', { name: 'Name conflicts' })).toHaveTextContent('Seattle (draft)');
    const importButton = screen.getByRole('button', { name: 'Import anyway as drafts' });
    expect(importButton).toBeDisabled();
    await user.click(screen.getByRole('radio', { name: 'Replace the existing draft' }));
    await user.click(screen.getByRole('checkbox', { name: /Import anyway as drafts/ }));
    await user.click(importButton);
    const done = await screen.findByRole('status', { name: 'Imported segments' });
    expect(within(done).getByRole('button', { name: 'Seattle VIPs' })).toBeInTheDocument();
    expect(done).toHaveTextContent('Seattle (replaced)');
    expect(backend.transport.calls.at(-1)).toEqual({
      channel: 'segmentFiles.import',
      input: { text, onConflict: 'replace', allowCatalogMismatch: true },
    });
    const stored = await backend.call('segments.list', {});
    expect(stored.map((s) => `${s.name}: ${s.status}`).sort()).toEqual(['Seattle VIPs: draft', 'Seattle: draft']);
    expect(stored.find((s) => s.name === 'Seattle')?.id).toBe(existing.id);
    await user.click(within(done).getByRole('button', { name: 'Seattle VIPs' }));
    expect(closed).toBe(true);
    expect(window.location.hash).toBe(`#/segments/${stored.find((s) => s.name === 'Seattle VIPs')?.id}`);
  });

  it('says how many segments the file holds, in the singular for one', async () => {
    const one = await seattleFile('seattle');
    renderWithProviders(<ImportSegmentsDialog onClose={() => undefined} droppedFile={file(one)} />, { transport: backend.transport });
    expect(await screen.findByText('The file holds 1 segment. It is imported as a draft.')).toBeInTheDocument();
  });

  it('inspects a file dropped onto the window as soon as the dialog opens', async () => {
    const text = await seattleFile();
    renderWithProviders(<ImportSegmentsDialog onClose={() => undefined} droppedFile={file(text)} />, { transport: backend.transport });
    expect(await screen.findByRole('list', { name: 'Segments in the file' })).toHaveTextContent('Seattle VIPs (compound)');
    expect(screen.getByText('The file holds 2 segments. They are imported as drafts.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeEnabled();
    expect(backend.transport.calls).toEqual([{ channel: 'segmentFiles.inspect', input: { text } }]);
  });

  it('in the desktop app picks the file with the native open dialog and inspects and imports it by path', async () => {
    const user = userEvent.setup();
    const filePath = await backend.writeFile('seattle.segment.json', await seattleFile());
    const open = vi.fn<() => Promise<string[]>>().mockResolvedValueOnce([]).mockResolvedValueOnce([filePath]);
    renderWithProviders(
      <PlatformProvider platform={{ dialogs: { open, save: vi.fn() } }}>
        <ImportSegmentsDialog onClose={() => undefined} />
      </PlatformProvider>,
      { transport: backend.transport },
    );
    expect(screen.queryByLabelText('Segment file')).toBeNull();
    // Cancelled: nothing asked of the backend.
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect(open).toHaveBeenCalledWith({
      title: 'Choose a segment file to import',
      filters: expect.arrayContaining([{ name: 'Segment files', extensions: ['json'] }]),
    });
    expect(backend.transport.calls).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect(await screen.findByRole('list', { name: 'Segments in the file' })).toHaveTextContent('Seattle VIPs (compound)');
    expect(screen.getByText(/seattle\.segment\.json$/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('status', { name: 'Imported segments' })).toHaveTextContent('Seattle VIPs');
    expect(backend.transport.calls).toEqual([
      { channel: 'segmentFiles.inspect', input: { path: filePath } },
      { channel: 'segmentFiles.import', input: { path: filePath, onConflict: 'rename' } },
    ]);
    await waitFor(async () =>
      expect((await backend.call('segments.list', {})).map((s) => s.name).sort()).toEqual(['Seattle', 'Seattle VIPs']),
    );
  });

  it('creates a draft from pasted query text and links it', async () => {
    const user = userEvent.setup();
    await importContacts(backend, [['c1', 'Ann Lee', 'Seattle']]);
    const query = "PROFILE(contact).FILTER(address1_city == 'Seattle')";
    renderWithProviders(<ImportSegmentsDialog onClose={() => undefined} />, { transport: backend.transport });
    await user.click(screen.getByRole('tab', { name: 'Paste query text' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Pasted');
    await user.click(screen.getByRole('textbox', { name: 'Segment query text' }));
    await user.paste(query);
    await user.click(screen.getByRole('button', { name: 'Create draft' }));
    expect(await screen.findByRole('status', { name: 'Imported segments' })).toHaveTextContent('Pasted');
    expect(backend.transport.calls).toEqual([{ channel: 'segments.fromQueryText', input: { name: 'Pasted', text: query } }]);
    const [created] = await backend.call('segments.list', {});
    expect(created).toMatchObject({ name: 'Pasted', type: 'dynamic', status: 'draft' });
    expect((await backend.call('segments.get', { id: created!.id })).definition).toMatchObject({
      blocks: [{ entity: 'contact', root: { children: [{ field: 'address1_city', values: ['Seattle'] }] } }],
    });
  });
});
