// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, compoundOf, importContacts, liveSegment } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { attentionBlocks, CompoundGuide, notOffered, notOfferedSummary } from './CompoundGuide';

const backend = backendPerTest();

/** Buyers and Openers live, Idea a draft, Old list stopped: made through the API as a user would. */
async function seed() {
  await importContacts(backend, [
    ['c1', 'Ann Lee', 'Seattle'],
    ['c2', 'Bo Berg', 'Oslo'],
    ['c3', 'Cy Dahl', 'Paris'],
  ]);
  const buyers = await liveSegment(backend, 'Buyers', cityIs('Seattle'));
  const openers = await liveSegment(backend, 'Openers', cityIs('Oslo'));
  const idea = await backend.call('segments.create', { name: 'Idea', type: 'dynamic', definition: cityIs('Rome') });
  const oldList = await liveSegment(backend, 'Old list', cityIs('Paris'));
  return { buyers, openers, idea, oldList };
}

describe('compound editor guide', () => {
  it('does not offer drafts or stopped segments and says why', async () => {
    const { buyers, oldList } = await seed();
    await backend.call('segments.stop', { id: oldList.id });
    const self = await backend.call('segments.create', { name: 'Mix', type: 'compound', definition: compoundOf([buyers.id]) });
    expect(
      notOffered(await backend.call('segments.list', {}), self.id)
        .map((n) => n.segment.name)
        .sort(),
    ).toEqual(['Idea', 'Old list']);
    renderWithProviders(<CompoundGuide record={self} definition={compoundOf([buyers.id])} />, { transport: backend.transport });
    const hint = await screen.findByText(/Not offered:/);
    // In the list's order: newest change first (Old list was stopped after Idea was made).
    expect(hint).toHaveTextContent('2 segments that are not live (1 stopped, 1 draft): “Old list”, “Idea”');
    expect(hint).toHaveTextContent('no current members to combine');
  });

  it('flags steps whose segment was stopped or deleted', async () => {
    const { buyers, openers, oldList } = await seed();
    const definition = compoundOf([buyers.id, oldList.id], 'except');
    const mix = await liveSegment(backend, 'Mix', definition);
    // Stopping a segment a live compound uses freezes the compound: it needs attention.
    await backend.call('segments.stop', { id: oldList.id, force: true });
    await backend.call('segments.delete', { id: openers.id, force: true });
    const segments = await backend.call('segments.list', {});
    expect(attentionBlocks(compoundOf([buyers.id, oldList.id, openers.id], 'except'), segments)).toEqual([
      { blockNo: 2, name: 'Old list', problem: 'is stopped' },
      { blockNo: 3, name: 'a deleted segment', problem: 'was deleted' },
    ]);
    const self = await backend.call('segments.get', { id: mix.id });
    expect(self.needsAttention).toBe(true);
    renderWithProviders(<CompoundGuide record={self} definition={definition} />, { transport: backend.transport });
    expect(await screen.findByText('Needs attention')).toBeInTheDocument();
    expect(await screen.findByText(/“Old list” \(stopped\)\. Replace or remove/)).toBeInTheDocument();
    expect(screen.getByText(/Step 2: “Old list” is stopped\./)).toBeInTheDocument();
  });
});

it('sums up many segments that are not offered instead of listing every draft (issue 21, item 9)', async () => {
  for (let i = 1; i <= 14; i++) await backend.call('segments.create', { name: `Draft ${i}`, type: 'dynamic' });
  const hidden = notOffered(await backend.call('segments.list', {}), 'none').map((h) => h.segment);
  const text = notOfferedSummary(hidden);
  expect(text).toMatch(/^14 segments that are not live \(14 drafts\), such as “Draft \d+”, “Draft \d+”, “Draft \d+”$/);
});
