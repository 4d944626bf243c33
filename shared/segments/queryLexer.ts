/**
 * Tokens of the segment query language (spec §4). Keywords are plain identifiers matched
 * case-insensitively by the parser; strings use single quotes with '' as the escape.
 */

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

/** Splits `src` into tokens; the last one is always 'eof'. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const push = (kind: TokenKind, text: string, start: number, end: number, l = line, c = start - lineStart + 1): void => {
    tokens.push({ kind, text, start, end, line: l, column: c });
  };
  while (i < src.length) {
    const ch = src[i] ?? '';
    if (ch === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[\p{L}_]/u.test(ch)) {
      while (i < src.length && /[\p{L}\p{N}_]/u.test(src[i] ?? '')) i++;
      push('ident', src.slice(start, i), start, i);
      continue;
    }
    if (ch === '[') {
      // App extension: [name with spaces, dots or dashes] for catalog names that are not plain identifiers.
      const close = src.indexOf(']', i + 1);
      const name = close < 0 ? '' : src.slice(i + 1, close);
      if (close < 0 || name.includes('\n') || name.trim() === '') throw new QueryTextError('Unterminated [name]: add the closing ]', line, start - lineStart + 1);
      i = close + 1;
      tokens.push({ kind: 'ident', text: name, start, end: i, line, column: start - lineStart + 1, quoted: true });
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i));
      i += m ? m[0].length : 1;
      push('number', src.slice(start, i), start, i);
      continue;
    }
    if (ch === "'") {
      const l = line;
      const c = start - lineStart + 1;
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new QueryTextError('Unterminated string: add the closing quote', l, c);
        const x = src[i] ?? '';
        if (x === "'") {
          if (src[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (x === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += x;
        i++;
      }
      push('string', value, start, i, l, c);
      continue;
    }
    if ('(),.'.includes(ch)) {
      i++;
      push('punct', ch, start, i);
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      push('op', op, start, i);
      continue;
    }
    throw new QueryTextError(`Unexpected character '${ch}'`, line, start - lineStart + 1);
  }
  push('eof', '', src.length, src.length);
  return tokens;
}
