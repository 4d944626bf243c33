import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicDefinition } from '../../../shared/segments/ast.js';
import { fixtureCatalog } from '../../../test/fixtures/segmentCatalog.js';
import { createFixtureStore, makeTempDir, removeTempDir, type FixtureStore } from '../../../test/integration/differentialStore.js';
import { main } from '../index.js';

const NOW = '2026-03-15T12:00:00Z';
let dir: string;
let store: FixtureStore;

const contact = (rid: number, city: string | null, children: number | null) => ({
  rid,
  key: `contact-${rid}`,
  values: { address1_city: city, numberofchildren: children },
});

beforeAll(() => {
  dir = makeTempDir('segcli-');
  store = createFixtureStore(path.join(dir, 'cli.sqlite'), fixtureCatalog());
  const t = Date.parse(NOW);
  store.load({
    catalog: fixtureCatalog(),
    entities: {
      contact: [contact(1, 'Seattle', 2), contact(2, 'SEATTLE', 0), contact(3, 'Redmond', 1), contact(4, null, 3)],
      account: [],
      opportunity: [],
    },
    interactions: [
      { type: 'EmailOpened', contactRid: 3, ts: t - 86_400_000, values: {} },
      { type: 'EmailOpened', contactRid: 4, ts: t + 86_400_000, values: {} },
    ],
    segmentMembers: {},
  });
  const def: DynamicDefinition = {
    kind: 'dynamic',
    version: 1,
    blocks: [
      {
        kind: 'interaction',
        id: 'b1',
        combine: 'union',
        interactionType: 'EmailOpened',
        count: { op: 'atLeast', value: 1 },
        window: { kind: 'lifetime' },
      },
    ],
  };
  store.db
    .prepare(
      `INSERT INTO segments (id, name, name_lower, type, status, definition, created_at, modified_at) VALUES ('s1', 'Openers', 'openers', 'dynamic', 'draft', ?, 0, 0)`,
    )
    .run(JSON.stringify(def));
  fs.writeFileSync(path.join(dir, 'def.json'), JSON.stringify(def));
  fs.writeFileSync(path.join(dir, 'broken.json'), '{\n  "kind": "dynamic",\n  "version": 1,\n  "blocks": [,]\n}');
});
afterAll(() => {
  store.close();
  removeTempDir(dir);
});

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['eval', '--db', store.file, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('segment-studio eval', () => {
  it('prints the member keys of query text, one per line', async () => {
    const r = await cli('--query', "PROFILE(contact).FILTER(address1_city == 'seattle')", '--now', NOW);
    expect(r).toMatchObject({ code: 0, out: ['contact-1', 'contact-2'] });
  });

  it('prints only the count with --count', async () => {
    expect(await cli('--query', 'PROFILE(contact).FILTER(numberofchildren >= 1)', '--count')).toMatchObject({ code: 0, out: ['3'] });
  });

  it('evaluates a definition file as of --now: later interactions do not exist yet', async () => {
    expect(await cli('--file', path.join(dir, 'def.json'), '--now', NOW)).toMatchObject({ code: 0, out: ['contact-3'] });
    expect(await cli('--file', path.join(dir, 'def.json'), '--now', '2026-03-20T00:00:00Z')).toMatchObject({
      code: 0,
      out: ['contact-3', 'contact-4'],
    });
  });

  it('evaluates a stored segment by name', async () => {
    expect(await cli('--segment', 'OPENERS', '--now', NOW, '--count')).toMatchObject({ code: 0, out: ['1'] });
  });

  it('reports query text errors on stderr with line and column and exits 1', async () => {
    const r = await cli('--query', "PROFILE(contact)\n.FILTER(address1_city === 'x')");
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toMatch(/^query:2:\d+: /);
  });

  it('reports broken JSON with line and column and exits 1', async () => {
    const r = await cli('--file', path.join(dir, 'broken.json'));
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/broken\.json:4:\d+: not valid JSON/);
  });

  it('refuses an unknown field with the node it belongs to', async () => {
    const r = await cli('--query', "PROFILE(contact).FILTER(nope == 'x')");
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/nope/);
  });

  it('needs exactly one of --query, --file, --segment (exit 2)', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli('--query', 'x', '--segment', 'y')).code).toBe(2);
    expect((await cli('--query', 'PROFILE(contact)', '--now', 'yesterday')).code).toBe(2);
  });
});
