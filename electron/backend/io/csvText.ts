/**
 * The text check of an import read as UTF-8: the whole file is read once before anything is written, and
 * a NUL byte or bytes that are not UTF-8 (lone surrogates, a Latin-1 export read as UTF-8) refuse it with
 * their row and column. A file whose head is not UTF-8 is detected as Windows-1252 and never gets here.
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { ApiFailure } from '../../../shared/api/result.js';
import { crToLf, type CsvHead } from './csvFile.js';
import { CsvRecordParser } from './csvParser.js';

/** Where a file's text problem is: byte offset and what is wrong there. */
interface TextProblem {
  offset: number;
  what: string;
}

/** Length of the incomplete UTF-8 sequence at the end of `buf` (0–3 bytes), carried to the next chunk. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back] as number;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Offset of the first byte of `buf` that is not valid UTF-8 (only called on a chunk that has one). */
function firstInvalid(buf: Buffer): number {
  let lo = 0;
  let hi = buf.length;
  // The longest valid prefix, by bisection (each probe decodes a prefix; the error path only).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    let ok = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, mid), { stream: true });
    } catch {
      ok = false;
    }
    if (ok) lo = mid;
    else hi = mid - 1;
  }
  // A streamed prefix may end inside the sequence that goes wrong: its first byte is the bad one.
  return lo - incompleteTail(buf.subarray(0, lo));
}

/** The first NUL byte or invalid UTF-8 sequence (lone surrogates included) in the file, or null. */
async function findTextProblem(path: string): Promise<TextProblem | null> {
  let offset = 0;
  let carry = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const tail = incompleteTail(buf);
    const body = buf.subarray(0, buf.length - tail);
    const nul = body.indexOf(0);
    if (!isUtf8(body)) {
      const bad = firstInvalid(body);
      if (nul >= 0 && nul < bad) return { offset: offset + nul, what: 'a NUL byte (binary data)' };
      return { offset: offset + bad, what: 'bytes that are not UTF-8 text (or an unpaired surrogate)' };
    }
    if (nul >= 0) return { offset: offset + nul, what: 'a NUL byte (binary data)' };
    offset += body.length;
    carry = Buffer.from(buf.subarray(buf.length - tail));
  }
  return carry.length > 0 ? { offset, what: 'a truncated UTF-8 sequence at the end of the file' } : null;
}

/** Row (spreadsheet numbering, header = 1) and column name of the byte at `offset`. */
async function locate(head: CsvHead, offset: number): Promise<{ row: number; column: string }> {
  const MARK = '\uE000\uE001';
  let where = { row: 1, column: head.header[0] ?? '1' };
  const found = (cells: string[], row: number): boolean => {
    const i = cells.findIndex((c) => c.includes(MARK));
    if (i < 0) return true;
    where = { row, column: head.header[i] ?? `${i + 1}` };
    return false;
  };
  const parser = new CsvRecordParser(found, () => undefined, 1, head.delimiter);
  const decoder = new StringDecoder('utf8');
  let done = 0;
  const fix = (t: string): string => (head.lineEnd === 'cr' ? crToLf(t) : t);
  for await (const chunk of fs.createReadStream(head.path, { highWaterMark: 1024 * 1024 })) {
    const buf = chunk as Buffer;
    if (done + buf.length <= offset) {
      parser.push(fix(decoder.write(buf)), false);
      done += buf.length;
      continue;
    }
    parser.push(fix(decoder.write(buf.subarray(0, offset - done))) + fix(decoder.end()) + MARK, true);
    break;
  }
  return where;
}

/**
 * Reads the whole file once before an import writes anything and refuses it, naming the row and
 * column, when it holds a NUL byte or text that is not UTF-8 (a lone surrogate, a Latin-1 export).
 * Checking up front keeps the promise that a refused file changes nothing.
 */
export async function checkText(head: CsvHead): Promise<void> {
  // Windows-1252 has no invalid bytes and UTF-16 was chosen or marked by its BOM: only UTF-8 can be broken.
  if (head.reading.format !== 'csv' || head.encoding !== 'utf-8') return;
  const problem = await findTextProblem(head.path);
  if (!problem) return;
  const { row, column } = await locate(head, problem.offset);
  const message = `row ${row}, column "${column}" (byte ${problem.offset}) holds ${problem.what}; save the file as UTF-8 (or choose its encoding, e.g. Windows-1252) and import it again.`;
  throw new ApiFailure('invalid_input', `${head.path}: ${message}`, [{ path: 'path', message }]);
}
