import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SegmentFile } from '../../../../shared/segments/fileFormat.js';
import { fixtureCatalog } from '../../../../test/fixtures/segmentCatalog.js';
import {
  compoundOf,
  createSampleSegments,
  dumpDb,
  openTestBackend,
  seattle,
  type TestBackend,
} from '../../../../test/integration/segmentFilesFixture.js';

let src: TestBackend;
let dst: TestBackend;
let ids: Awaited<ReturnType<typeof createSampleSegments>>;

beforeEach(async () => {
  src = await openTestBackend();
  dst = await openTestBackend();
  ids = await createSampleSegments(src);
});
afterEach(async () => {
  await src.close();
  await dst.close();
});

async function exportText(segmentIds: string[]): Promise<string> {
  const out = await src.call('segmentFiles.export', { segmentIds });
  if (out.text === undefined) throw new Error('no text');
  return out.text;
}

describe('segmentFiles.export', () => {
  it('writes referenced segments along, dependencies first, with file-local ids and no database ids or timestamps', async () => {
    const text = await exportText([ids.expo]);
    const file = JSON.parse(text) as SegmentFile;
    expect(file.segments.map((s) => s.id)).toEqual(['contacts-in-seattle', 'newsletter', 'expo-audience']);
    expect(file.segments[2]?.definition).toEqual(compoundOf('contacts-in-seattle', 'newsletter'));
    expect(file.segments[1]?.members).toEqual(['c1', 'c3']);
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
    expect(text).not.toMatch(/20\d\d-\d\d-\d\dT/);
    expect(file.segments[0]).toMatchObject({
      name: 'Contacts in Seattle',
      description: 'City is Seattle',
      timeZone: 'America/Los_Angeles',
      type: 'dynamic',
    });
    expect(file.segments[0]?.queryText).toContain('address1_city');
    expect(file.segments[2]?.queryText).toContain('Newsletter');
  });

  it('is stable: sorted keys, 2-space indent, trailing newline, identical on a second export', async () => {
    const a = await exportText([ids.expo, ids.big]);
    const b = await exportText([ids.big, ids.expo]);
    expect(a).toBe(b);
    expect(a.endsWith('}\n')).toBe(true);
    expect(a.split('\n')[1]).toBe('  "catalog": {');
  });

  it('lists exactly the catalog parts the definitions use, with types', async () => {
    const file = JSON.parse(await exportText([ids.big])) as SegmentFile;
    expect(file.catalog).toEqual({
      entities: [
        { name: 'account', keyField: 'accountid', fields: [{ name: 'revenue', type: 'decimal' }] },
        { name: 'contact', keyField: 'contactid', fields: [{ name: 'parentcustomerid', type: 'lookup', lookupEntity: 'account' }] },
      ],
      relationships: [
        {
          name: 'contact_account_parentcustomerid',
          referencingEntity: 'contact',
          referencedEntity: 'account',
          lookupField: 'parentcustomerid',
        },
      ],
      interactionTypes: [{ name: 'EmailClicked', fields: [{ name: 'linkId', type: 'integer' }] }],
    });
  });

  it('writes the file to a path atomically and suggests a file name', async () => {
    const target = path.join(src.dir, 'out.segment.json');
    const out = await src.call('segmentFiles.export', { segmentIds: [ids.seattle], path: target });
    expect(out).toMatchObject({ path: target, fileName: 'contacts-in-seattle.segment.json', segmentCount: 1 });
    expect(fs.readFileSync(target, 'utf8')).toBe(await exportText([ids.seattle]));
    expect(fs.readdirSync(src.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to export a segment that uses a deleted segment', async () => {
    await src.call('segments.delete', { id: ids.seattle });
    const err = await src.failure('segmentFiles.export', { segmentIds: [ids.expo] });
    expect(err.code).toBe('invalid_state');
    expect(err.message).toMatch(/"Expo audience" uses a segment that no longer exists/);
  });

  it('leaves static members out on request', async () => {
    const file = JSON.parse(
      (await src.call('segmentFiles.export', { segmentIds: [ids.newsletter], includeMembers: false })).text ?? '',
    ) as SegmentFile;
    expect(file.segments[0]?.members).toBeUndefined();
    expect(file.catalog.entities).toEqual([]);
  });

  it('refuses an unknown segment id and a missing folder', async () => {
    expect((await src.failure('segmentFiles.export', { segmentIds: ['nope'] })).code).toBe('not_found');
    expect((await src.failure('segmentFiles.export', { segmentIds: [ids.seattle], path: path.join(src.dir, 'no', 'x.json') })).code).toBe(
      'invalid_input',
    );
    expect((await src.failure('segmentFiles.export', { segmentIds: [ids.seattle], all: true })).code).toBe('invalid_input');
  });
});

describe('segmentFiles.inspect', () => {
  it('reports conflicts with what the policy does, unknown member keys and mismatches, and changes nothing', async () => {
    const file = JSON.parse(await exportText([ids.expo])) as SegmentFile;
    const newsletter = file.segments[1];
    if (newsletter) newsletter.members = ['c1', 'ghost'];
    await dst.call('segments.create', { name: 'Newsletter', type: 'static' });
    const before = dumpDb(dst);
    const r = await dst.call('segmentFiles.inspect', { text: JSON.stringify(file) });
    expect(r.importable).toBe(true);
    expect(r.segments.map((s) => [s.localId, s.type, s.references, s.memberCount])).toEqual([
      ['contacts-in-seattle', 'dynamic', [], null],
      ['newsletter', 'static', [], 2],
      ['expo-audience', 'compound', ['contacts-in-seattle', 'newsletter'], null],
    ]);
    expect(r.conflicts).toEqual([
      expect.objectContaining({
        localId: 'newsletter',
        existingType: 'static',
        existingStatus: 'draft',
        canReplace: true,
        renamedTo: 'Newsletter (2)',
      }),
    ]);
    expect(r.unknownMemberKeys).toEqual([{ localId: 'newsletter', name: 'Newsletter', count: 1, keys: ['ghost'] }]);
    expect(r.catalogMismatches).toEqual([]);
    expect(dumpDb(dst)).toBe(before);
  });

  it('returns problems instead of failing for a broken file', async () => {
    const r = await dst.call('segmentFiles.inspect', { text: '{"formatVersion": 7}' });
    expect(r).toMatchObject({ importable: false, problems: [{ path: '$.formatVersion' }] });
  });
});

describe('segmentFiles.import', () => {
  it('announces the created segments only after the import committed', async () => {
    const seen: unknown[] = [];
    dst.backend.events.onAny((event, payload) => {
      if (event === 'segment.changed')
        seen.push({
          payload,
          exists: dst.backend.db.prepare('SELECT 1 FROM segments WHERE id = ?').get((payload as { id: string }).id) !== undefined,
        });
    });
    const out = await dst.call('segmentFiles.import', { text: await exportText([ids.expo]) });
    expect(seen).toEqual(out.segmentIds.map((id) => ({ payload: { id, change: 'created' }, exists: true })));
  });

  it('imports every segment as a draft with new ids, references remapped, members matched by key', async () => {
    const text = await exportText([ids.expo]);
    const out = await dst.call('segmentFiles.import', { text });
    expect(out.segments.map((s) => [s.localId, s.action])).toEqual([
      ['contacts-in-seattle', 'created'],
      ['newsletter', 'created'],
      ['expo-audience', 'created'],
    ]);
    const [s, n, e] = out.segmentIds;
    expect(Object.values(ids)).not.toContain(s);
    const expo = await dst.call('segments.get', { id: e ?? '' });
    expect(expo.status).toBe('draft');
    expect(expo.timeZone).toBe('Europe/Berlin');
    expect(expo.definition).toEqual(compoundOf(s ?? '', n ?? ''));
    const seattleCopy = await dst.call('segments.get', { id: s ?? '' });
    expect(seattleCopy.definition).toEqual(seattle);
    expect(
      dst.backend.db
        .prepare('SELECT c.key FROM static_members m JOIN ent_contact c ON c.rid = m.contact_rid WHERE segment_id = ? ORDER BY 1')
        .pluck()
        .all(n),
    ).toEqual(['c1', 'c3']);
  });

  it('renames on a name conflict by default, and reuses the existing segment with skip', async () => {
    const text = await exportText([ids.expo]);
    await dst.call('segments.create', { name: 'newsletter', type: 'static' });
    const renamed = await dst.call('segmentFiles.import', { text });
    expect(renamed.segments.find((s) => s.localId === 'newsletter')).toMatchObject({ name: 'Newsletter (2)', renamedFrom: 'Newsletter' });
    const before = dst.backend.db.prepare('SELECT id FROM segments WHERE name = ?').pluck().get('newsletter') as string;
    const skipped = await dst.call('segmentFiles.import', { text, onConflict: 'skip' });
    expect(skipped.segmentIds).toEqual([]);
    expect(skipped.segments.every((s) => s.action === 'skipped')).toBe(true);
    expect(skipped.segments.find((s) => s.localId === 'newsletter')?.id).toBe(before);
  });

  it('replaces a same-type draft in place (its id stays) and refuses to replace a segment of another type', async () => {
    const text = await exportText([ids.seattle]);
    const existing = await dst.call('segments.create', { name: 'Contacts in Seattle', type: 'dynamic' });
    const out = await dst.call('segmentFiles.import', { text, onConflict: 'replace' });
    expect(out.segments[0]).toMatchObject({ action: 'replaced', id: existing.id });
    expect((await dst.call('segments.get', { id: existing.id })).definition).toEqual(seattle);

    const other = await exportText([ids.newsletter]);
    await dst.call('segments.create', { name: 'Newsletter', type: 'dynamic' });
    const before = dumpDb(dst);
    const err = await dst.failure('segmentFiles.import', { text: other, onConflict: 'replace' });
    expect(err.code).toBe('validation_failed');
    expect(err.issues?.[0]).toMatchObject({ path: '$.segments[0].name' });
    expect(dumpDb(dst)).toBe(before);
  });

  it('reports unknown member keys without failing', async () => {
    const file = JSON.parse(await exportText([ids.newsletter])) as SegmentFile;
    const seg = file.segments[0];
    if (seg) seg.members = ['c1', 'ghost-1', 'ghost-2'];
    const out = await dst.call('segmentFiles.import', { text: JSON.stringify(file) });
    expect(out.unknownMemberKeys).toEqual([{ localId: 'newsletter', name: 'Newsletter', count: 2, keys: ['ghost-1', 'ghost-2'] }]);
  });

  it('refuses a file that does not fit the catalog unless drafts with problems are allowed', async () => {
    const catalog = fixtureCatalog();
    const contact = catalog.entities.find((e) => e.name === 'contact');
    if (contact) contact.fields = contact.fields.filter((f) => f.name !== 'address1_city');
    const narrow = await openTestBackend(catalog);
    try {
      const text = await exportText([ids.seattle]);
      const inspected = await narrow.call('segmentFiles.inspect', { text });
      expect(inspected.importable).toBe(true);
      expect(inspected.catalogMismatches.map((m) => m.path)).toEqual([
        '$.catalog.entities[0].fields[0]',
        '$.segments[0].definition.blocks[0].root.children[0]',
      ]);
      const before = dumpDb(narrow);
      const err = await narrow.failure('segmentFiles.import', { text });
      expect(err.code).toBe('conflict');
      expect(dumpDb(narrow)).toBe(before);
      const out = await narrow.call('segmentFiles.import', { text, allowCatalogMismatch: true });
      expect((await narrow.call('segments.get', { id: out.segmentIds[0] ?? '' })).status).toBe('draft');
    } finally {
      await narrow.close();
    }
  });

  it('refuses a file with problems whole, listing each with its JSON path, and writes nothing', async () => {
    const file = JSON.parse(await exportText([ids.expo])) as SegmentFile;
    const [a, , c] = file.segments;
    if (a?.definition.kind === 'dynamic' && a.definition.blocks[0]?.kind === 'profile') {
      const rule = a.definition.blocks[0].root.children[0];
      if (rule?.kind === 'rule') rule.field = 'nosuchfield';
    }
    if (c) c.timeZone = 'Mars/Olympus';
    const before = dumpDb(dst);
    const err = await dst.failure('segmentFiles.import', { text: JSON.stringify(file) });
    expect(err.code).toBe('validation_failed');
    expect(err.issues).toEqual([
      { path: '$.segments[2].timeZone', message: 'Unknown time zone "Mars/Olympus"' },
      { path: '$.segments[0].definition.blocks[0].root.children[0]', nodeId: 'r1', message: "Unknown field 'nosuchfield' on contact" },
    ]);
    expect(dumpDb(dst)).toBe(before);
  });

  it('refuses reference cycles between segments of the file', async () => {
    const file = JSON.parse(await exportText([ids.expo])) as SegmentFile;
    const loop = {
      ...file.segments[2],
      id: 'loop',
      name: 'Loop',
      definition: compoundOf('expo-audience'),
    } as SegmentFile['segments'][number];
    file.segments[2] = { ...(file.segments[2] as SegmentFile['segments'][number]), definition: compoundOf('contacts-in-seattle', 'loop') };
    file.segments.push(loop);
    const err = await dst.failure('segmentFiles.import', { text: JSON.stringify(file) });
    expect(err.issues?.map((i) => i.message)).toContain('Reference cycle: "Expo audience" → "Loop" → "Expo audience"');
  });

  it('reads a file from a path and reports a missing one', async () => {
    const target = path.join(src.dir, 'x.segment.json');
    await src.call('segmentFiles.export', { segmentIds: [ids.big], path: target });
    const out = await dst.call('segmentFiles.import', { path: target });
    expect(out.segmentIds).toHaveLength(1);
    const missing = await dst.failure('segmentFiles.import', { path: path.join(src.dir, 'missing.json') });
    expect(missing).toMatchObject({ code: 'invalid_input', message: `Cannot open ${path.join(src.dir, 'missing.json')}: no such file.` });
    expect((await dst.failure('segmentFiles.import', { path: src.dir })).message).toMatch(/is not a file/);
  });
});
