import { describe, expect, it } from 'vitest';
import { caretExcerpt, codePointLength, excerpt, loneSurrogateIndex, offsetOfLineColumn } from './limits.js';

describe('text as code points', () => {
  it('counts and finds unpaired surrogates', () => {
    expect(codePointLength('a😀b')).toBe(3);
    expect(codePointLength('a\ud800b')).toBe(3);
    expect(loneSurrogateIndex('😀\ud800')).toBe(2);
    expect(loneSurrogateIndex('x\udc00😀')).toBe(1);
    expect(loneSurrogateIndex('😀ok')).toBe(-1);
  });

  it('excerpts never split a pair', () => {
    expect(excerpt('😀'.repeat(41))).toBe(`${'😀'.repeat(40)}…`);
    expect(excerpt('\udfffx')).toBe('<U+DFFF>x');
  });

  it('shows a window of a long line with the caret under the column', () => {
    const line = `${'😀'.repeat(100)}X${'y'.repeat(100)}`;
    const { text, caret } = caretExcerpt(line, 101, 20);
    expect([...text][caret]).toBe('X');
    expect(text.startsWith('…😀')).toBe(true);
    expect(text.endsWith('y…')).toBe(true);
    expect(loneSurrogateIndex(text)).toBe(-1);
    expect(caretExcerpt('short', 6)).toEqual({ text: 'short', caret: 5 });
  });

  it('turns line:column (code points) into a UTF-16 offset', () => {
    expect(offsetOfLineColumn('ab\ncdef\ng', 2, 3)).toBe(5);
    expect(offsetOfLineColumn('ab', 9, 9)).toBe(2);
    expect(offsetOfLineColumn('x\n😀😀z', 2, 3)).toBe(6);
    expect(offsetOfLineColumn('ab\ncd', 1, 99)).toBe(2);
  });
});
