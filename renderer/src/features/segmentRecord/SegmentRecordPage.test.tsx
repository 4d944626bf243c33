// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { fail, ok, type ApiResult } from '../../../../shared/api/result';
import type { DynamicDefinition } from '../../../../shared/segments/ast';
import { createFakeTransport, fakeSegment, type FakeTransport } from '../../test/fakeTransport';
import { testCatalog } from '../builder/testCatalog';
import { renderWithProviders } from '../../test/renderWithProviders';
import { SegmentRecordPage } from './SegmentRecordPage';

// The shared fake backend plus the catalog, engine and lifecycle channels the page uses.

interface RecordTestTransport extends FakeTransport {
  /** Estimate answers: total per call (defaults to 42). */
  estimateTotal: number;
  /** Validation issues to report. */
  issues: { nodeId: string; path: string; message: string }[];
}

function createRecordTransport(initial: SegmentRecord[]): RecordTestTransport {
  const base = createFakeTransport(initial);
  const t = base as RecordTestTransport;
  t.estimateTotal = 42;
  t.issues = [];
  const inner = base.invoke.bind(base);
  t.invoke = async (channel: string, input: unknown): Promise<ApiResult<unknown>> => {
    const args = (input ?? {}) as { id?: string; definition?: DynamicDefinition; name?: string; description?: string; timeZone?: string };
    const seg = t.segments.find((s) => s.id === args.id);
    switch (channel) {
      case 'catalog.describe':
        t.calls.push({ channel, input });
        return ok(testCatalog);
      case 'segments.estimate': {
        t.calls.push({ channel, input });
        const blocks = args.definition?.blocks ?? [];
        return ok({ total: t.estimateTotal, blockCounts: blocks.map(() => t.estimateTotal), estimated: true, asOf: '2026-01-06T10:00:00.000Z', durationMs: 1 });
      }
      case 'segments.validate':
        t.calls.push({ channel, input });
        return ok({ valid: t.issues.length === 0, issues: t.issues });
      case 'segments.update': {
        t.calls.push({ channel, input });
        if (!seg) return fail('not_found', 'No such segment.');
        const next: SegmentRecord = { ...seg, ...(args as Partial<SegmentRecord>), modifiedAt: '2026-01-06T11:00:00.000Z' };
        t.segments = t.segments.map((s) => (s.id === seg.id ? next : s));
        return ok(next);
      }
      case 'segments.stop': {
        t.calls.push({ channel, input });
        if (!seg) return fail('not_found', 'No such segment.');
        const next: SegmentRecord = { ...seg, status: 'stopped' };
        t.segments = t.segments.map((s) => (s.id === seg.id ? next : s));
        return ok({ segment: next, frozenDependants: [] });
      }
      case 'segments.liveStatus':
        t.calls.push({ channel, input });
        return ok({ id: args.id, status: seg?.status ?? 'live', memberCount: seg?.memberCount ?? null, lastEvaluatedAt: null, nextEvaluationAt: null, needsAttention: false, missingChildren: [], references: [], dependants: [{ id: 'x', name: 'US expo audience', status: 'live' }] });
      default:
        return inner(channel, input);
    }
  };
  return t;
}

function seattle(over: Partial<SegmentRecord> = {}): SegmentRecord {
  return {
    ...fakeSegment('Contacts in Seattle'),
    definition: {
      kind: 'dynamic',
      version: 1,
      blocks: [{ kind: 'profile', id: 'b1', combine: 'union', entity: 'contact', root: { kind: 'group', id: 'g1', combinator: 'and', children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle'] }] } }],
    },
    ...over,
  };
}

const cmd = (name: string | RegExp) => screen.getByRole('button', { name });

describe('segment record page', () => {
  it('opens a draft on its definition with the live estimate; Save waits for a change, Go live is offered', async () => {
    const transport = createRecordTransport([seattle()]);
    renderWithProviders(<SegmentRecordPage id="seg-contacts-in-seattle" />, { transport });
    expect(await screen.findByRole('heading', { name: /Contacts in Seattle/ })).toBeInTheDocument();
    expect(screen.getByTestId('record-status')).toHaveTextContent('Draft');
    expect(await screen.findByTestId('estimate-total', {}, { timeout: 3000 })).toHaveTextContent('42');
    expect(screen.getByText('contacts (estimated)')).toBeInTheDocument();
    expect(cmd('Save')).toBeDisabled();
    expect(screen.getByTestId('cmd-save-reason')).toHaveAttribute('aria-label', 'There are no unsaved changes.');
    expect(cmd('Go live')).toBeEnabled();
    expect(cmd('Stop')).toBeDisabled();
    expect(screen.queryByRole('tab', { name: 'Members' })).not.toBeInTheDocument();
  });

  it('an edit marks the record unsaved, re-estimates after a pause, and Save sends the new definition', async () => {
    const transport = createRecordTransport([seattle()]);
    renderWithProviders(<SegmentRecordPage id="seg-contacts-in-seattle" />, { transport });
    await screen.findByTestId('estimate-total');
    transport.estimateTotal = 7;
    await userEvent.type(await screen.findByRole('textbox', { name: 'Values' }), 'Redmond{Enter}');
    expect(screen.getByText('(unsaved changes)')).toBeInTheDocument();
    expect(cmd('Save and go live')).toBeEnabled();
    await waitFor(() => expect(screen.getByTestId('estimate-total')).toHaveTextContent('7'), { timeout: 3000 });
    await userEvent.click(cmd('Save'));
    await waitFor(() => expect(transport.calls.some((c) => c.channel === 'segments.update')).toBe(true));
    const update = transport.calls.find((c) => c.channel === 'segments.update')?.input as { definition: { blocks: { root: { children: { values: string[] }[] } }[] } };
    expect(update.definition.blocks[0]?.root.children[0]?.values).toEqual(['Seattle', 'Redmond']);
    await waitFor(() => expect(screen.queryByText('(unsaved changes)')).not.toBeInTheDocument());
  });

  it('shows validation problems in place on the row they belong to', async () => {
    const transport = createRecordTransport([seattle()]);
    transport.issues = [{ nodeId: 'r1', path: 'blocks[0].root.children[0]', message: 'Unknown city field' }];
    renderWithProviders(<SegmentRecordPage id="seg-contacts-in-seattle" />, { transport });
    await waitFor(() => expect(document.querySelector('[data-node-id="r1"] [role="alert"]')).toHaveTextContent('Unknown city field'), { timeout: 3000 });
    expect(screen.getByText('1 problem to fix')).toBeInTheDocument();
  });

  it('a live segment is read-only, can be stopped with a warning about its dependants, and follows pushed status events', async () => {
    const transport = createRecordTransport([seattle({ status: 'live', hasBeenLive: true, memberCount: 12 })]);
    renderWithProviders(<SegmentRecordPage id="seg-contacts-in-seattle" />, { transport });
    expect(await screen.findByText('This segment is live and read-only. Stop it to make changes.')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Members' })).toBeInTheDocument();
    expect(screen.getByTestId('record-members')).toHaveTextContent('12 members');
    await userEvent.click(cmd('Stop'));
    const dialog = await screen.findByRole('dialog', { name: /Stop/ });
    expect(await within(dialog).findByText('US expo audience')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Stop anyway' }));
    await waitFor(() => expect(transport.calls.find((c) => c.channel === 'segments.stop')?.input).toEqual({ id: 'seg-contacts-in-seattle', force: true }));
    act(() => transport.emit('segmentStatus.changed', { id: 'seg-contacts-in-seattle', from: 'live', to: 'stopped', needsAttention: false }));
    await waitFor(() => expect(screen.getByTestId('record-status')).toHaveTextContent('Stopped'));
  });

  it('a segment that cannot be found says so instead of a blank page', async () => {
    renderWithProviders(<SegmentRecordPage id="nope" />, { transport: createRecordTransport([]) });
    expect(await screen.findByRole('alert')).toHaveTextContent('The segment could not be opened: No segment with id nope.');
  });
});
