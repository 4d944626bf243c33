import { expect, it } from 'vitest';
import { CSV_LIMITS, type CsvRecord } from './csvFile.js';
import { batchHandlers, RecordBatch } from './recordBatch.js';

const rec = (row: number, cells: string[]): CsvRecord => ({ row, cells }) as CsvRecord;

it('keeps readable records and refuses an over-long cell by row and column name, or the column number past the header', () => {
  const batch = new RecordBatch(['contactid', 'note']);
  const long = 'x'.repeat(CSV_LIMITS.maxCellChars + 1);
  batch.add(rec(2, ['K1', 'fine']));
  batch.add(rec(3, ['K2', long]));
  batch.add(rec(4, ['K3', 'ok', long]));
  batch.addUnreadable(5, 'unclosed quote');
  expect(batch.size).toBe(4);
  const { records, unread } = batch.take();
  expect(records.map((r) => r.row)).toEqual([2]);
  expect(unread).toEqual([
    {
      row: 3,
      column: 'note',
      value: 'x'.repeat(100),
      reason: `cell of ${long.length} characters; the limit is ${CSV_LIMITS.maxCellChars}`,
    },
    { row: 4, column: '3', value: 'x'.repeat(100), reason: `cell of ${long.length} characters; the limit is ${CSV_LIMITS.maxCellChars}` },
    { row: 5, column: null, value: null, reason: 'unreadable CSV: unclosed quote' },
  ]);
  // Taking empties it; a cell of exactly the limit is readable.
  expect(batch.size).toBe(0);
  batch.add(rec(6, ['K4', 'y'.repeat(CSV_LIMITS.maxCellChars)]));
  expect(batch.take().records.map((r) => r.row)).toEqual([6]);
});

it('the handlers ask before each record whether to stop, and report how far the file was read', () => {
  const batch = new RecordBatch(['a']);
  let stop = false;
  let added = 0;
  let bytes = 0;
  const h = batchHandlers(batch, {
    stop: () => stop,
    added: () => (++added, added < 2),
    bytes: (done) => (bytes = done),
  });
  expect(h.onRecord(rec(2, ['1']))).toBe(true);
  expect(h.onRecord(rec(3, ['2']))).toBe(false);
  stop = true;
  expect(h.onRecord(rec(4, ['3']))).toBe(false);
  h.onChunk(1234);
  h.onUnreadable(5, 'bad');
  expect([batch.size, added, bytes]).toEqual([3, 2, 1234]);
});
