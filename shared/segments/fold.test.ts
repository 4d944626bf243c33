import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, LETTERS, normText } from './fold.js';

describe('foldText: case- and accent-insensitive (Latin1_General_CI_AI)', () => {
  it.each([
    ['Malmö', 'MALMO'],
    ['Malmö', 'malmö'],
    ['Ärzte', 'ARZTE'],
    ['Straße', 'STRASSE'],
    ['İstanbul', 'istanbul'],
    ['ISTANBUL', 'ıstanbul'],
    ['Ærø', 'aero'],
    ['Łódź', 'lodz'],
    ['São Paulo', 'SAO PAULO'],
    ['Crème Brûlée', 'creme brulee'],
    ['ﬁnance', 'FINANCE'],
    ['ΟΔΟΣ', 'οδοσ'],
    ['Ｓｅａｔｔｌｅ', 'seattle'],
  ])('%s = %s', (a, b) => {
    expect(foldText(a)).toBe(foldText(b));
  });

  it('keeps what the collation keeps apart', () => {
    expect(foldText('Seattle')).not.toBe(foldText('Seatle'));
    expect(foldText('50%_off')).toBe('50%_off');
    expect(foldText('東京')).toBe('東京');
    expect(foldText('서울')).toBe('서울');
  });

  it('leaves ASCII as toLowerCase does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (s) => {
        expect(foldText(s)).toBe(s.toLowerCase());
      }),
    );
  });

  it('is idempotent, upper/lower-blind, and leaves no combining mark, capital or mapped letter', () => {
    // Scripts marketers' data is written in: Latin-1 and Latin Extended-A, combining marks, Greek,
    // Cyrillic, a little CJK and Hangul, plus the letters the fold maps. (U+0345, the combining iota
    // subscript, is a mark that upper-cases to a letter: no case variant of anything.)
    const ranges: [number, number][] = [
      [0x20, 0x7e],
      [0xc0, 0x17f],
      [0x300, 0x36f],
      [0x370, 0x3ff],
      [0x400, 0x4ff],
      [0x4e00, 0x4e20],
      [0xac00, 0xac20],
    ];
    const unit = fc.oneof(
      fc.constantFrom(...'aAöÖßẞæÆøØİıςΣéÉﬁℌ서'),
      fc.constantFrom(...ranges).chain(([lo, hi]) =>
        fc
          .integer({ min: lo, max: hi })
          .filter((c) => c !== 0x345)
          .map((c) => String.fromCodePoint(c)),
      ),
    );
    const text = fc.string({ unit, maxLength: 12 });
    fc.assert(
      fc.property(text, (s) => {
        const f = foldText(s);
        expect(foldText(f)).toBe(f);
        // Upper-casing that changes the length ("ᾳ" → "ΑΙ") is not a case variant.
        if (s.toUpperCase().length === s.length) expect(foldText(s.toUpperCase())).toBe(foldText(s.toLowerCase()));
        expect(f).not.toMatch(/\p{M}/u);
        expect(f).toBe(f.toLowerCase());
        for (const c of Object.keys(LETTERS)) expect(f.includes(c)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('normText trims first', () => {
    expect(normText('  Malmö ')).toBe('malmo');
  });
});
