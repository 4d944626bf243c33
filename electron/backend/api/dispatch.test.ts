import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../index.js';

let dir: string;
let backend: Backend;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-dispatch-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => Date.UTC(2026, 0, 1) });
});
afterEach(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const tableDump = (b: Backend) =>
  JSON.stringify(b.db.prepare('SELECT * FROM segments ORDER BY id').all()) +
  JSON.stringify(b.db.prepare('SELECT * FROM segment_transitions ORDER BY id').all());

describe('dispatch', () => {
  it('creates, reads, lists, updates and deletes a segment through the envelope', async () => {
    const created = await backend.dispatch('segments.create', { name: 'Seattle', type: 'dynamic' });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const seg = created.value as { id: string; status: string; definition: { kind: string } };
    expect(seg.status).toBe('draft');
    expect(seg.definition.kind).toBe('dynamic');

    const list = await backend.dispatch('segments.list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(1);

    const updated = await backend.dispatch('segments.update', { id: seg.id, description: 'People in Seattle' });
    expect(updated.ok && (updated.value as { description: string }).description).toBe('People in Seattle');

    const del = await backend.dispatch('segments.delete', { id: seg.id });
    expect(del.ok).toBe(true);
    const gone = await backend.dispatch('segments.get', { id: seg.id });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('rejects a channel that is not in the manifest', async () => {
    const r = await backend.dispatch('segments.dropAll', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  // Every method, fed inputs of the wrong shape, answers {ok:false} with a message and writes nothing.
  const badInputs: [string, unknown][] = [
    ['app.info', { extra: 1 }],
    ['catalog.describe', 'nope'],
    ['catalog.lookupRecords', {}],
    ['catalog.lookupRecords', { entity: 'account', search: 'x', keys: ['A1'] }],
    ['catalog.lookupRecords', { entity: 'account', limit: 0 }],
    ['catalog.lookupRecords', { entity: 'account', keys: 'A1' }],
    ['catalog.lookupRecords', { entity: 'no such entity', search: 'x' }],
    ['segments.list', { type: 'weird' }],
    ['segments.create', { name: '', type: 'dynamic' }],
    ['segments.create', { name: 'x', type: 'magic' }],
    ['segments.create', { name: 'x', type: 'dynamic', definition: { kind: 'dynamic', version: 1, blocks: [] } }],
    ['segments.create', { name: 'x', type: 'dynamic', timeZone: 'Mars/Olympus' }],
    [
      'segments.create',
      {
        name: 'x',
        type: 'static',
        definition: { kind: 'dynamic', version: 1, blocks: [{ kind: 'segment', id: 'b', combine: 'union', segmentId: 's' }] },
      },
    ],
    ['segments.get', { id: 42 }],
    ['segments.update', { name: 'no id' }],
    ['segments.delete', null],
  ];
  it.each(badInputs)('refuses bad input to %s with a clear message and changes nothing', async (channel, input) => {
    await backend.dispatch('segments.create', { name: 'Existing', type: 'static' });
    const before = tableDump(backend);
    const r = await backend.dispatch(channel, input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(['invalid_input', 'not_found']).toContain(r.error.code);
    expect(r.error.message.length).toBeGreaterThan(10);
    expect(tableDump(backend)).toBe(before);
  });

  it('refuses a duplicate name (case-insensitive) and keeps the first', async () => {
    await backend.dispatch('segments.create', { name: 'VIP', type: 'static' });
    const r = await backend.dispatch('segments.create', { name: 'vip', type: 'dynamic' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const list = await backend.dispatch('segments.list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
  });

  it('persists across reopen and records the creation transition', async () => {
    const r = await backend.dispatch('segments.create', { name: 'Persisted', type: 'compound' });
    expect(r.ok).toBe(true);
    const file = (backend.db as unknown as { name: string }).name;
    await backend.close();
    backend = await createBackend({ dbPath: file, host: 'test' });
    const list = await backend.dispatch('segments.list', { search: 'persis' });
    expect(list.ok && (list.value as { name: string }[]).map((s) => s.name)).toEqual(['Persisted']);
    const log = backend.db.prepare('SELECT action, to_status FROM segment_transitions').all();
    expect(log).toEqual([{ action: 'create', to_status: 'draft' }]);
  });
});
