/**
 * The records of one import batch as they are read, before conversion: the readable ones, and the error
 * rows of those that are not (unreadable CSV, or a cell longer than {@link CSV_LIMITS.maxCellChars}, named by
 * row and column). The one-thread import (importJob.ts) and the convert thread (convertThread.ts) split a
 * file into batches with it, so both count and refuse records the same way: `batchSize` records per
 * batch, the refused ones included.
 */
import type { ImportErrorRow } from '../../../shared/models/import.js';
import { CSV_LIMITS, type CsvRecord, type StreamHandlers } from './csvFile.js';

export class RecordBatch {
  private records: CsvRecord[] = [];
  private unread: ImportErrorRow[] = [];

  /** `header` names the columns of over-long cells (a missing name: the column's number). */
  constructor(private readonly header: readonly string[]) {}

  /** Records and refused records in the batch so far. */
  get size(): number {
    return this.records.length + this.unread.length;
  }

  /** A record as read: kept, or refused when one of its cells is too long (the last such cell is named). */
  add(rec: CsvRecord): void {
    let long = -1;
    for (let i = 0; i < rec.cells.length; i++) if ((rec.cells[i] as string).length > CSV_LIMITS.maxCellChars) long = i;
    if (long < 0) {
      this.records.push(rec);
      return;
    }
    const cell = rec.cells[long] as string;
    this.unread.push({
      row: rec.row,
      column: this.header[long] ?? `${long + 1}`,
      value: cell.slice(0, 100),
      reason: `cell of ${cell.length} characters; the limit is ${CSV_LIMITS.maxCellChars}`,
    });
  }

  /** A record the CSV parser could not read. */
  addUnreadable(row: number, reason: string): void {
    this.unread.push({ row, column: null, value: null, reason: `unreadable CSV: ${reason}` });
  }

  /** Empties the batch, returning what it held. */
  take(): { records: CsvRecord[]; unread: ImportErrorRow[] } {
    const taken = { records: this.records, unread: this.unread };
    this.records = [];
    this.unread = [];
    return taken;
  }
}

/**
 * Stream handlers that fill `batch`: before each record `stop()` is asked (true: read no further), after it
 * `added()` (which commits or hands over a full batch, and returns false to stop); `bytes` hears how far
 * the file has been parsed.
 */
export function batchHandlers(
  batch: RecordBatch,
  on: { stop: () => boolean; added: () => boolean; bytes: (done: number) => void },
): StreamHandlers {
  return {
    onRecord: (rec) => {
      if (on.stop()) return false;
      batch.add(rec);
      return on.added();
    },
    onUnreadable: (row, reason) => batch.addUnreadable(row, reason),
    onChunk: (done) => on.bytes(done),
  };
}
