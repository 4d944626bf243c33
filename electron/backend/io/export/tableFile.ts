/**
 * Writes a table of typed values to a CSV or an Excel file, batch by batch, in bounded memory.
 *
 * Both formats get the same columns and the same values (shared/values/format.ts): CSV as UTF-8 with
 * a BOM (so Excel reads accents right) with ISO 8601 date-times carrying the zone's offset, plain
 * numbers, `; `-joined lists and Yes/No; Excel through exceljs's streaming WorkbookWriter (rows are
 * committed as they come, never a workbook in memory) with typed cells — numbers, booleans, real
 * dates with a number format — a frozen header row, an autofilter and column widths from the header
 * and the first batch.
 *
 * A CRM export can hold text such as `=HYPERLINK(…)`: a spreadsheet opening the CSV would run it as a
 * formula (CSV injection). CSV text cells and headers that begin with `=`, `+`, `-`, `@`, a tab or a
 * carriage return are therefore written with a leading apostrophe, which spreadsheets show as text and
 * hide; numbers, dates and Yes/No are never touched. Excel files carry typed string cells, which are
 * never formulas, so they keep the text as it is.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { FieldType } from '../../../../shared/models/catalog.js';
import { excelCell, exportText, type TypedValue } from '../../../../shared/values/format.js';

/** The file formats exports write. */
export type TableFormat = 'csv' | 'xlsx';

/** One column of an export: its header (a display label) and the type of its values. */
export interface TableColumn {
  header: string;
  /** Decides the column width; the values carry their own kind. */
  type: FieldType;
}

/** Label / value pairs describing what a file holds (Excel: a second sheet "About"). */
export type AboutRows = readonly (readonly [string, string])[];

/** A table being written; rows are arrays in column order. */
export interface TableWriter {
  writeRows(rows: readonly (readonly TypedValue[])[]): Promise<void>;
  /** Ends the file (it is complete only after this resolves). */
  finish(): Promise<void>;
  /** Stops writing and closes the file (the caller removes it). */
  abort(): void;
}

const BOM = '\uFEFF';

/** First characters a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** `text` as a CSV cell a spreadsheet will not evaluate (see the file comment). */
export function csvSafeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One value as CSV text: free text (text, lists, lookup names) guarded against formulas. */
function csvCell(v: TypedValue, timeZone: string): string {
  const text = exportText(v, timeZone);
  return v !== null && (v.kind === 'text' || v.kind === 'list' || v.kind === 'lookup') ? csvSafeText(text) : text;
}

/** Writes `text` and waits for the stream to drain when its buffer is full (bounded memory). */
async function writeText(out: fs.WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

function csvWriter(file: string, columns: readonly TableColumn[], timeZone: string): TableWriter {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  let started = false;
  const start = async (): Promise<void> => {
    if (started) return;
    started = true;
    await writeText(out, BOM + stringify([columns.map((c) => csvSafeText(c.header))]));
  };
  return {
    async writeRows(rows) {
      await start();
      if (rows.length > 0) await writeText(out, stringify(rows.map((r) => r.map((v) => csvCell(v, timeZone)))));
    },
    async finish() {
      await start();
      out.end();
      await once(out, 'finish');
    },
    abort: () => out.destroy(),
  };
}

/** A width (in characters) that fits the header and the values seen in the first batch, within bounds. */
function widthOf(column: TableColumn, index: number, sample: readonly (readonly TypedValue[])[], timeZone: string): number {
  const fixed: Partial<Record<FieldType, number>> = { datetime: 20, date: 12, boolean: 8 };
  let w = fixed[column.type] ?? 10;
  for (const row of sample) w = Math.max(w, exportText(row[index] ?? null, timeZone).length);
  return Math.min(60, Math.max(w, column.header.length) + 2);
}

function xlsxWriter(file: string, columns: readonly TableColumn[], timeZone: string, sheetName: string, about?: AboutRows): TableWriter {
  const out = fs.createWriteStream(file);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31) || 'Export', { views: [{ state: 'frozen', ySplit: 1 }] });
  let started = false;
  const start = (sample: readonly (readonly TypedValue[])[]): void => {
    if (started) return;
    started = true;
    // Widths come from the first batch: the streaming writer fixes them with the header row.
    sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: widthOf(c, i, sample, timeZone) }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
  };
  return {
    async writeRows(rows) {
      start(rows);
      for (const r of rows) {
        const row = sheet.addRow([]);
        r.forEach((v, i) => {
          const cell = row.getCell(i + 1);
          const x = excelCell(v, timeZone);
          if (x.value === null) return;
          cell.value = x.value;
          if ('numFmt' in x) cell.numFmt = x.numFmt;
        });
        row.commit();
      }
      // Let the zip stream flush to the file before the next batch (bounded memory at 1M rows).
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async finish() {
      start([]);
      sheet.commit();
      if (about && about.length > 0) {
        // After the data, so the members stay the first sheet that opens.
        const info = workbook.addWorksheet('About');
        info.columns = [
          { header: 'About this export', key: 'k', width: 18 },
          { header: '', key: 'v', width: 100 },
        ];
        info.getRow(1).font = { bold: true };
        for (const [k, v] of about) {
          const row = info.addRow([k, v]);
          row.alignment = { wrapText: true, vertical: 'top' };
          row.commit();
        }
        info.commit();
      }
      await workbook.commit();
      if (!out.writableFinished) await once(out, 'finish');
    },
    abort: () => out.destroy(),
  };
}

/** Opens a writer for `format` at `file` (the caller writes to a temporary name and renames at the end). */
export function openTableFile(
  file: string,
  format: TableFormat,
  columns: readonly TableColumn[],
  timeZone: string,
  sheetName: string,
  about?: AboutRows,
): TableWriter {
  return format === 'xlsx' ? xlsxWriter(file, columns, timeZone, sheetName, about) : csvWriter(file, columns, timeZone);
}
