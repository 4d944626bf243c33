/** `catalog.update` through the real dispatch on a real SQLite file with the demo catalog. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MethodInput } from '../../../shared/api/contract.js';
import type { ApiError } from '../../../shared/api/result.js';
import type { Catalog } from '../../../shared/models/catalog.js';
import { createBackend, type Backend } from '../index.js';
import { generateDemo } from '../demo/generate.js';

let dir: string;
let backend: Backend;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-catedit-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => Date.UTC(2026, 0, 1) });
  generateDemo(backend.db, { contacts: 20, accounts: 5, interactions: 100, endMs: Date.UTC(2026, 0, 1) });
}, 60_000);

afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Update = MethodInput<'catalog.update'>;

/** `catalog.update` through dispatch; the value typed as the contract says. */
async function update(input: Update): Promise<{ ok: true; value: Catalog } | { ok: false; error: ApiError }> {
  const r = await backend.dispatch('catalog.update', input);
  return r.ok ? { ok: true, value: r.value as Catalog } : r;
}

async function describe(): Promise<Catalog> {
  const r = await backend.dispatch('catalog.describe', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Catalog;
}

const fieldLabel = (c: Catalog, entity: string, field: string) =>
  c.entities.find((e) => e.name === entity)?.fields.find((f) => f.name === field)?.label;

it('relabels a field (trimmed) and returns the catalog with it', async () => {
  const r = await update({ target: 'field', entity: 'CONTACT', field: 'lifetimevalue', label: '  Customer Value ' });
  if (!r.ok) throw new Error(r.error.message);
  expect(fieldLabel(r.value, 'contact', 'lifetimevalue')).toBe('Customer Value');
  expect(fieldLabel(await describe(), 'contact', 'lifetimevalue')).toBe('Customer Value');
});

it('refuses a label another field of the same entity has, naming it, and changes nothing', async () => {
  const before = await describe();
  const r = await update({ target: 'field', entity: 'contact', field: 'jobtitle', label: 'city' });
  expect(r).toMatchObject({
    ok: false,
    error: { code: 'conflict', message: expect.stringContaining('"city" is already the label of another field') },
  });
  expect(await describe()).toEqual(before);
  // The same label on another entity is fine: labels are unique per entity.
  const ok = await update({ target: 'field', entity: 'account', field: 'name', label: 'Job Title' });
  expect(ok.ok).toBe(true);
});

it('relabels interaction types and their fields, unique among types', async () => {
  const r = await update({ target: 'interactionType', interactionType: 'emailsent', label: 'Email Delivered' });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.interactionTypes.find((t) => t.name === 'EmailSent')?.label).toBe('Email Delivered');
  const clash = await update({ target: 'interactionType', interactionType: 'EmailOpened', label: 'email delivered' });
  expect(clash).toMatchObject({ ok: false, error: { code: 'conflict' } });
  const f = await update({ target: 'interactionField', interactionType: 'WebsiteVisited', field: 'url', label: 'Page' });
  if (!f.ok) throw new Error(f.error.message);
  expect(f.value.interactionTypes.find((t) => t.name === 'WebsiteVisited')?.fields.find((x) => x.name === 'url')?.label).toBe('Page');
});

it('names a relationship by its lookup field until it is given its own label, and back with null', async () => {
  const rel = (c: Catalog) => c.relationships.find((x) => x.lookupField === 'parentcustomerid');
  const start = rel(await describe());
  expect(start).toMatchObject({ label: fieldLabel(await describe(), 'contact', 'parentcustomerid'), labelSet: false });
  const name = start?.name ?? '';
  const set = await update({ target: 'relationship', relationship: name, label: 'Employer' });
  if (!set.ok) throw new Error(set.error.message);
  expect(rel(set.value)).toMatchObject({ label: 'Employer', labelSet: true });
  const reset = await update({ target: 'relationship', relationship: name, label: null });
  if (!reset.ok) throw new Error(reset.error.message);
  expect(rel(reset.value)).toMatchObject({ labelSet: false });
});

it('sets an entity label and its primary name field; refuses a field that cannot name a record', async () => {
  const r = await update({ target: 'entity', entity: 'account', label: 'Company', displayField: 'accountid' });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.entities.find((e) => e.name === 'account')).toMatchObject({ label: 'Company', displayField: 'accountid' });
  const bad = await update({ target: 'entity', entity: 'account', displayField: 'numberofemployees' });
  expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'displayField' }] } });
  const back = await update({ target: 'entity', entity: 'account', displayField: 'name' });
  expect(back.ok).toBe(true);
  const dup = await update({ target: 'entity', entity: 'contact', label: 'COMPANY' });
  expect(dup).toMatchObject({ ok: false, error: { code: 'conflict' } });
});

it('says what is missing or malformed, and where', async () => {
  expect(await update({ target: 'field', entity: 'contact', field: 'nosuch', label: 'X' })).toMatchObject({
    ok: false,
    error: { code: 'not_found', message: expect.stringContaining('"nosuch"') },
  });
  expect(await update({ target: 'field', entity: 'contact', field: 'jobtitle', label: '   ' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input', issues: [{ path: 'label', message: 'Enter a label' }] },
  });
  expect(await update({ target: 'entity', entity: 'contact' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' },
  });
  expect(await update({ target: 'field', entity: 'contact', field: 'jobtitle', label: 'a\nb' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input', issues: [{ path: 'label' }] },
  });
});
