import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SEGMENT_FILE_BYTES, stableStringify } from '../../../../shared/segments/fileFormat.js';
import { invalidUtf8Offset, jsonPath, parseSegmentFileBytes, parseSegmentFileText, type ParseOutcome } from './parseFile.js';

const example = fs.readFileSync(path.resolve(__dirname, '../../../../resources/examples/expo-audience.segment.json'), 'utf8');
const exampleObject = (): Record<string, unknown> => JSON.parse(example) as Record<string, unknown>;

function problems(outcome: ParseOutcome): { path: string; message: string }[] {
  if (outcome.ok) throw new Error('expected problems');
  return outcome.problems.map((p) => ({ path: p.path, message: p.message }));
}

describe('parseSegmentFileText', () => {
  it('reads a valid file, with or without a byte order mark', () => {
    expect(parseSegmentFileText(example).ok).toBe(true);
    expect(parseSegmentFileText(`\uFEFF${example}`).ok).toBe(true);
  });

  it('says where invalid JSON breaks, by line and column', () => {
    const [p] = problems(parseSegmentFileText('{\n  "formatVersion": 1,\n  oops\n}'));
    expect(p?.path).toBe('$');
    expect(p?.message).toMatch(/^The file is not valid JSON at line 3, column 3/);
  });

  it('refuses an empty file and a non-object', () => {
    expect(problems(parseSegmentFileText('  \n'))[0]?.message).toBe('The file is empty.');
    expect(problems(parseSegmentFileText('[1,2]'))[0]?.message).toMatch(/is a JSON object/);
  });

  it('names unknown and missing format versions', () => {
    expect(problems(parseSegmentFileText(JSON.stringify({ ...exampleObject(), formatVersion: 3 })))).toEqual([
      {
        path: '$.formatVersion',
        message: 'Format version 3 is not supported; this version of Segment Studio reads format versions 1 and 2.',
      },
    ]);
    const { formatVersion: _dropped, ...rest } = exampleObject();
    expect(problems(parseSegmentFileText(JSON.stringify(rest)))[0]?.path).toBe('$.formatVersion');
  });

  it('reports every schema problem with its JSON path', () => {
    const file = exampleObject();
    const segments = file['segments'] as Record<string, unknown>[];
    (segments[0] as Record<string, unknown>)['name'] = 42;
    (segments[1] as Record<string, unknown>)['colour'] = 'red';
    const found = problems(parseSegmentFileText(JSON.stringify(file)));
    expect(found.map((p) => p.path)).toEqual(['$.segments[0].name', '$.segments[1]']);
    expect(found[1]?.message).toMatch(/colour/);
  });

  it('points into definitions at the most specific branch', () => {
    const file = exampleObject();
    const def = (file['segments'] as { definition: { blocks: { root: { children: Record<string, unknown>[] } }[] } }[])[0]?.definition;
    const rule = def?.blocks[0]?.root.children[0];
    if (rule) rule['operator'] = 'resembles';
    expect(problems(parseSegmentFileText(JSON.stringify(file)))[0]?.path).toBe(
      '$.segments[0].definition.blocks[0].root.children[0].operator',
    );
  });

  it('refuses nesting deeper than 64 levels before parsing, even far deeper than the parser could take', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(problems(parseSegmentFileText(deep))[0]?.message).toMatch(/nested deeper than 64 levels \(at line 1, column 65\)/);
    // Brackets inside strings do not count.
    const file = exampleObject();
    file['generator'] = '['.repeat(150);
    expect(parseSegmentFileText(JSON.stringify(file)).ok).toBe(true);
  });

  it('refuses strings longer than 10,000 characters with their path', () => {
    const file = exampleObject();
    (file['segments'] as Record<string, unknown>[])[2] = {
      ...(file['segments'] as Record<string, unknown>[])[2],
      description: 'x'.repeat(10_001),
    };
    expect(problems(parseSegmentFileText(JSON.stringify(file)))).toEqual([
      { path: '$.segments[2].description', message: 'The text is 10001 characters long; at most 10000 are allowed.' },
    ]);
  });

  it('refuses text larger than 20 MB', () => {
    expect(problems(parseSegmentFileText('x', MAX_SEGMENT_FILE_BYTES + 1))[0]?.message).toMatch(/at most 20\.0 MB/);
  });

  it('refuses unpaired surrogates', () => {
    const file = exampleObject();
    file['generator'] = 'bad \uD800 text';
    expect(problems(parseSegmentFileText(JSON.stringify(file).replace('\\ud800', '\uD800')))[0]?.message).toMatch(/unpaired surrogate/);
  });
});

describe('parseSegmentFileBytes', () => {
  it('refuses invalid UTF-8 and says at which byte', () => {
    const bytes = Buffer.concat([Buffer.from('{"formatVersion": 1, "x": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(problems(parseSegmentFileBytes(bytes))).toEqual([
      { path: '$', message: 'The file is not valid UTF-8 text (invalid byte 0xc3 at byte 27).' },
    ]);
  });

  it('accepts multi-byte text', () => {
    const file = exampleObject();
    file['generator'] = 'Zürich 東京 🎯';
    expect(parseSegmentFileBytes(Buffer.from(stableStringify(file))).ok).toBe(true);
  });
});

describe('invalidUtf8Offset', () => {
  it('agrees with a strict decoder on overlongs, surrogates, truncation and out-of-range code points', () => {
    const cases = [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
      [0xff],
      [0x41, 0xe2, 0x82, 0xac],
    ];
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (const c of cases) {
      const bytes = Uint8Array.from(c);
      let valid = true;
      try {
        strict.decode(bytes);
      } catch {
        valid = false;
      }
      expect(invalidUtf8Offset(bytes) === -1).toBe(valid);
    }
  });
});

describe('jsonPath', () => {
  it('writes identifiers with dots, indexes in brackets and other keys quoted', () => {
    expect(jsonPath(['segments', 0, 'definition', 'a b'])).toBe('$.segments[0].definition["a b"]');
  });
});
