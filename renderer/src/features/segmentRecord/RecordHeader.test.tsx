// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { importContacts } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { useGetSegmentQuery } from '../segments/segmentsApi';
import { staticApi } from '../staticSegments/staticApi';
import { memberCountLabel, RecordHeader } from './RecordHeader';

const backend = backendPerTest();

const seedContacts = () =>
  importContacts(
    backend,
    Array.from({ length: 9 }, (_, i) => [`c${i + 1}`, `Contact ${i + 1}`, 'Oslo'] as const),
  );

/** The header over the stored record, as the record page feeds it. */
function Header({ id }: { id: string }) {
  const { data } = useGetSegmentQuery(id);
  return data ? <RecordHeader record={data} name={data.name} dirty={false} onBack={() => undefined} /> : null;
}

describe('record header member count', () => {
  // Regression: a static draft has stored members before it is ever evaluated; the header said "No members yet".
  it('shows the stored members of a static draft, and follows additions', async () => {
    await seedContacts();
    const record = await backend.call('segments.create', { name: 'Hand-picked', type: 'static' });
    await backend.call('staticMembers.add', { segmentId: record.id, contactKeys: ['c1', 'c2', 'c3'] });
    const { store } = renderWithProviders(<Header id={record.id} />, { transport: backend.transport });
    expect(await screen.findByText('3 members')).toBeInTheDocument();
    await store.dispatch(staticApi.endpoints.addStaticMembers.initiate({ segmentId: record.id, contactKeys: ['c9'] }));
    expect(await screen.findByText('4 members')).toBeInTheDocument();
  });

  it('counts an empty static draft as none, a live one by its members, and a dynamic draft as not evaluated, asking nothing more', async () => {
    await seedContacts();
    const empty = await backend.call('segments.create', { name: 'Empty', type: 'static' });
    const picked = await backend.call('segments.create', { name: 'Live static', type: 'static' });
    await backend.call('staticMembers.add', { segmentId: picked.id, contactKeys: ['c5'] });
    const { segment: live } = await backend.call('segments.goLive', { id: picked.id });
    const dynamic = await backend.call('segments.create', { name: 'Seattle', type: 'dynamic' });
    for (const record of [empty, live, dynamic])
      renderWithProviders(<RecordHeader record={record} name={record.name} dirty={false} onBack={() => undefined} />, {
        transport: backend.transport,
      });
    expect(screen.getByText('0 members')).toBeInTheDocument();
    expect(screen.getByText('1 member')).toBeInTheDocument();
    expect(screen.getByText('Not evaluated yet')).toBeInTheDocument();
    // The stored count came with each record: no member query was needed.
    expect(backend.transport.calls).toEqual([]);
  });

  it('labels every case', () => {
    expect(memberCountLabel({ type: 'static', memberCount: null }, undefined)).toBe('Counting members…');
    expect(memberCountLabel({ type: 'static', memberCount: null }, 0)).toBe('No members yet');
    expect(memberCountLabel({ type: 'static', memberCount: null }, 1234)).toBe('1,234 members');
    expect(memberCountLabel({ type: 'compound', memberCount: 0 }, undefined)).toBe('0 members');
    expect(memberCountLabel({ type: 'dynamic', memberCount: null }, undefined)).toBe('Not evaluated yet');
  });
});
