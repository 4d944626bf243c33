/**
 * Reading CSV files for import: a cheap up-front check (is it a CSV with a header?), a sample for type
 * inference, and the streaming reader the import runs on. Files are never read whole into memory.
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
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

/**
 * Documented limits of a CSV file (README "Import"): more columns are refused before anything is
 * written (each text column takes two of SQLite's 2,000 table columns, with room left for fields added
 * later); a longer cell skips its row with an error naming the row and column.
 */
export const CSV_LIMITS = { maxColumns: 500, maxCellChars: 65_535 } as const;

/** What the up-front check learned about a file. */
export interface CsvHead {
  path: string;
  totalBytes: number;
  header: string[];
  /** 'cr': lines end in a lone CR (old Mac Excel); the readers treat each CR as a line end. */
  lineEnd: 'lf' | 'cr';
  /** Something other than blank lines follows the header (readable or not). */
  hasData: boolean;
}

/** A file whose lines end in lone CRs is read as if each CR were a line feed. */
export const crToLf = (text: string): string => text.replace(/\r/g, '\n');

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
  const text = bytes.toString('utf8');
  // Lone CRs and no LF at all: an old Mac Excel file; its lines end in CR.
  const lineEnd = !text.includes('\n') && text.includes('\r') ? 'cr' : 'lf';
  // Only the first line (a header may be quoted but is never multi-line in practice).
  const end = lineEnd === 'cr' ? text.indexOf('\r') : text.search(/\r?\n/);
  if (end < 0 && totalBytes > bytes.length) refuse('the first line is longer than 256 KB; this is not a CSV file.');
  const firstLine = end < 0 ? text : text.slice(0, end);
  // The header line decides whether this is a text file at all; bad bytes further on are refused by
  // checkText with their row and column.
  if (firstLine.includes('\u0000')) refuse('this is not a CSV file (it contains binary data).');
  if (firstLine.includes('\uFFFD')) refuse('this is not a CSV file (its first line is not UTF-8 text).');
  let rows: string[][];
  try {
    rows = parseSync(firstLine, { bom: true, relax_column_count: true }) as string[][];
  } catch (e) {
    return refuse(`the header row is not valid CSV (${e instanceof Error ? e.message : String(e)}).`);
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  if (header.length === 1) {
    const sep = [';', '\t', '|'].find((c) => firstLine.includes(c));
    const name = sep === ';' ? 'semicolons (;)' : sep === '\t' ? 'tabs' : 'vertical bars (|)';
    if (sep)
      refuse(
        `the header is a single column containing ${name}: this file seems to be separated by ${name}, not commas. Save it as comma-separated CSV and import it again.`,
      );
  }
  if (header.length > CSV_LIMITS.maxColumns)
    refuse(
      `the file has ${header.length} columns; the limit is ${CSV_LIMITS.maxColumns} columns per file. Split the file or skip columns before importing.`,
    );
  if (header.length < 2 && !firstLine.includes(',')) {
    // One column is allowed only when it is clearly a header (e.g. a list of keys); binary-looking or
    // prose-looking lines are refused.
    if (header.length === 0 || (header[0] ?? '').length > 200) refuse('no header row found.');
  }
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (h === '') refuse(`no header row: column ${i + 1} has no name.`);
    if (LOOKS_LIKE_DATA.test(h))
      refuse(`no header row: the first row holds data ("${h}" in column ${i + 1}); add a header row naming the columns.`);
    const l = h.toLowerCase();
    if (seen.has(l)) refuse(`the header names column "${h}" twice.`);
    seen.add(l);
  });
  const hasData = totalBytes > bytes.length || (end >= 0 && /\S/.test(text.slice(end + 1)));
  return { path, totalBytes, header, lineEnd, hasData };
}

/** One data record as the streaming reader delivers it. */
export interface CsvRecord {
  cells: string[];
  /** Spreadsheet row number (header = 1). */
  row: number;
}

/** Reads up to `limit` data rows (after the header). */
export async function readSample(path: string, limit: number, lineEnd: CsvHead['lineEnd'] = 'lf'): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  const stream = fs.createReadStream(path, { highWaterMark: 64 * 1024 });
  const parser = parse({ ...PARSE_OPTIONS, from_line: 2, to_line: limit + 50 });
  if (lineEnd === 'cr') {
    const decoder = new StringDecoder('utf8');
    const toLf = new Transform({
      transform: (chunk: Buffer, _e, done) => done(null, crToLf(decoder.write(chunk))),
      flush: (done) => done(null, crToLf(decoder.end())),
    });
    stream.pipe(toLf).pipe(parser);
  } else stream.pipe(parser);
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
export function streamCsv(path: string, h: StreamHandlers, lineEnd: CsvHead['lineEnd'] = 'lf'): Promise<{ stopped: boolean }> {
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
        const text = decoder.write(buf);
        if (!parser.push(lineEnd === 'cr' ? crToLf(text) : text, false)) return stop();
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
        const text = decoder.end();
        if (!parser.push(lineEnd === 'cr' ? crToLf(text) : text, true)) return stop();
      } catch (e) {
        finish(() => reject(e));
        return;
      }
      finish(() => resolve({ stopped: false }));
    });
  });
}
