/**
 * Reading CSV files for import: a cheap up-front check (is it a CSV with a header? which encoding and
 * delimiter?), a sample for type inference, and the streaming reader the import runs on. Files are never
 * read whole into memory; other encodings are decoded chunk by chunk (readers/encoding.ts).
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import { CsvRecordParser } from './csvParser.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Delimiter, FileEncoding, ImportReading } from '../../../shared/models/import.js';
import { decodeAll, detectEncoding, textDecoder } from './readers/encoding.js';
import { delimiterLabel, detectDelimiter, DELIMITERS, splitRecords, wholeLines } from './readers/delimiter.js';

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

/** Rows a file of `totalBytes` holds at the sample's mean line length (0 without a sample). */
export function estimatedRows(totalBytes: number, sample: readonly { cells: readonly string[] }[]): number {
  if (sample.length === 0) return 0;
  let chars = 0;
  for (const r of sample) for (const c of r.cells) chars += c.length + 1;
  return Math.round(totalBytes / Math.max(1, chars / sample.length));
}

/** What the up-front check learned about a file (a CSV, or a workbook: readers/xlsxFile.ts). */
export interface CsvHead {
  path: string;
  totalBytes: number;
  header: string[];
  /** 'cr': lines end in a lone CR (old Mac Excel); the readers treat each CR as a line end. */
  lineEnd: 'lf' | 'cr';
  /** Something other than blank lines follows the header (readable or not). */
  hasData: boolean;
  /** How the file is read (format, encoding, delimiter, sheet), as the preview shows it. */
  reading: ImportReading;
  /** CSV: the text encoding and column separator the readers use. */
  encoding: FileEncoding;
  delimiter: Delimiter;
  /**
   * The header is a single column whose text holds this likely delimiter: it is the whole line, not a
   * column name. The preview warns; an import refuses it (it would become one field named after the line).
   */
  wholeLine: Delimiter | null;
}

/** How to read a CSV: each is detected when absent. */
export interface CsvChoices {
  delimiter?: Delimiter | undefined;
  encoding?: FileEncoding | undefined;
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
export function inspectCsv(path: string, choices: CsvChoices = {}): CsvHead {
  const { bytes, totalBytes } = readHead(path);
  const refuse = (message: string): never => {
    throw new ApiFailure('invalid_input', `${path}: ${message}`, [{ path: 'path', message }]);
  };
  if (totalBytes === 0) refuse('the file is empty.');
  const detected = detectEncoding(bytes);
  const encoding = choices.encoding ?? detected.encoding;
  const more = totalBytes > bytes.length;
  const text = decodeAll(bytes, encoding);
  // Lone CRs and no LF at all: an old Mac Excel file; its lines end in CR.
  const lineEnd = !text.includes('\n') && text.includes('\r') ? 'cr' : 'lf';
  // Only the first line (a header may be quoted but is never multi-line in practice).
  const end = lineEnd === 'cr' ? text.indexOf('\r') : text.search(/\r?\n/);
  if (end < 0 && more) refuse('the first line is longer than 256 KB; this is not a CSV file.');
  const firstLine = end < 0 ? text : text.slice(0, end);
  // The header line decides whether this is a text file at all; bad bytes further on are refused by
  // checkText with their row and column.
  // Several NULs near the start of a file that is not UTF-16 is binary data (an image, a legacy .xls); a
  // stray NUL in a text file is refused by checkText with its row and column.
  const head512 = bytes.subarray(0, 512);
  const nuls = encoding.startsWith('utf-16') ? 0 : head512.filter((b) => b === 0).length;
  if (firstLine.includes('\u0000') || nuls > 1) refuse('this is not a CSV file (it contains binary data).');
  if (firstLine.includes('\uFFFD') && encoding === 'utf-8')
    refuse('this is not a CSV file (its first line is not UTF-8 text; choose its encoding, e.g. Windows-1252, in the preview).');
  const body = wholeLines(lineEnd === 'cr' ? crToLf(text) : text, more);
  const guess = choices.delimiter ? null : detectDelimiter(body);
  const delimiter = choices.delimiter ?? guess?.delimiter ?? ',';
  const header = (splitRecords(firstLine, delimiter, 1)[0] ?? []).map((h) => h.trim());
  if (header.length === 0 && firstLine.trim() !== '') refuse('the header row is not valid CSV.');
  const wholeLine = header.length === 1 ? (DELIMITERS.find((c) => c !== delimiter && firstLine.includes(c)) ?? null) : null;
  if (header.length > CSV_LIMITS.maxColumns)
    refuse(
      `the file has ${header.length} columns; the limit is ${CSV_LIMITS.maxColumns} columns per file. Split the file or skip columns before importing.`,
    );
  if (header.length < 2 && !firstLine.includes(',')) {
    // One column is allowed only when it is clearly a header (e.g. a list of keys); binary-looking or
    // prose-looking lines are refused.
    if (header.length === 0 || ((header[0] ?? '').length > 200 && wholeLine === null)) refuse('no header row found.');
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
  const hasData = more || (end >= 0 && /\S/.test(text.slice(end + 1)));
  const rows = splitRecords(body, delimiter, 101).slice(1);
  const confidence = header.length < 2 ? 0 : rows.length === 0 ? 1 : rows.filter((r) => r.length === header.length).length / rows.length;
  return {
    path,
    totalBytes,
    header,
    lineEnd,
    hasData,
    encoding,
    delimiter,
    wholeLine,
    reading: {
      format: 'csv',
      encoding,
      encodingReason: choices.encoding ? 'chosen' : detected.reason,
      delimiter,
      delimiterConfidence: confidence,
      delimiterChosen: choices.delimiter !== undefined,
      sheet: null,
      sheets: [],
    },
  };
}

/** Refuses a header that is one whole line holding a likely delimiter: it must never become a field. */
export function refuseWholeLine(head: CsvHead): void {
  if (head.wholeLine === null) return;
  const name = delimiterLabel(head.wholeLine);
  if (head.reading.format === 'xlsx') {
    const message =
      `the sheet's header is one cell holding ${name} characters: each line of a ${name}-separated file sits in one cell. ` +
      'Import the CSV file itself, or split the column in Excel (Data > Text to Columns) first.';
    throw new ApiFailure('invalid_input', `${head.path}: ${message}`, [{ path: 'sheet', message }]);
  }
  const message =
    `the header is a single column that holds ${name} characters: this file seems to be separated by ${name}, ` +
    `not ${delimiterLabel(head.delimiter)}. Choose the ${name} delimiter in the preview (the "delimiter" import option) and import it again.`;
  throw new ApiFailure('invalid_input', `${head.path}: ${message}`, [{ path: 'delimiter', message }]);
}

/** A transform from the file's bytes to text with LF line ends, decoded as `head` says. */
function decodingTransform(head: Pick<CsvHead, 'encoding' | 'lineEnd'>): Transform {
  const decoder = textDecoder(head.encoding);
  const fix = (t: string): string => (head.lineEnd === 'cr' ? crToLf(t) : t);
  return new Transform({
    transform: (chunk: Buffer, _e, done) => done(null, fix(decoder.write(chunk))),
    flush: (done) => done(null, fix(decoder.end())),
  });
}

/** One data record as the streaming reader delivers it. */
export interface CsvRecord {
  cells: string[];
  /** Spreadsheet row number (header = 1). */
  row: number;
}

/** Reads up to `limit` data rows (after the header); `source` is a checked head or a path (then detected). */
export async function readSample(source: string | CsvHead, limit: number): Promise<CsvRecord[]> {
  const head = typeof source === 'string' ? inspectCsv(source) : source;
  const out: CsvRecord[] = [];
  const stream = fs.createReadStream(head.path, { highWaterMark: 64 * 1024 });
  const parser = parse({ ...PARSE_OPTIONS, delimiter: head.delimiter, from_line: 2, to_line: limit + 50 });
  const decode = decodingTransform(head);
  stream.pipe(decode).pipe(parser);
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      out.push({ cells: rec.record, row: rec.info.lines });
      if (out.length >= limit) break;
    }
  } finally {
    stream.destroy();
    decode.destroy();
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
export function streamCsv(head: CsvHead, h: StreamHandlers): Promise<{ stopped: boolean }> {
  const lineEnd = head.lineEnd;
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(head.path, { highWaterMark: 1024 * 1024 });
    const decoder = textDecoder(head.encoding);
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
      1,
      head.delimiter,
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
