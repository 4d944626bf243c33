import { describe, expect, it } from 'vitest';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { emptyDefinition } from '../../../../shared/segments/ast';
import { copyName, draftOf, isDirty, updateInput } from './recordDraft';

const record: SegmentRecord = {
  id: 's1',
  name: 'Seattle',
  type: 'dynamic',
  status: 'draft',
  memberCount: null,
  lastEvaluatedAt: null,
  needsAttention: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  modifiedAt: '2026-01-01T00:00:00.000Z',
  description: '',
  timeZone: 'UTC',
  owner: 'me',
  definition: emptyDefinition('dynamic'),
  hasBeenLive: false,
};

describe('record draft', () => {
  it('is clean when nothing changed and sends nothing', () => {
    expect(isDirty(record, draftOf(record))).toBe(false);
    expect(updateInput(record, draftOf(record))).toBeNull();
  });

  it('sends only what changed', () => {
    const draft = { ...draftOf(record), name: 'Seattle contacts', timeZone: 'Europe/Berlin' };
    expect(updateInput(record, draft)).toEqual({ id: 's1', name: 'Seattle contacts', timeZone: 'Europe/Berlin' });
  });

  it('a stopped segment saves everything that changed: name, description, owner, time zone and definition', () => {
    const stopped = { ...record, status: 'stopped' as const };
    const def = { kind: 'dynamic' as const, version: 1 as const, blocks: [] };
    const draft = { ...draftOf(stopped), name: 'Other', description: 'D', owner: 'O', timeZone: 'Europe/Berlin', definition: def };
    expect(isDirty(stopped, draft)).toBe(true);
    expect(updateInput(stopped, draft)).toEqual({
      id: 's1',
      name: 'Other',
      description: 'D',
      owner: 'O',
      timeZone: 'Europe/Berlin',
      definition: def,
    });
  });

  it('a live segment saves nothing from the form', () => {
    const live = { ...record, status: 'live' as const };
    expect(updateInput(live, { ...draftOf(live), name: 'Other' })).toBeNull();
  });

  it('a definition that comes back with its keys in another order is not a change', () => {
    const reordered = JSON.parse(
      '{"version":1,"blocks":[{"root":{"children":[],"combinator":"and","kind":"group","id":"g1"},"entity":"contact","combine":"union","id":"b1","kind":"profile"}],"kind":"dynamic"}',
    );
    expect(isDirty(record, { ...draftOf(record), definition: reordered })).toBe(false);
  });

  it('names a copy that is free', () => {
    expect(copyName('VIP', ['VIP'])).toBe('VIP (copy)');
    expect(copyName('VIP', ['VIP', 'vip (COPY)', 'VIP (copy 2)'])).toBe('VIP (copy 3)');
  });
});
