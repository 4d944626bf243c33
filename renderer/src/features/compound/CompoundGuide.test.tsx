// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SegmentStatus } from '../../../../shared/models/segment';
import type { CompoundDefinition } from '../../../../shared/segments/ast';
import { fakeSegment } from '../../test/fakeTransport';
import { createChannelTransport } from '../../test/channelTransport';
import { renderWithProviders } from '../../test/renderWithProviders';
import { attentionBlocks, CompoundGuide, notOffered } from './CompoundGuide';

const seg = (name: string, status: SegmentStatus, needsAttention = false) => ({ ...fakeSegment(name), status, needsAttention });
const segments = [seg('Buyers', 'live'), seg('Openers', 'live'), seg('Idea', 'draft'), seg('Old list', 'stopped')];
const def = (...ids: string[]): CompoundDefinition => ({
  kind: 'compound',
  version: 1,
  blocks: ids.map((segmentId, i) => ({ kind: 'segment', id: `b${i}`, combine: i === 0 ? 'union' : 'except', segmentId })),
});

describe('compound editor guide', () => {
  it('does not offer drafts or stopped segments and says why', async () => {
    const self = seg('Mix', 'draft');
    expect(notOffered([...segments, self], self.id).map((n) => n.segment.name)).toEqual(['Idea', 'Old list']);
    renderWithProviders(<CompoundGuide record={self} definition={def('seg-buyers')} />, { transport: createChannelTransport({ 'segments.list': () => [...segments, self] }) });
    const hint = await screen.findByText(/Not offered:/);
    expect(hint).toHaveTextContent('“Idea” (draft), “Old list” (stopped)');
    expect(hint).toHaveTextContent('no current members to combine');
  });

  it('flags steps whose segment was stopped or deleted', async () => {
    expect(attentionBlocks(def('seg-buyers', 'seg-old-list', 'gone'), segments)).toEqual([
      { blockNo: 2, name: 'Old list', problem: 'is stopped' },
      { blockNo: 3, name: 'a deleted segment', problem: 'was deleted' },
    ]);
    const self = { ...seg('Mix', 'live', true), definition: def('seg-buyers', 'seg-old-list') };
    renderWithProviders(<CompoundGuide record={self} definition={def('seg-buyers', 'seg-old-list')} />, {
      transport: createChannelTransport({
        'segments.list': () => segments,
        'segments.liveStatus': () => ({ missingChildren: [{ id: 'seg-old-list', name: 'Old list', reason: 'stopped', at: '2026-01-01T00:00:00Z' }] }),
      }),
    });
    expect(await screen.findByText('Needs attention')).toBeInTheDocument();
    expect(await screen.findByText(/“Old list” \(stopped\)\. Replace or remove/)).toBeInTheDocument();
    expect(screen.getByText(/Step 2: “Old list” is stopped\./)).toBeInTheDocument();
  });
});
