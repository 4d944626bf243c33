/**
 * Fuzz: thousands of mutated and random segment files go through `segmentFiles.import`. Each one is
 * either refused with a clear error (stable code, message, JSON paths) and leaves the database exactly
 * as it was, or imported correctly (drafts whose definitions are the file's with ids remapped). Never
 * an internal error, never a partial write.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../shared/api/result.js';
import type { SegmentFileImport } from '../../shared/api/contract/segmentFiles.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { SegmentFile } from '../../shared/segments/fileFormat.js';
import { createSampleSegments, dumpDb, openTestBackend, type TestBackend } from './segmentFilesFixture.js';

let src: TestBackend;
let dst: TestBackend;
let bases: string[] = [];

beforeAll(async () => {
  src = await openTestBackend();
  const ids = await createSampleSegments(src);
  const text = async (segmentIds: string[]): Promise<string> => (await src.call('segmentFiles.export', { segmentIds })).text ?? '';
  bases = [await text([ids.expo, ids.big]), await text([ids.seattle]), await text([ids.newsletter]), await text([ids.expo])];
  dst = await openTestBackend();
  // Existing names in the target make every conflict policy take part.
  await dst.call('segments.create', { name: 'Newsletter', type: 'static' });
  await dst.call('segments.create', { name: 'Contacts in Seattle', type: 'dynamic' });
});
afterAll(async () => {
  await src.close();
  await dst.close();
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type PathPart = string | number;

/** Every path into a JSON value (containers included). */
function paths(v: Json, at: PathPart[] = [], out: PathPart[][] = []): PathPart[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function getAt(root: Json, p: PathPart[]): Json | undefined {
  let cur: Json | undefined = root;
  for (const k of p) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, Json>)[k as string] : undefined;
  return cur;
}

/** Replaces (or with `undefined` deletes) the value at `p`; the root itself is replaced by returning it. */
function setAt(root: Json, p: PathPart[], value: Json | undefined): Json {
  if (p.length === 0) return value ?? null;
  const parent = getAt(root, p.slice(0, -1));
  const last = p[p.length - 1] as PathPart;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (parent !== null && typeof parent === 'object') {
    const obj = parent as Record<string, Json>;
    if (value === undefined) delete obj[last];
    else obj[last] = value;
  }
  return root;
}

/** The `$`-rooted JSON path the importer reports for a property path. */
function jsonPathOf(p: PathPart[]): string {
  return p.reduce<string>(
    (out, k) =>
      typeof k === 'number' ? `${out}[${k}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${out}.${k}` : `${out}[${JSON.stringify(k)}]`,
    '$',
  );
}

const nest = (depth: number, leaf: Json): Json => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { n: v };
  return v;
};

type Mutation =
  | { kind: 'replace'; pick: number; value: Json }
  | { kind: 'delete'; pick: number }
  | { kind: 'addKey'; pick: number; key: string; value: Json }
  | { kind: 'deep'; pick: number; depth: number }
  | { kind: 'huge'; pick: number; length: number }
  | { kind: 'version'; value: Json }
  | { kind: 'cycle'; a: number; b: number }
  | { kind: 'duplicate'; a: number; b: number; field: 'id' | 'name' }
  | { kind: 'dangling'; a: number; target: string }
  | { kind: 'surrogate'; pick: number; unit: string; inKey: boolean }
  | { kind: 'deepGroups'; a: number; depth: number };

const LONE_UNITS = ['\ud800', '\udbff', '\udc00', '\udfff'];
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Wraps the root group of `def`'s first profile block in `depth` more groups (the file keeps its meaning). */
function deepen(def: Json | undefined, depth: number): void {
  const blocks = def !== null && typeof def === 'object' && !Array.isArray(def) ? def['blocks'] : undefined;
  const block = Array.isArray(blocks)
    ? blocks.find((b) => b !== null && typeof b === 'object' && !Array.isArray(b) && b['kind'] === 'profile')
    : undefined;
  if (!block || typeof block !== 'object' || Array.isArray(block)) return;
  let root = block['root'] ?? null;
  for (let i = 0; i < depth; i++) root = { kind: 'group', id: `deep${i}`, combinator: i % 2 ? 'or' : 'and', children: [root] };
  block['root'] = root;
}

const arbJson = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: arbJson }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('addKey' as const), pick: fc.nat(), key: fc.string({ maxLength: 12 }), value: arbJson }),
  fc.record({ kind: fc.constant('deep' as const), pick: fc.nat(), depth: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant('huge' as const), pick: fc.nat(), length: fc.integer({ min: 9_990, max: 30_000 }) }),
  fc.record({
    kind: fc.constant('version' as const),
    value: fc.oneof(fc.integer(), fc.constant(3), fc.constant('1'), fc.constant(null), fc.double()) as fc.Arbitrary<Json>,
  }),
  fc.record({ kind: fc.constant('cycle' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), a: fc.nat(), b: fc.nat(), field: fc.constantFrom('id' as const, 'name' as const) }),
  fc.record({ kind: fc.constant('dangling' as const), a: fc.nat(), target: fc.constantFrom('nope', 'newsletter', 'big-accounts') }),
  fc.record({ kind: fc.constant('surrogate' as const), pick: fc.nat(), unit: fc.constantFrom(...LONE_UNITS), inKey: fc.boolean() }),
  fc.record({ kind: fc.constant('deepGroups' as const), a: fc.nat(), depth: fc.integer({ min: 1, max: 40 }) }),
);

function mutate(file: Json, m: Mutation): Json {
  const all = paths(file);
  const at = (pick: number): PathPart[] => all[pick % all.length] ?? [];
  const segments = (getAt(file, ['segments']) ?? []) as Json[];
  const seg = (i: number): Record<string, Json> | undefined => {
    const s = Array.isArray(segments) && segments.length > 0 ? segments[i % segments.length] : undefined;
    return s !== null && typeof s === 'object' && !Array.isArray(s) ? s : undefined;
  };
  switch (m.kind) {
    case 'replace':
      return setAt(file, at(m.pick), m.value);
    case 'delete':
      return setAt(file, at(m.pick), undefined);
    case 'addKey': {
      const target = getAt(file, at(m.pick));
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, Json>)[m.key] = m.value;
      return file;
    }
    case 'deep':
      return setAt(file, at(m.pick), nest(m.depth, 'x'));
    case 'huge':
      return setAt(file, at(m.pick), 'é'.repeat(m.length));
    case 'version':
      return setAt(file, ['formatVersion'], m.value);
    case 'cycle': {
      const a = seg(m.a);
      const b = seg(m.b);
      if (!a || !b) return file;
      const ref = (id: Json): Json => ({
        kind: 'compound',
        version: 1,
        blocks: [{ kind: 'segment', id: 's1', combine: 'union', segmentId: id }],
      });
      a['type'] = 'compound';
      b['type'] = 'compound';
      a['definition'] = ref(b['id'] ?? null);
      b['definition'] = ref(a['id'] ?? null);
      delete a['members'];
      delete b['members'];
      return file;
    }
    case 'duplicate': {
      const a = seg(m.a);
      const b = seg(m.b);
      if (a && b) a[m.field] = b[m.field] ?? null;
      return file;
    }
    case 'surrogate': {
      // A lone surrogate in a string or a key: JSON.stringify writes it as a \\uD800 escape.
      const p = at(m.pick);
      const v = getAt(file, p);
      const last = p[p.length - 1];
      if (m.inKey && typeof last === 'string') {
        const parent = getAt(file, p.slice(0, -1)) as Record<string, Json>;
        delete parent[last];
        parent[`${last}${m.unit}`] = v ?? null;
        return file;
      }
      return setAt(file, p, typeof v === 'string' ? `${v.slice(0, 3)}${m.unit}${v.slice(3)}` : m.unit);
    }
    case 'deepGroups':
      deepen(seg(m.a)?.['definition'], m.depth);
      return file;
    case 'dangling': {
      const a = seg(m.a);
      if (a) {
        a['type'] = 'compound';
        a['definition'] = { kind: 'compound', version: 1, blocks: [{ kind: 'segment', id: 's1', combine: 'union', segmentId: m.target }] };
        delete a['members'];
      }
      return file;
    }
  }
}

const arbPolicy = fc.record({
  onConflict: fc.constantFrom('rename' as const, 'replace' as const, 'skip' as const),
  allowCatalogMismatch: fc.boolean(),
});

function remap(def: SegmentDefinition, ids: Map<string, string>): SegmentDefinition {
  if (def.kind === 'static') return def;
  return {
    ...def,
    blocks: def.blocks.map((b) => (b.kind === 'segment' ? { ...b, segmentId: ids.get(b.segmentId) ?? b.segmentId } : b)),
  } as SegmentDefinition;
}

/** How many files were imported / refused, per property (both outcomes must occur for the fuzz to mean something). */
const tally = { imported: 0, refused: 0 };

/** The outcome is a clear refusal with nothing written, or exactly the file's segments as drafts. */
function checkOutcome(result: ApiResult<unknown>, before: string, fileText: () => string): void {
  if (result.ok) tally.imported++;
  else tally.refused++;
  if (!result.ok) {
    expect(['validation_failed', 'conflict', 'invalid_input']).toContain(result.error.code);
    expect(result.error.message.length).toBeGreaterThan(10);
    if (result.error.code === 'validation_failed' || result.error.code === 'conflict') {
      expect(result.error.issues?.length ?? 0).toBeGreaterThan(0);
      for (const i of result.error.issues ?? []) expect(i.path.startsWith('$')).toBe(true);
    }
    expect(dumpDb(dst)).toBe(before);
    return;
  }
  const out = result.value as SegmentFileImport;
  const file = JSON.parse(fileText().replace(/^\uFEFF/, '')) as SegmentFile;
  const ids = new Map(out.segments.map((s) => [s.localId, s.id]));
  expect(out.segments.map((s) => s.localId)).toEqual(file.segments.map((s) => s.id));
  for (const s of out.segments) {
    if (s.action === 'skipped') continue;
    const fs0 = file.segments.find((f) => f.id === s.localId);
    const row = dst.backend.db.prepare('SELECT * FROM segments WHERE id = ?').get(s.id) as
      { status: string; type: string; definition: string; name: string } | undefined;
    expect(row?.status).toBe('draft');
    expect(row?.type).toBe(fs0?.type);
    expect(row?.name).toBe(s.name);
    if (fs0) expect(JSON.parse(row?.definition ?? 'null')).toEqual(remap(fs0.definition, ids));
  }
  // Drop what was created so the target stays small (and every later dump cheap).
  const db = dst.backend.db;
  for (const s of out.segments.filter((x) => x.action === 'created')) {
    for (const table of ['segments WHERE id', 'segment_transitions WHERE segment_id', 'static_members WHERE segment_id'])
      db.prepare(`DELETE FROM ${table} = ?`).run(s.id);
  }
}

const tmpFile = (): string => path.join(dst.dir, 'fuzz.segment.json');

describe('segment file fuzzing', () => {
  it('mutated files are refused cleanly or imported correctly', async () => {
    Object.assign(tally, { imported: 0, refused: 0 });
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(arbMutation, { minLength: 1, maxLength: 3 }), arbPolicy, async (which, mutations, policy) => {
        let file = JSON.parse(bases[which % bases.length] ?? '{}') as Json;
        for (const m of mutations) file = mutate(file, m);
        const text = JSON.stringify(file) ?? 'null';
        const before = dumpDb(dst);
        const result = await dst.backend.dispatch('segmentFiles.import', { text, ...policy });
        checkOutcome(result, before, () => text);
        // Text that cannot be stored as UTF-8 never gets in, wherever it hides.
        if (mutations.some((m) => m.kind === 'surrogate') && LONE.test(JSON.stringify(JSON.parse(text)) ?? ''))
          expect(result.ok).toBe(false);
      }),
      { numRuns: 1200 },
    );
    if (process.env['FUZZ_TALLY']) process.stderr.write(`mutated: ${JSON.stringify(tally)}\n`);
    expect(tally.imported).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(tally.imported);
  });

  it('an unpaired surrogate anywhere (reproduction 7: a name "Combo\\ud800") is refused with its JSON path and writes nothing', async () => {
    const base = JSON.parse(bases[1] ?? '{}') as Json;
    const strings = paths(base).filter((p) => typeof getAt(base, p) === 'string');
    expect(strings.length).toBeGreaterThan(10);
    const combo = JSON.parse(bases[1] ?? '{}') as { segments: { name: string }[] };
    (combo.segments[0] as { name: string }).name = 'Combo\ud800';
    const reproText = JSON.stringify(combo);
    expect(reproText).toContain('"Combo\\ud800"');
    const cases = [{ text: reproText, path: '$.segments[0].name' }];
    for (const p of strings) {
      const file = JSON.parse(bases[1] ?? '{}') as Json;
      const v = getAt(file, p) as string;
      cases.push({ text: JSON.stringify(setAt(file, p, `${v}\udc00`)), path: jsonPathOf(p) });
    }
    for (const { text, path: where } of cases) {
      const before = dumpDb(dst);
      const result = await dst.backend.dispatch('segmentFiles.import', { text, onConflict: 'rename' });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.issues?.[0]?.path).toBe(where);
        expect(result.error.issues?.[0]?.message).toMatch(/invalid character U\+D[89A-F][0-9A-F]{2} \(half of a surrogate pair/);
      }
      expect(dumpDb(dst)).toBe(before);
    }
  });

  it('condition groups nested up to the limit import; deeper ones are refused at the first group over it', async () => {
    for (const depth of [19, 20, 21, 27]) {
      const file = JSON.parse(bases[1] ?? '{}') as { segments: Record<string, Json>[] };
      const seg = file.segments[0] as Record<string, Json>;
      deepen(seg['definition'], depth - 1);
      const before = dumpDb(dst);
      const result = await dst.backend.dispatch('segmentFiles.import', { text: JSON.stringify(file), onConflict: 'rename' });
      if (depth <= 20) {
        checkOutcome(result, before, () => JSON.stringify(file));
        expect(result.ok).toBe(true);
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.issues?.[0]).toMatchObject({
            path: `$.segments[0].definition.blocks[0].root${'.children[0]'.repeat(20)}`,
            message: expect.stringMatching(/nested too deeply: at most 20 levels/),
          });
        }
        expect(dumpDb(dst)).toBe(before);
      }
    }
  });

  it('random JSON and random text are refused cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
        ),
        async (text) => {
          const before = dumpDb(dst);
          const result = await dst.backend.dispatch('segmentFiles.import', { text });
          checkOutcome(result, before, () => text);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('byte-level damage (truncation, flipped and invalid UTF-8 bytes) read from disk is refused cleanly or imported correctly', async () => {
    Object.assign(tally, { imported: 0, refused: 0 });
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(
          fc.record({
            at: fc.nat(),
            byte: fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 0x7f })),
            op: fc.constantFrom('set' as const, 'insert' as const, 'truncate' as const),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (which, edits) => {
          let bytes = Buffer.from(bases[which % bases.length] ?? '');
          for (const e of edits) {
            const i = e.at % Math.max(1, bytes.length);
            if (e.op === 'set') bytes[i] = e.byte;
            else if (e.op === 'insert') bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([e.byte]), bytes.subarray(i)]);
            else bytes = bytes.subarray(0, i);
          }
          fs.writeFileSync(tmpFile(), bytes);
          const before = dumpDb(dst);
          const result = await dst.backend.dispatch('segmentFiles.import', { path: tmpFile(), onConflict: 'rename' });
          checkOutcome(result, before, () => bytes.toString('utf8'));
        },
      ),
      { numRuns: 500 },
    );
    // Most byte damage breaks the file (about 1% still imports, e.g. a changed letter in a description).
    if (process.env['FUZZ_TALLY']) process.stderr.write(`bytes: ${JSON.stringify(tally)}\n`);
    expect(tally.refused).toBeGreaterThan(tally.imported);
  });

  it('a file over 20 MB on disk is refused before it is read', async () => {
    fs.writeFileSync(tmpFile(), Buffer.alloc(20 * 1024 * 1024 + 1, 0x20));
    const before = dumpDb(dst);
    const result = await dst.backend.dispatch('segmentFiles.import', { path: tmpFile() });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.[0]?.message).toMatch(/at most 20\.0 MB/);
    expect(dumpDb(dst)).toBe(before);
  });
});
