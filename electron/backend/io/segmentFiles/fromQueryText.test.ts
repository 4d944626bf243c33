import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSampleSegments, dumpDb, openTestBackend, type TestBackend } from '../../../../test/integration/segmentFilesFixture.js';

let t: TestBackend;
let ids: Awaited<ReturnType<typeof createSampleSegments>>;

beforeEach(async () => {
  t = await openTestBackend();
  ids = await createSampleSegments(t);
});
afterEach(async () => {
  await t.close();
});

describe('segments.fromQueryText', () => {
  it('creates a dynamic draft from query text', async () => {
    const s = await t.call('segments.fromQueryText', {
      name: 'From text',
      text: "PROFILE(contact).FILTER(address1_city == 'Seattle')",
      timeZone: 'Europe/Berlin',
    });
    expect(s).toMatchObject({ name: 'From text', type: 'dynamic', status: 'draft', timeZone: 'Europe/Berlin' });
    expect(s.definition.kind).toBe('dynamic');
    if (s.definition.kind === 'dynamic') expect(s.definition.blocks[0]?.kind).toBe('profile');
  });

  it('creates a compound draft whose SEGMENT(…) names resolve to existing segments', async () => {
    const s = await t.call('segments.fromQueryText', {
      name: 'Both',
      type: 'compound',
      text: "SEGMENT('Contacts in Seattle')\nUNION SEGMENT(Newsletter)",
    });
    expect(s.type).toBe('compound');
    expect(s.definition.kind === 'compound' && s.definition.blocks.map((b) => b.segmentId)).toEqual([ids.seattle, ids.newsletter]);
  });

  it('refuses text with errors, naming line and column, and creates nothing', async () => {
    const before = dumpDb(t);
    const err = await t.failure('segments.fromQueryText', { name: 'Bad', text: "PROFILE(contact).FILTER(\n  nosuchfield == 'x')" });
    expect(err.code).toBe('validation_failed');
    expect(err.issues?.[0]?.path).toMatch(/^text:2:\d+$/);
    expect(err.issues?.[0]?.message).toMatch(/^Line 2, column \d+: .*nosuchfield/);
    expect(dumpDb(t)).toBe(before);
  });

  it('refuses a name that is taken', async () => {
    expect(
      (await t.failure('segments.fromQueryText', { name: 'newsletter', text: "PROFILE(contact).FILTER(address1_city == 'Seattle')" })).code,
    ).toBe('conflict');
  });
});
