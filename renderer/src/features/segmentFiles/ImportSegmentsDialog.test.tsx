// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SegmentFileImport, SegmentFileInspection } from '../../../../shared/api/contract/segmentFiles';
import { PlatformProvider } from '../../platform/PlatformContext';
import { createChannelTransport } from '../../test/channelTransport';
import { fakeSegment } from '../../test/fakeTransport';
import { renderWithProviders } from '../../test/renderWithProviders';
import { ImportSegmentsDialog } from './ImportSegmentsDialog';

const clean: SegmentFileInspection = {
  importable: true,
  segments: [
    { localId: 's1', name: 'Seattle', type: 'dynamic', references: [], memberCount: null },
    { localId: 's2', name: 'Seattle VIPs', type: 'compound', references: ['s1'], memberCount: null },
  ],
  problems: [],
  catalogMismatches: [],
  conflicts: [],
  unknownMemberKeys: [],
};

const file = (text = '{"formatVersion":1}') => new File([text], 'seattle.segment.json', { type: 'application/json' });

async function chooseFile(user: ReturnType<typeof userEvent.setup>, text?: string) {
  await user.upload(screen.getByLabelText('Segment file'), file(text));
}

describe('Import segments dialog', () => {
  it('refuses a file with problems, listing each with its JSON path, and offers no import', async () => {
    const user = userEvent.setup();
    const inspection: SegmentFileInspection = { ...clean, importable: false, problems: [{ path: '$.segments[1].definition.blocks[0]', message: 'Unknown block kind "x"' }] };
    const transport = createChannelTransport({ 'segmentFiles.inspect': () => inspection });
    renderWithProviders(<ImportSegmentsDialog onClose={() => undefined} />, { transport });
    await chooseFile(user, '{"broken":true}');
    const list = await screen.findByRole('list', { name: 'File problems' });
    expect(within(list).getByText('$.segments[1].definition.blocks[0]')).toBeInTheDocument();
    expect(list).toHaveTextContent('Unknown block kind "x"');
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(transport.calls).toEqual([{ channel: 'segmentFiles.inspect', input: { text: '{"broken":true}' } }]);
  });

  it('imports only after "import anyway as drafts" is chosen for catalog mismatches, with the chosen conflict policy, and links the created drafts', async () => {
    const user = userEvent.setup();
    const inspection: SegmentFileInspection = {
      ...clean,
      importable: true,
      catalogMismatches: [{ path: '$.catalog.fields[2]', message: 'Field "loyaltyTier" does not exist here' }],
      conflicts: [{ localId: 's1', name: 'Seattle', existingId: 'old', existingType: 'dynamic', existingStatus: 'draft', canReplace: true }],
    };
    const imported: SegmentFileImport = {
      segmentIds: ['old', 'new2'],
      segments: [
        { localId: 's1', id: 'old', name: 'Seattle', action: 'replaced' },
        { localId: 's2', id: 'new2', name: 'Seattle VIPs', action: 'created' },
      ],
      catalogMismatches: inspection.catalogMismatches,
      unknownMemberKeys: [],
    };
    const transport = createChannelTransport({ 'segmentFiles.inspect': () => inspection, 'segmentFiles.import': () => imported });
    let closed = false;
    renderWithProviders(<ImportSegmentsDialog onClose={() => (closed = true)} />, { transport });
    await chooseFile(user, 'FILE');
    expect(await screen.findByRole('list', { name: 'Catalog mismatches' })).toHaveTextContent('$.catalog.fields[2]: Field "loyaltyTier" does not exist here');
    expect(screen.getByRole('list', { name: 'Name conflicts' })).toHaveTextContent('Seattle (draft)');
    const importButton = screen.getByRole('button', { name: 'Import anyway as drafts' });
    expect(importButton).toBeDisabled();
    await user.click(screen.getByRole('radio', { name: 'Replace the existing draft' }));
    await user.click(screen.getByRole('checkbox', { name: /Import anyway as drafts/ }));
    await user.click(importButton);
    const done = await screen.findByRole('status', { name: 'Imported segments' });
    expect(within(done).getByRole('button', { name: 'Seattle VIPs' })).toBeInTheDocument();
    expect(done).toHaveTextContent('Seattle (replaced)');
    expect(transport.calls.at(-1)).toEqual({ channel: 'segmentFiles.import', input: { text: 'FILE', onConflict: 'replace', allowCatalogMismatch: true } });
    await user.click(within(done).getByRole('button', { name: 'Seattle VIPs' }));
    expect(closed).toBe(true);
    expect(window.location.hash).toBe('#/segments/new2');
  });

  it('says how many segments the file holds, in the singular for one', async () => {
    const one: SegmentFileInspection = { ...clean, segments: clean.segments.slice(0, 1) };
    const transport = createChannelTransport({ 'segmentFiles.inspect': () => one });
    renderWithProviders(<ImportSegmentsDialog onClose={() => undefined} droppedFile={file('ONE')} />, { transport });
    expect(await screen.findByText('The file holds 1 segment. It is imported as a draft.')).toBeInTheDocument();
  });

  it('inspects a file dropped onto the window as soon as the dialog opens', async () => {
    const transport = createChannelTransport({ 'segmentFiles.inspect': () => clean });
    renderWithProviders(<ImportSegmentsDialog onClose={() => undefined} droppedFile={file('DROPPED')} />, { transport });
    expect(await screen.findByRole('list', { name: 'Segments in the file' })).toHaveTextContent('Seattle VIPs (compound)');
    expect(screen.getByText('The file holds 2 segments. They are imported as drafts.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeEnabled();
    expect(transport.calls).toEqual([{ channel: 'segmentFiles.inspect', input: { text: 'DROPPED' } }]);
  });

  it('in the desktop app picks the file with the native open dialog and inspects and imports it by path', async () => {
    const user = userEvent.setup();
    const imported: SegmentFileImport = { segmentIds: ['n1', 'n2'], segments: [{ localId: 's1', id: 'n1', name: 'Seattle', action: 'created' }, { localId: 's2', id: 'n2', name: 'Seattle VIPs', action: 'created' }], catalogMismatches: [], unknownMemberKeys: [] };
    const transport = createChannelTransport({ 'segmentFiles.inspect': () => clean, 'segmentFiles.import': () => imported });
    const open = vi.fn<() => Promise<string[]>>().mockResolvedValueOnce([]).mockResolvedValueOnce(['C:\\Plans\\seattle.segment.json']);
    renderWithProviders(
      <PlatformProvider platform={{ dialogs: { open, save: vi.fn() } }}>
        <ImportSegmentsDialog onClose={() => undefined} />
      </PlatformProvider>,
      { transport },
    );
    expect(screen.queryByLabelText('Segment file')).toBeNull();
    // Cancelled: nothing asked of the backend.
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect(open).toHaveBeenCalledWith({ title: 'Choose a segment file to import', filters: expect.arrayContaining([{ name: 'Segment files', extensions: ['json'] }]) });
    expect(transport.calls).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect(await screen.findByRole('list', { name: 'Segments in the file' })).toHaveTextContent('Seattle VIPs (compound)');
    expect(screen.getByText('seattle.segment.json')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('status', { name: 'Imported segments' })).toHaveTextContent('Seattle VIPs');
    expect(transport.calls).toEqual([
      { channel: 'segmentFiles.inspect', input: { path: 'C:\\Plans\\seattle.segment.json' } },
      { channel: 'segmentFiles.import', input: { path: 'C:\\Plans\\seattle.segment.json', onConflict: 'rename' } },
    ]);
  });

  it('creates a draft from pasted query text and links it', async () => {
    const user = userEvent.setup();
    let attempt = 0;
    const transport = createChannelTransport({
      'segments.fromQueryText': (input: { name: string }) => {
        attempt += 1;
        return fakeSegment(input.name);
      },
    });
    renderWithProviders(<ImportSegmentsDialog onClose={() => undefined} />, { transport });
    await user.click(screen.getByRole('tab', { name: 'Paste query text' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Pasted');
    await user.type(screen.getByRole('textbox', { name: 'Segment query text' }), 'city = "Seattle"');
    await user.click(screen.getByRole('button', { name: 'Create draft' }));
    expect(await screen.findByRole('status', { name: 'Imported segments' })).toHaveTextContent('Pasted');
    expect(attempt).toBe(1);
    expect(transport.calls).toEqual([{ channel: 'segments.fromQueryText', input: { name: 'Pasted', text: 'city = "Seattle"' } }]);
  });
});
