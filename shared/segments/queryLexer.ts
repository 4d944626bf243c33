/**
 * Tokens of the segment query language (spec §4). Keywords are plain identifiers matched
 * case-insensitively by the parser; strings use single quotes with '' as the escape.
 */

import { excerpt, MAX_QUERY_TEXT_LENGTH, unitName } from './limits.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: the decoded value; for numbers: the digits). */
  text: string;
  /** Offsets into the source, [start, end). */
  start: number;
  end: number;
  line: number;
  column: number;
  /** A `[bracketed name]`: an identifier that is never read as a keyword. */
  quoted?: true;
}

/** A located problem in query text (1-based line and column). */
export class QueryTextError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'QueryTextError';
  }
}

const OPS = ['==', '!=', '<>', '>=', '<=', '&&', '||', '>', '<', '=', '+', '-', '*', '/'];
const NUMBER = /\d+(\.\d+)?([eE][+-]?\d+)?/y;
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;
const SPACE = /\s/u;

/**
 * Splits `src` into tokens; the last one is always 'eof'. Columns count code points (an emoji is one
 * column); unpaired surrogates and text over MAX_QUERY_TEXT_LENGTH are refused where they occur.
 */
export function tokenize(src: string): Token[] {
  if (src.length > MAX_QUERY_TEXT_LENGTH) refuseLength(src);
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  let count = 0;
  /** The code point at `i` (a whole surrogate pair), refusing unpaired surrogates. */
  const charAt = (at: number, l: number, c: number): string => {
    const u = src.charCodeAt(at);
    if (u < 0xd800 || u > 0xdfff) return src[at] ?? '';
    const v = src.charCodeAt(at + 1);
    if (u <= 0xdbff && v >= 0xdc00 && v <= 0xdfff) return src.slice(at, at + 2);
    throw new QueryTextError(`Invalid character ${unitName(src, at)} (half of a surrogate pair): the text is not valid Unicode`, l, c);
  };
  /** Moves past one code point (tracking line, column and the length limit). */
  const advance = (ch: string): void => {
    i += ch.length;
    if (++count > MAX_QUERY_TEXT_LENGTH) {
      throw new QueryTextError(`The query text is longer than ${MAX_QUERY_TEXT_LENGTH.toLocaleString('en-US')} characters`, line, col);
    }
    if (ch === '\n') {
      line++;
      col = 1;
    } else col++;
  };
  const push = (kind: TokenKind, text: string, start: number, l: number, c: number): void => {
    tokens.push({ kind, text, start, end: i, line: l, column: c });
  };
  while (i < src.length) {
    const ch = charAt(i, line, col);
    const start = i;
    const l = line;
    const c = col;
    if (SPACE.test(ch)) {
      advance(ch);
      continue;
    }
    if (IDENT_START.test(ch)) {
      advance(ch);
      while (i < src.length) {
        const x = charAt(i, line, col);
        if (!IDENT_PART.test(x)) break;
        advance(x);
      }
      push('ident', src.slice(start, i), start, l, c);
      continue;
    }
    if (ch === '[') {
      // App extension: [name with spaces, dots or dashes] for catalog names that are not plain identifiers.
      advance(ch);
      while (i < src.length && src[i] !== ']' && src[i] !== '\n') advance(charAt(i, line, col));
      const name = src.slice(start + 1, i);
      if (src[i] !== ']' || name.trim() === '') throw new QueryTextError('Unterminated [name]: add the closing ]', l, c);
      advance(']');
      tokens.push({ kind: 'ident', text: name, start, end: i, line: l, column: c, quoted: true });
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      const len = m ? m[0].length : 1;
      for (let k = 0; k < len; k++) advance(src[i] ?? '');
      push('number', src.slice(start, i), start, l, c);
      continue;
    }
    if (ch === "'") {
      let value = '';
      advance(ch);
      for (;;) {
        if (i >= src.length) throw new QueryTextError('Unterminated string: add the closing quote', l, c);
        const x = charAt(i, line, col);
        if (x === "'") {
          advance(x);
          if (src[i] === "'") {
            value += "'";
            advance(x);
            continue;
          }
          break;
        }
        value += x;
        advance(x);
      }
      push('string', value, start, l, c);
      continue;
    }
    if ('(),.'.includes(ch)) {
      advance(ch);
      push('punct', ch, start, l, c);
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      for (const x of op) advance(x);
      push('op', op, start, l, c);
      continue;
    }
    throw new QueryTextError(`Unexpected character '${ch}'`, l, c);
  }
  push('eof', '', src.length, line, col);
  return tokens;
}

/** Throws at the first character past MAX_QUERY_TEXT_LENGTH, found by a plain scan (no tokenizing of megabytes). */
function refuseLength(src: string): void {
  let line = 1;
  let col = 1;
  let count = 0;
  for (let i = 0; i < src.length; i++) {
    const u = src.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff && (src.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    if (++count > MAX_QUERY_TEXT_LENGTH) {
      throw new QueryTextError(`The query text is longer than ${MAX_QUERY_TEXT_LENGTH.toLocaleString('en-US')} characters`, line, col);
    }
    if (u === 10) {
      line++;
      col = 1;
    } else col++;
  }
}

/** A token's text for a message: at most 40 characters, never half a surrogate pair. */
export function show(t: Token): string {
  return excerpt(t.text);
}
