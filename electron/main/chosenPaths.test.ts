import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputSchemas } from '../../shared/api/contract.js';
import { API_METHODS } from '../../shared/api/manifest.js';
import { ChosenPaths, PATH_METHODS } from './chosenPaths.js';

/** The object schema under refinements, or null. */
function objectShape(schema: z.ZodType): Record<string, unknown> | null {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, unknown>;
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion) {
    const shapes = (schema.options as z.ZodType[]).map(objectShape);
    return Object.assign({}, ...shapes.filter((s) => s !== null)) as Record<string, unknown>;
  }
  const inner = (schema as { _zod?: { def?: { in?: z.ZodType; innerType?: z.ZodType; schema?: z.ZodType } } })._zod?.def;
  const next = inner?.innerType ?? inner?.in ?? inner?.schema;
  return next ? objectShape(next) : null;
}

describe('ChosenPaths', () => {
  it('guards every API method whose input takes a path, and only those', () => {
    const withPath = API_METHODS.filter((m) => {
      const shape = objectShape(inputSchemas[m] as z.ZodType);
      return shape !== null && 'path' in shape;
    });
    expect(withPath.sort()).toEqual(Object.keys(PATH_METHODS).sort());
  });

  it('refuses odd path values and lets inputs without a path through', () => {
    const chosen = new ChosenPaths();
    chosen.add('read', ['/data/a.csv']);
    expect(chosen.check('imports.preview', { path: '/data/a.csv' })).toBeNull();
    expect(chosen.check('imports.preview', { path: 42 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(chosen.check('imports.preview', { path: '/data/a.csv ' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(chosen.check('segmentFiles.inspect', { text: '{}' })).toBeNull();
    expect(chosen.check('segmentFiles.inspect', null)).toBeNull();
    expect(chosen.check('segments.list', { path: '/etc/passwd' })).toBeNull();
  });
});
