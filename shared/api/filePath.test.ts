import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputSchemas } from './contract.js';
import { filePath, filePathFields, filePathUse, filePathValues, replaceAt } from './filePath.js';
import { applyPathPolicy, CONTRACT_PATH_FIELDS, pathFieldsOf, withPathPolicy, type PathPolicy } from './pathPolicy.js';

/** Every string field of an object schema anywhere in `schema`, with its key path. */
function stringFieldNames(schema: z.ZodType, at: string[] = [], seen = new Set<z.ZodType>()): string[][] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (def.type === 'string') return [at];
  const out: string[][] = [];
  const shape = def.shape as Record<string, z.ZodType> | undefined;
  if (shape) for (const [k, v] of Object.entries(shape)) out.push(...stringFieldNames(v, [...at, k], seen));
  for (const key of ['innerType', 'in', 'out', 'left', 'right'])
    if (def[key]) out.push(...stringFieldNames(def[key] as z.ZodType, at, seen));
  for (const option of (def.options as z.ZodType[] | undefined) ?? []) out.push(...stringFieldNames(option, at, seen));
  return out;
}

describe('filePath', () => {
  it('is marked with its use, also after further checks are chained on', () => {
    expect(filePathUse(filePath('read'))).toBe('read');
    expect(filePathUse(filePath('write').max(10))).toBe('write');
    expect(filePathUse(z.string())).toBeUndefined();
  });

  it.each([
    ['', /required/],
    ['x'.repeat(4097), /4096/],
    ['/tmp/a\0b.csv', /NUL/],
  ])('refuses %j at the boundary with a message', (value, message) => {
    const r = filePath('read').safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(message);
  });
});

describe('filePathFields', () => {
  it('finds a marked field in a new, synthetic method schema wherever it sits', () => {
    const synthetic: z.ZodType = z
      .strictObject({
        id: z.string(),
        target: filePath('write').optional(),
        nested: z.object({ sources: z.array(filePath('read')).max(3) }).nullable(),
        byName: z.record(z.string(), filePath('read')),
        recursive: z.lazy(() => synthetic).optional(),
      })
      .superRefine(() => {});
    expect(filePathFields(synthetic)).toEqual([
      { at: ['target'], use: 'write' },
      { at: ['nested', 'sources', '*'], use: 'read' },
      { at: ['byName', '*'], use: 'read' },
    ]);
    const union = z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('a'), file: filePath('read') }),
      z.strictObject({ kind: z.literal('b'), file: filePath('read') }),
    ]);
    expect(filePathFields(union)).toEqual([{ at: ['file'], use: 'read' }]);
  });

  it('derives the path methods of any contract, so a new method is covered without a list', () => {
    const schemas = {
      ...(inputSchemas as Record<string, z.ZodType>),
      'reports.save': z.strictObject({
        name: z.string(),
        out: filePath('write'),
      }),
    };
    const fields = pathFieldsOf(schemas);
    expect(fields.get('reports.save')).toEqual([{ at: ['out'], use: 'write' }]);
    const denyAll: PathPolicy = {
      decide: () => ({ ok: false, message: 'no paths here' }),
    };
    expect(applyPathPolicy(denyAll, 'reports.save', { name: 'x', out: '/tmp/r.csv' }, fields)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', issues: [{ path: 'out' }] },
    });
  });

  it('marks exactly these fields of the contract today', () => {
    expect(Object.fromEntries(CONTRACT_PATH_FIELDS)).toEqual({
      'imports.preview': [{ at: ['path'], use: 'read' }],
      'imports.start': [{ at: ['path'], use: 'read' }],
      'segmentFiles.export': [{ at: ['path'], use: 'write' }],
      'segmentFiles.inspect': [{ at: ['path'], use: 'read' }],
      'segmentFiles.import': [{ at: ['path'], use: 'read' }],
      'warehouse.push': [{ at: ['duckdbPath'], use: 'write' }],
      'segments.exportMembers': [{ at: ['path'], use: 'write' }],
      'segments.exportSql': [{ at: ['path'], use: 'write' }],
      'contacts.export': [{ at: ['path'], use: 'write' }],
      'splits.exportMembers': [{ at: ['path'], use: 'write' }],
    });
  });

  it('leaves no string field that names a file unmarked', () => {
    // A new `file`/`path`/`dir`/`folder` string field must be a filePath (or be renamed if it is not a path).
    const unmarked: string[] = [];
    for (const [method, schema] of Object.entries(inputSchemas as Record<string, z.ZodType>)) {
      const marked = new Set((CONTRACT_PATH_FIELDS.get(method) ?? []).map((f) => f.at.join('.')));
      for (const at of stringFieldNames(schema)) {
        const name = at[at.length - 1] ?? '';
        if (/path|file|dir|folder/i.test(name) && !marked.has(at.join('.'))) unmarked.push(`${method}: ${at.join('.')}`);
      }
    }
    expect(unmarked).toEqual([]);
  });
});

describe('filePathValues / replaceAt / applyPathPolicy', () => {
  const fields = [
    { at: ['path'], use: 'read' as const },
    { at: ['more', '*'], use: 'read' as const },
  ];
  it('finds present values (of any type) and skips absent ones', () => {
    expect(filePathValues({ path: 42, more: ['/a', '/b'] }, fields)).toEqual([
      { at: 'path', use: 'read', value: 42 },
      { at: 'more.0', use: 'read', value: '/a' },
      { at: 'more.1', use: 'read', value: '/b' },
    ]);
    expect(filePathValues({ text: '{}' }, fields)).toEqual([]);
    expect(filePathValues(null, fields)).toEqual([]);
  });

  it('replaces a value in a copy and leaves the caller’s input alone', () => {
    const input = { path: 'h1', more: ['h2', 'h3'], keep: { x: 1 } };
    expect(replaceAt(input, 'more.1', '/real')).toEqual({
      path: 'h1',
      more: ['h2', '/real'],
      keep: { x: 1 },
    });
    expect(input.more).toEqual(['h2', 'h3']);
  });

  it('passes the resolved paths on to dispatch, and refuses before dispatch', async () => {
    const policy: PathPolicy = {
      decide: (r) => (r.value === 'ok' ? { ok: true, path: '/resolved' } : { ok: false, message: 'not this one' }),
    };
    const calls: unknown[] = [];
    const dispatch = withPathPolicy(
      async (channel: unknown, input: unknown) => (calls.push([channel, input]), { ok: true as const, value: null }),
      policy,
    );
    expect(await dispatch('imports.preview', { path: 'ok' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await dispatch('imports.preview', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringContaining('not this one'),
      },
    });
    expect(await dispatch('segments.list', { path: '/etc/passwd' })).toEqual({
      ok: true,
      value: null,
    });
    expect(calls).toEqual([
      ['imports.preview', { path: '/resolved' }],
      ['segments.list', { path: '/etc/passwd' }],
    ]);
  });
});
