/** Encoding and delimiter detection on real byte sequences (iconv-lite writes the non-UTF-8 ones). */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeAll, detectEncoding, textDecoder } from './encoding.js';
import { detectDelimiter } from './delimiter.js';

const text = 'contactid;firstname;city\r\nC1;Zoë;Köln\r\nC2;François;Besançon\r\n';

describe('detectEncoding', () => {
  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8', 'bom'],
    ['UTF-8 without BOM', Buffer.from(text), 'utf-8', 'valid-utf8'],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'utf-16le', 'bom'],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]), 'utf-16be', 'bom'],
    ['UTF-16 LE without BOM', iconv.encode(text, 'utf-16le'), 'utf-16le', 'utf16-pattern'],
    ['Windows-1252', iconv.encode(text, 'win1252'), 'windows-1252', 'not-utf8'],
  ])('%s', (_what, bytes, encoding, reason) => {
    const d = detectEncoding(bytes);
    expect(d).toMatchObject({ encoding, reason });
    expect(decodeAll(bytes, d.encoding)).toBe(text);
  });

  it('UTF-8 with a damaged byte stays UTF-8 (the import names the byte), not garbled as Windows-1252', () => {
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0xff]), Buffer.from('C3;Zoë;Besançon\n')]);
    expect(detectEncoding(bytes)).toMatchObject({ encoding: 'utf-8', reason: 'mostly-utf8' });
    // Windows-1252 text whose only non-ASCII bytes are accents is still Windows-1252.
    expect(detectEncoding(iconv.encode('name\nZoë\nFrançois\nBesançon\n', 'win1252')).encoding).toBe('windows-1252');
  });

  it('a head cut inside a UTF-8 character is still UTF-8', () => {
    const bytes = Buffer.from('name\nZoë');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1)).encoding).toBe('utf-8');
  });

  it('decodes a stream whose chunks split characters', () => {
    for (const enc of ['utf-8', 'utf-16le', 'windows-1252'] as const) {
      const bytes = iconv.encode(text, enc === 'windows-1252' ? 'win1252' : enc);
      const d = textDecoder(enc);
      let out = '';
      for (let i = 0; i < bytes.length; i += 3) out += d.write(bytes.subarray(i, i + 3));
      expect(out + d.end()).toBe(text);
    }
  });
});

describe('detectDelimiter', () => {
  const rows = (sep: string): string =>
    [
      ['id', 'name', 'amount', 'note'].join(sep),
      ...Array.from({ length: 20 }, (_, i) => [`K${i}`, `"A${sep}B\nC"`, '12', 'q'].join(sep)),
    ].join('\n');

  it.each([[','], [';'], ['\t'], ['|']] as const)('finds %j with quoted delimiters in cells', (sep) => {
    const g = detectDelimiter(rows(sep));
    expect(g.delimiter).toBe(sep);
    expect(g.confidence).toBe(1);
    expect(g.columns).toBe(4);
  });

  it('an Excel European export: `;` wins although decimal commas split rows too', () => {
    const head = 'contactid;lifetimevalue;city\nC1;12,5;Oslo\nC2;1.234,56;Bergen\nC3;7;Molde\n';
    expect(detectDelimiter(head)).toMatchObject({ delimiter: ';', columns: 3, confidence: 1 });
  });

  it('a file with one column has no confident delimiter', () => {
    expect(detectDelimiter('email\na@b.c\nd@e.f\n')).toMatchObject({ delimiter: ',', confidence: 0 });
  });

  it('names a rival that splits the file just as consistently', () => {
    const g = detectDelimiter('a,b;c\n1,2;3\n4,5;6\n');
    expect(g.alsoPossible).not.toBeNull();
  });
});
