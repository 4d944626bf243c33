import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentFileJsonSchema, segmentFileSchema, stableStringify } from '../../../../shared/segments/fileFormat.js';
import { checkFile } from './fileChecks.js';
import { parseSegmentFileText } from './parseFile.js';

const root = path.resolve(__dirname, '../../../..');
const schemaFile = path.join(root, 'resources/segment-file.schema.json');

describe('the shipped JSON Schema', () => {
  it('is exactly what the zod schema generates (regenerate with SEGMENT_FILE_SCHEMA_WRITE=1 npx vitest run jsonSchema)', () => {
    const generated = stableStringify(segmentFileJsonSchema());
    if (process.env['SEGMENT_FILE_SCHEMA_WRITE'] === '1') fs.writeFileSync(schemaFile, generated);
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(generated);
  });

  it('declares draft 2020-12, the format version and strict objects', () => {
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false, required: ['formatVersion', 'catalog', 'segments'] });
    expect(JSON.stringify(schema)).toContain('"formatVersion":{"anyOf":[{"const":1,"type":"number"},{"const":2,"type":"number"}]}');
    expect(Object.keys((schema['$defs'] ?? {}) as object).sort()).toEqual(['conditionNode', 'groupNode']);
  });
});

describe('the example files in resources/examples', () => {
  const dir = path.join(root, 'resources/examples');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.segment.json'));

  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s parses, passes the file checks and is written in the stable layout', (name) => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const parsed = parseSegmentFileText(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(checkFile(parsed.file)).toEqual([]);
    expect(segmentFileSchema.safeParse(JSON.parse(text)).success).toBe(true);
    expect(stableStringify(JSON.parse(text))).toBe(text);
  });
});
