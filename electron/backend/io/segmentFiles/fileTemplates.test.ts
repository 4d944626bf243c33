import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../../shared/api/contract.js';
import type { ApiError } from '../../../../shared/api/result.js';
import type { DynamicDefinition } from '../../../../shared/segments/ast.js';
import { builtInTemplate } from '../../../../shared/segments/templateLibrary.js';
import { generateDemo } from '../../demo/generate.js';
import { createBackend, type Backend } from '../../index.js';

const NOW = Date.UTC(2026, 5, 15, 12);
const OLD_FORMAT_FIXTURE = path.resolve(__dirname, '../../../../resources/examples/contacts-in-seattle.segment.json');
let source: Backend;
let target: Backend;

async function call<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await b.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<K>;
}
async function failure<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<ApiError> {
  const r = await b.dispatch(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}
async function demoBackend(): Promise<Backend> {
  const b = await createBackend({ dbPath: ':memory:', host: 'test', now: () => NOW });
  generateDemo(b.db, { contacts: 50, accounts: 10, interactions: 0, endMs: NOW });
  return b;
}

beforeEach(async () => {
  source = await demoBackend();
  target = await demoBackend();
});
afterEach(async () => {
  await source.close();
  await target.close();
});

/** A stored template with a parameter on the account's industry, and a segment to export beside it. */
async function seedSource(): Promise<string> {
  const city = builtInTemplate('builtin:account-industry')?.definition as DynamicDefinition;
  await call(source, 'templates.create', { name: 'Industry contacts', labels: ['B2B'], active: false, definition: city });
  const seg = await call(source, 'segments.create', {
    name: 'Seattle',
    type: 'dynamic',
    definition: {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'profile',
          id: 'b1',
          combine: 'union',
          entity: 'contact',
          root: {
            kind: 'group',
            id: 'g',
            combinator: 'and',
            children: [{ kind: 'rule', id: 'c', field: 'address1_city', operator: 'eq', values: ['Seattle'] }],
          },
        },
      ],
    },
  });
  return seg.id;
}

describe('templates in segment files (format version 2)', () => {
  it('travel with an export and arrive as stored templates, parameters and Active/Inactive intact', async () => {
    const segId = await seedSource();
    const exported = await call(source, 'segmentFiles.export', { segmentIds: [segId], includeTemplates: true });
    const file = JSON.parse(exported.text ?? '') as { formatVersion: number; templates: { name: string; active: boolean }[] };
    expect(file.formatVersion).toBe(2);
    expect(file.templates.map((t) => [t.name, t.active])).toEqual([['Industry contacts', false]]);

    const inspection = await call(target, 'segmentFiles.inspect', { text: exported.text ?? '' });
    expect(inspection.templates).toEqual([{ name: 'Industry contacts', labels: ['B2B'] }]);
    const imported = await call(target, 'segmentFiles.import', { text: exported.text ?? '' });
    expect(imported.templates).toEqual([{ name: 'Industry contacts', action: 'created' }]);
    const stored = (await call(target, 'templates.list', {})).find((t) => t.name === 'Industry contacts');
    expect(stored).toMatchObject({ active: false, labels: ['B2B'], available: true });
    expect(stored?.parameters).toEqual([{ nodeId: 'industry', label: 'Account: Industry', help: 'Which industry? (e.g. Retail)' }]);

    // A second import renames (a template name is unique), a skip policy leaves the stored one alone.
    const again = await call(target, 'segmentFiles.import', { text: exported.text ?? '' });
    expect(again.templates).toEqual([{ name: 'Industry contacts (2)', action: 'created', renamedFrom: 'Industry contacts' }]);
    const skipped = await call(target, 'segmentFiles.import', { text: exported.text ?? '', onConflict: 'skip' });
    expect(skipped.templates).toEqual([{ name: 'Industry contacts', action: 'skipped' }]);
  });

  it('an export without includeTemplates has none', async () => {
    const segId = await seedSource();
    const exported = await call(source, 'segmentFiles.export', { segmentIds: [segId] });
    expect(JSON.parse(exported.text ?? '')).not.toHaveProperty('templates');
  });

  it('reads an old format-version-1 file (no templates)', async () => {
    const text = fs.readFileSync(OLD_FORMAT_FIXTURE, 'utf8');
    expect((JSON.parse(text) as { formatVersion: number }).formatVersion).toBe(1);
    const imported = await call(target, 'segmentFiles.import', { text });
    expect(imported.segments.map((s) => s.action)).toEqual(['created']);
    expect(imported.templates).toEqual([]);
  });

  it('a bad template entry refuses the whole file with its path, and nothing changes', async () => {
    const segId = await seedSource();
    const exported = await call(source, 'segmentFiles.export', { segmentIds: [segId], includeTemplates: true });
    const broken = (exported.text ?? '').replace('"field": "industry"', '"field": "shoe_size"');
    const before = [await call(target, 'segments.list', {}), await call(target, 'templates.list', {})];
    const err = await failure(target, 'segmentFiles.import', { text: broken });
    expect(err.code).toBe('validation_failed');
    expect(err.issues?.[0]).toEqual({
      path: '$.templates[0].definition.blocks[0].root.children[0].children[0]',
      message: `Template "Industry contacts": Unknown field 'shoe_size' on Account`,
    });
    const v1 = (exported.text ?? '').replace('"formatVersion": 2', '"formatVersion": 1');
    expect((await failure(target, 'segmentFiles.import', { text: v1 })).issues).toEqual([
      { path: '$.templates', message: 'Templates need format version 2; this file says version 1.' },
    ]);
    const noHelp = (exported.text ?? '').replace('"help": "Which industry? (e.g. Retail)"', '"help": ""');
    expect((await failure(target, 'segmentFiles.import', { text: noHelp })).issues?.[0]?.path).toBe(
      '$.templates[0].definition.blocks[0].root.children[0].children[0].parameter.help',
    );
    expect([await call(target, 'segments.list', {}), await call(target, 'templates.list', {})]).toEqual(before);
  });
});
