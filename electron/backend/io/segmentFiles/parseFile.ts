/**
 * Reads a segment file from bytes or text into a typed SegmentFile, or into a list of problems each
 * with its JSON path (`$.segments[0].definition.blocks[1]`). Cheap guards run before the JSON parser so
 * that hostile input (huge, deeply nested, broken UTF-8) is refused with a clear message instead of
 * exhausting memory or the stack.
 */
import type { z } from 'zod';
import type { ApiIssue } from '../../../../shared/api/result.js';
import {
  MAX_SEGMENT_FILE_BYTES,
  MAX_SEGMENT_FILE_NESTING,
  MAX_SEGMENT_FILE_STRING,
  READABLE_SEGMENT_FILE_VERSIONS,
  segmentFileSchema,
  type SegmentFile,
} from '../../../../shared/segments/fileFormat.js';
import { codePointLength, excerpt, loneSurrogateIndex, unitName } from '../../../../shared/segments/limits.js';

export type ParseOutcome = { ok: true; file: SegmentFile } | { ok: false; problems: ApiIssue[] };

const MB = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** `$`-rooted JSON path of a property path: `$.segments[0]["odd key"]`. */
export function jsonPath(parts: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

const problem = (path: string, message: string): ParseOutcome => ({ ok: false, problems: [{ path, message }] });

/** Line and column (1-based) of a character offset, for parser messages. */
function lineCol(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return `line ${line}, column ${col}`;
}

/** Byte offset of the first invalid UTF-8 sequence, or -1 when the bytes are valid UTF-8. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not valid UTF-8.
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Offset of the first unpaired UTF-16 surrogate (text that cannot be written as UTF-8), or -1. */
function loneSurrogateOffset(text: string): number {
  const m = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  return m ? m.index : -1;
}

/** The deepest container nesting, stopping at the first offset that exceeds `limit` (strings skipped). */
function nestingBeyond(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** What is wrong with one decoded string (or key): an unpaired surrogate (a `\ud800` escape) or its length. */
function stringProblem(s: string, limit: number): string | undefined {
  const lone = loneSurrogateIndex(s);
  if (lone >= 0) {
    const at = codePointLength(s.slice(0, lone)) + 1;
    return `The text holds an invalid character ${unitName(s, lone)} (half of a surrogate pair, written as a \\u escape) at character ${at}; it cannot be stored.`;
  }
  return s.length > limit ? `The text is ${s.length} characters long; at most ${limit} are allowed.` : undefined;
}

/** The first string (or object key) that is too long or not valid Unicode, with its JSON path. */
function findBadString(value: unknown, limit: number, path: (string | number)[] = []): { path: string; message: string } | undefined {
  if (typeof value === 'string') {
    const message = stringProblem(value, limit);
    return message ? { path: jsonPath(path), message } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findBadString(value[i], limit, [...path, i]);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = stringProblem(k, limit);
      if (keyProblem) return { path: jsonPath([...path, excerpt(k)]), message: `In a property name: ${keyProblem}` };
      const hit = findBadString(v, limit, [...path, k]);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Zod issues as file problems; union failures are summarised by their most specific branch. */
export function schemaProblems(error: z.ZodError): ApiIssue[] {
  const out: ApiIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest (the longest path): that is the one the author meant.
      const best = issue.errors.reduce((a, b) => (deepest(b) > deepest(a) ? b : a));
      for (const inner of best) out.push({ path: jsonPath([...issue.path, ...inner.path]), message: inner.message });
      continue;
    }
    out.push({ path: jsonPath(issue.path), message: issue.message });
  }
  return out;
}

const deepest = (issues: readonly z.core.$ZodIssue[]): number => Math.max(0, ...issues.map((i) => i.path.length));

/** Parses file text (already decoded). `byteLength` defaults to the UTF-8 length of the text. */
export function parseSegmentFileText(raw: string, byteLength?: number): ParseOutcome {
  const bytes = byteLength ?? Buffer.byteLength(raw, 'utf8');
  if (bytes > MAX_SEGMENT_FILE_BYTES)
    return problem('$', `The file is ${MB(bytes)}; segment files can be at most ${MB(MAX_SEGMENT_FILE_BYTES)}.`);
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') return problem('$', 'The file is empty.');
  const lone = loneSurrogateOffset(text);
  if (lone >= 0) return problem('$', `The text holds an invalid character (an unpaired surrogate) at ${lineCol(text, lone)}.`);
  const deep = nestingBeyond(text, MAX_SEGMENT_FILE_NESTING);
  if (deep >= 0) return problem('$', `The JSON is nested deeper than ${MAX_SEGMENT_FILE_NESTING} levels (at ${lineCol(text, deep)}).`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(msg);
    const where = pos?.[1] !== undefined ? ` at ${lineCol(text, Number(pos[1]))}` : '';
    return problem('$', `The file is not valid JSON${where}: ${msg.replace(/ in JSON at position \d+.*$/, '')}.`);
  }
  const bad = findBadString(data, MAX_SEGMENT_FILE_STRING);
  if (bad) return problem(bad.path, bad.message);
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return problem('$', 'A segment file is a JSON object with "formatVersion", "catalog" and "segments".');
  const version = (data as Record<string, unknown>)['formatVersion'];
  if (version === undefined) return problem('$.formatVersion', 'The file has no "formatVersion"; is it a segment file?');
  if (typeof version !== 'number' || !READABLE_SEGMENT_FILE_VERSIONS.includes(version)) {
    return problem(
      '$.formatVersion',
      `Format version ${JSON.stringify(version)} is not supported; this version of Segment Studio reads format versions ${READABLE_SEGMENT_FILE_VERSIONS.join(' and ')}.`,
    );
  }
  const parsed = segmentFileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error) };
  if (parsed.data.formatVersion === 1 && parsed.data.templates !== undefined)
    return problem('$.templates', 'Templates need format version 2; this file says version 1.');
  return { ok: true, file: parsed.data as SegmentFile };
}

/** Parses file bytes: size and UTF-8 are checked on the bytes, the rest on the decoded text. */
export function parseSegmentFileBytes(bytes: Uint8Array): ParseOutcome {
  if (bytes.length > MAX_SEGMENT_FILE_BYTES)
    return problem('$', `The file is ${MB(bytes.length)}; segment files can be at most ${MB(MAX_SEGMENT_FILE_BYTES)}.`);
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0)
    return problem(
      '$',
      `The file is not valid UTF-8 text (invalid byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at byte ${bad}).`,
    );
  return parseSegmentFileText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), bytes.length);
}
