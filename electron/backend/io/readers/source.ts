/**
 * The one interface the import reads rows through, whatever the file: a CSV in any supported encoding
 * and delimiter (csvFile.ts) or an Excel workbook (xlsxFile.ts). The import service opens a source,
 * plans from its head and sample, checks it, then streams it; it never sees the format.
 */
import type { Delimiter, FileEncoding } from '../../../../shared/models/import.js';
import { inspectCsv, readSample, streamCsv, type CsvHead, type CsvRecord, type StreamHandlers } from '../csvFile.js';
import { checkText } from '../csvText.js';
import { inspectXlsx, isZip, streamXlsx } from './xlsxFile.js';
import type { NumberFormat } from '../../values/parse.js';

/** How to read a file: each is detected when absent. */
export interface ReadChoices {
  delimiter?: Delimiter | undefined;
  encoding?: FileEncoding | undefined;
  /** Workbooks: the sheet (default the first). */
  sheet?: string | undefined;
}

/** An opened file: its head, a sample, the whole-file check and the streaming read. */
export interface RowSource {
  /** What the file is read as (a convert thread reads CSV only: convertPipeline.ts). */
  format: 'csv' | 'xlsx';
  head: CsvHead;
  /** Up to `limit` data rows after the header. */
  sample(limit: number): Promise<CsvRecord[]>;
  /** Reads the whole file once before anything is written; refuses text that cannot be read, naming where. */
  check(): Promise<void>;
  /** Streams every data row through the handlers, in file order. */
  stream(h: StreamHandlers): Promise<{ stopped: boolean }>;
}

/** Rows a workbook source reads ahead when opened (the head's pass also fills the sample). */
const XLSX_SAMPLE = 1000;

/** Opens `path` as a workbook (zip signature or `.xlsx` name) or a CSV. Throws ApiFailure for unreadable files. */
export async function openSource(path: string, choices: ReadChoices = {}): Promise<RowSource> {
  let zip = false;
  try {
    zip = isZip(path);
  } catch {
    // Missing or unreadable: inspectCsv says so with its usual message.
  }
  if (zip || /\.xlsx$/i.test(path)) {
    const { head, sample } = await inspectXlsx(path, choices.sheet, XLSX_SAMPLE);
    return {
      format: 'xlsx',
      head,
      sample: async (limit) => (limit <= XLSX_SAMPLE ? sample.slice(0, limit) : (await inspectXlsx(path, choices.sheet, limit)).sample),
      check: async () => undefined,
      stream: (h) => streamXlsx(head, h),
    };
  }
  const head = inspectCsv(path, choices);
  return {
    format: 'csv',
    head,
    sample: (limit) => readSample(head, limit),
    check: () => checkText(head),
    stream: (h) => streamCsv(head, h),
  };
}

/** The number locale an import reads with: the one chosen, for CSV files only (a workbook's numbers are typed). */
export function numberFormatOf(head: CsvHead, opts: { decimalSeparator?: '.' | ',' | undefined }): NumberFormat | null {
  return head.reading.format === 'csv' && opts.decimalSeparator ? { decimal: opts.decimalSeparator } : null;
}
