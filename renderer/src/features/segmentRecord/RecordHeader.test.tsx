// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createChannelTransport } from '../../test/channelTransport';
import { fakeSegment } from '../../test/fakeTransport';
import { renderWithProviders } from '../../test/renderWithProviders';
import { staticApi } from '../staticSegments/staticApi';
import { memberCountLabel, RecordHeader } from './RecordHeader';

describe('record header member count', () => {
  // Regression: a static draft has stored members but memberCount null; the header said "No members yet".
  it('shows the stored members of a static draft, and follows additions', async () => {
    let stored = 3;
    const transport = createChannelTransport({
      'segments.members': () => ({ rows: [], total: stored, nextAfter: null }),
      'staticMembers.add': (input: { contactKeys: string[] }) => {
        stored += input.contactKeys.length;
        return { changed: input.contactKeys.length, unchanged: 0, size: stored };
      },
    });
    const record = fakeSegment('Hand-picked', 'static');
    const { store } = renderWithProviders(<RecordHeader record={record} name={record.name} dirty={false} onBack={() => undefined} />, { transport });
    expect(await screen.findByText('3 members')).toBeInTheDocument();
    expect(transport.calls[0]).toEqual({ channel: 'segments.members', input: { id: record.id, limit: 1 } });
    await store.dispatch(staticApi.endpoints.addStaticMembers.initiate({ segmentId: record.id, contactKeys: ['c9'] }));
    expect(await screen.findByText('4 members')).toBeInTheDocument();
  });

  it('says a static draft without members has none, and asks nothing for evaluated or dynamic segments', async () => {
    const transport = createChannelTransport({ 'segments.members': () => ({ rows: [], total: 0, nextAfter: null }) });
    const empty = fakeSegment('Empty', 'static');
    renderWithProviders(<RecordHeader record={empty} name={empty.name} dirty={false} onBack={() => undefined} />, { transport });
    expect(await screen.findByText('No members yet')).toBeInTheDocument();

    const live = { ...fakeSegment('Live static', 'static'), status: 'live' as const, memberCount: 1 };
    const dynamic = fakeSegment('Seattle');
    const calls = transport.calls.length;
    renderWithProviders(<RecordHeader record={live} name={live.name} dirty={false} onBack={() => undefined} />, { transport });
    renderWithProviders(<RecordHeader record={dynamic} name={dynamic.name} dirty={false} onBack={() => undefined} />, { transport });
    expect(screen.getByText('1 member')).toBeInTheDocument();
    expect(screen.getByText('Not evaluated yet')).toBeInTheDocument();
    expect(transport.calls.length).toBe(calls);
  });

  it('labels every case', () => {
    expect(memberCountLabel({ type: 'static', memberCount: null }, undefined)).toBe('Counting members…');
    expect(memberCountLabel({ type: 'static', memberCount: null }, 1234)).toBe('1,234 members');
    expect(memberCountLabel({ type: 'compound', memberCount: 0 }, undefined)).toBe('0 members');
    expect(memberCountLabel({ type: 'dynamic', memberCount: null }, undefined)).toBe('Not evaluated yet');
  });
});
