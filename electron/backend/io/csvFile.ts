/**
 * Reading CSV files for import: a cheap up-front check (is it a CSV with a header?), a sample for type
 * inference, and the streaming reader the import runs on. Files are never read whole into memory.
 */
import fs from 'node:fs';
import { parse, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { StringDecoder } from 'node:string_decoder';
import { CsvRecordParser } from './csvParser.js';
import { ApiFailure } from '../../../shared/api/result.js';

const PARSE_OPTIONS: Options = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
  info: true,
};

const HEAD_BYTES = 256 * 1024;

/** What the up-front check learned about a file. */
export interface CsvHead {
  path: string;
  totalBytes: number;
  header: string[];
}

function readHead(path: string): { bytes: Buffer; totalBytes: number } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    throw new ApiFailure('invalid_input', `File not found: ${path}`, [{ path: 'path', message: 'No such file' }]);
  }
  if (!stat.isFile()) throw new ApiFailure('invalid_input', `Not a file: ${path}`, [{ path: 'path', message: 'Not a file' }]);
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return { bytes: buf.subarray(0, n), totalBytes: stat.size };
  } finally {
    fs.closeSync(fd);
  }
}

const LOOKS_LIKE_DATA = /^([+-]?\d+([.,]\d+)?|\d{4}-\d{2}-\d{2}.*|.*@.*\..*|true|false)$/i;

/**
 * Checks that the file is a CSV with a usable header row, or refuses it with a clear message.
 * "No header" means: a header cell is empty, repeated, or looks like data (a number, a date, an e-mail
 * address, true/false) — the first row of a headerless export.
 */
export function inspectCsv(path: string): CsvHead {
  const { bytes, totalBytes } = readHead(path);
  const refuse = (message: string): never => {
    throw new ApiFailure('invalid_input', `${path}: ${message}`, [{ path: 'path', message }]);
  };
  if (totalBytes === 0) refuse('the file is empty.');
  if (bytes.includes(0)) refuse('this is not a CSV file (it contains binary data).');
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) refuse('this is not a CSV file (it is not UTF-8 text).');
  // Only the first line (a header may be quoted but is never multi-line in practice).
  const end = text.search(/\r?\n/);
  if (end < 0 && totalBytes > bytes.length) refuse('the first line is longer than 256 KB; this is not a CSV file.');
  const firstLine = end < 0 ? text : text.slice(0, end);
  let rows: string[][];
  try {
    rows = parseSync(firstLine, { bom: true, relax_column_count: true }) as string[][];
  } catch (e) {
    return refuse(`the header row is not valid CSV (${e instanceof Error ? e.message : String(e)}).`);
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  if (header.length < 2 && !firstLine.includes(',')) {
    // One column is allowed only when it is clearly a header (e.g. a list of keys); binary-looking or
    // prose-looking lines are refused.
    if (header.length === 0 || (header[0] ?? '').length > 200) refuse('no header row found.');
  }
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (h === '') refuse(`no header row: column ${i + 1} has no name.`);
    if (LOOKS_LIKE_DATA.test(h)) refuse(`no header row: the first row holds data ("${h}" in column ${i + 1}); add a header row naming the columns.`);
    const l = h.toLowerCase();
    if (seen.has(l)) refuse(`the header names column "${h}" twice.`);
    seen.add(l);
  });
  return { path, totalBytes, header };
}

/** One data record as the streaming reader delivers it. */
export interface CsvRecord {
  cells: string[];
  /** Spreadsheet row number (header = 1). */
  row: number;
}

/** Reads up to `limit` data rows (after the header). */
export async function readSample(path: string, limit: number): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  const stream = fs.createReadStream(path, { highWaterMark: 64 * 1024 });
  const parser = parse({ ...PARSE_OPTIONS, from_line: 2, to_line: limit + 50 });
  stream.pipe(parser);
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      out.push({ cells: rec.record, row: rec.info.lines });
      if (out.length >= limit) break;
    }
  } finally {
    stream.destroy();
    parser.destroy();
  }
  return out;
}

/** Callbacks of {@link streamCsv}; all run synchronously in file order. */
export interface StreamHandlers {
  /** A data record. Return false to stop reading (cancel). */
  onRecord(rec: CsvRecord): boolean;
  /** A record the CSV parser could not read (e.g. an unclosed quote). */
  onUnreadable(row: number, reason: string): void;
  /** After each chunk of the file has been parsed. */
  onChunk(bytesDone: number): void;
}

/**
 * Streams the data rows of a file (header skipped) through the handlers, with the fast record parser
 * (csvParser.ts). Resolves with `stopped` when a handler asked to stop; rejects on I/O errors.
 */
export function streamCsv(path: string, h: StreamHandlers): Promise<{ stopped: boolean }> {
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(path, { highWaterMark: 1024 * 1024 });
    const decoder = new StringDecoder('utf8');
    let headerSkipped = false;
    let bytes = 0;
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
    };
    const parser = new CsvRecordParser(
      (cells, row) => {
        if (!headerSkipped) {
          headerSkipped = true;
          return true;
        }
        return h.onRecord({ cells, row });
      },
      (row, reason) => h.onUnreadable(row, reason),
    );
    const stop = (): void => {
      stream.destroy();
      finish(() => resolve({ stopped: true }));
    };
    stream.on('error', (e) => finish(() => reject(e)));
    stream.on('data', (chunk) => {
      if (settled) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buf.length;
      try {
        if (!parser.push(decoder.write(buf), false)) return stop();
      } catch (e) {
        stream.destroy();
        finish(() => reject(e));
        return;
      }
      h.onChunk(bytes);
    });
    stream.on('end', () => {
      if (settled) return;
      try {
        if (!parser.push(decoder.end(), true)) return stop();
      } catch (e) {
        finish(() => reject(e));
        return;
      }
      finish(() => resolve({ stopped: false }));
    });
  });
}
