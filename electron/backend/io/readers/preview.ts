/**
 * The preview of a file: header, first rows, inferred types, how it was read, the value locale proposed
 * from the sample, and the guards — problems the marketer must acknowledge before starting (a header
 * that is one whole line, ambiguous dates or numbers, more than 5% of sampled rows that would be
 * skipped). Duplicate values are counted per column; the wizard warns for the key column it picks.
 */
import type { ImportDuplicates, ImportLocale, ImportPreview, ImportWarning } from '../../../../shared/models/import.js';
import type { CsvRecord } from '../csvFile.js';
import { compileDateFormat, inferType, type NumberFormat } from '../../values/parse.js';
import { inferDateFormat, inferDecimal, localeDefaults } from '../../values/locale.js';
import { delimiterLabel } from './delimiter.js';
import type { RowSource } from './source.js';

/** What the preview was asked for (imports.preview input). */
export interface PreviewInput {
  dateFormat?: string | undefined;
  decimalSeparator?: '.' | ',' | undefined;
  /** The computer's locale (BCP 47); default: this process's. */
  locale?: string | undefined;
}

/** Rows over which the guards count failures; more than this share failing is a warning. */
export const FAILING_SHARE = 0.05;

/** Repeated values of one column among sampled rows. */
export function duplicatesOf(sample: readonly CsvRecord[], index: number): ImportDuplicates {
  const rows = new Map<string, number[]>();
  let count = 0;
  for (const r of sample) {
    const v = (r.cells[index] ?? '').trim();
    if (v === '') continue;
    const at = rows.get(v);
    if (at) {
      count++;
      if (at.length < 5) at.push(r.row);
    } else rows.set(v, [r.row]);
  }
  const examples = [...rows]
    .filter(([, r]) => r.length > 1)
    .slice(0, 5)
    .map(([value, r]) => ({ value, rows: r }));
  return { count, examples };
}

/** Proposes the number and date locale of a sample (what was chosen wins). */
export function proposeLocale(
  header: readonly string[],
  sample: readonly CsvRecord[],
  input: PreviewInput,
  workbook: boolean,
): ImportLocale {
  const defaults = localeDefaults(input.locale);
  const columns = header.map((_, i) => sample.map((r) => r.cells[i] ?? ''));
  const numbers = workbook ? { decimal: '.' as const, ambiguous: [] as string[] } : inferDecimal(columns);
  const dates = inferDateFormat(columns.flat(), defaults.dayFirst);
  const chosenDate = input.dateFormat;
  return {
    decimalSeparator: input.decimalSeparator ?? numbers.decimal ?? defaults.decimal,
    decimalFrom: input.decimalSeparator ? 'chosen' : numbers.decimal !== null ? 'sample' : 'default',
    dateFormat: chosenDate ?? dates.format,
    dateFrom: chosenDate ? 'chosen' : dates.candidates.length > 1 ? 'default' : dates.format ? 'sample' : 'none',
    dateAlternatives: chosenDate ? [] : dates.candidates,
    ambiguousDates: chosenDate ? [] : dates.ambiguous,
    ambiguousNumbers: input.decimalSeparator ? [] : numbers.ambiguous,
  };
}

/** Builds the preview of an opened file from its sample. */
export function buildPreview(source: RowSource, sample: readonly CsvRecord[], input: PreviewInput): ImportPreview {
  const head = source.head;
  const workbook = head.reading.format === 'xlsx';
  const locale = proposeLocale(head.header, sample, input, workbook);
  const nf: NumberFormat | null = workbook ? null : { decimal: locale.decimalSeparator };
  const f = locale.dateFormat ? compileDateFormat(locale.dateFormat) : null;
  const warnings: ImportWarning[] = [];
  if (head.wholeLine !== null && workbook) {
    const name = delimiterLabel(head.wholeLine);
    warnings.push({
      code: 'single_column',
      message: `The sheet's header is one cell holding ${name} characters: each line of a ${name}-separated file sits in one cell. Import the CSV file itself, or split the column in Excel first; the import refuses a whole line as a column name.`,
    });
  } else if (head.wholeLine !== null) {
    const name = delimiterLabel(head.wholeLine);
    warnings.push({
      code: 'single_column',
      message: `The header reads as one column that holds ${name} characters: the file seems to be separated by ${name}, not ${delimiterLabel(head.delimiter)}. Choose the delimiter; the import refuses a whole line as a column name.`,
    });
  }
  if (locale.dateAlternatives.length > 1)
    warnings.push({
      code: 'ambiguous_dates',
      message: `Dates such as ${locale.ambiguousDates.join(', ')} read as ${locale.dateAlternatives.join(' or ')}: no day above 12 in the sample decides. Check the date format (proposed: ${locale.dateFormat ?? ''}).`,
    });
  const ambiguousNumbers = locale.ambiguousNumbers;
  if (ambiguousNumbers.length > 0)
    warnings.push({
      code: 'ambiguous_numbers',
      message: `Numbers such as ${ambiguousNumbers.join(', ')} read as thousands or as decimals: check the decimal mark (proposed: '${locale.decimalSeparator}').`,
    });
  const failing = sample.filter((r) => r.cells.length !== head.header.length);
  if (sample.length > 0 && failing.length / sample.length > FAILING_SHARE)
    warnings.push({
      code: 'failing_rows',
      message: `${failing.length} of ${sample.length} sampled rows (${Math.round((failing.length / sample.length) * 100)}%) do not have the header's ${head.header.length} columns and would be skipped (rows ${failing
        .slice(0, 5)
        .map((r) => r.row)
        .join(', ')}${failing.length > 5 ? '…' : ''}). Check the delimiter and encoding.`,
    });
  return {
    path: head.path,
    totalBytes: head.totalBytes,
    header: head.header,
    columns: head.header.map((name, i) => {
      const cells = sample.map((r) => r.cells[i] ?? '');
      return {
        name,
        inferredType: inferType(cells, f, nf),
        nonEmpty: cells.filter((c) => c.trim() !== '').length,
        duplicates: duplicatesOf(sample, i),
      };
    }),
    sampleRows: sample.slice(0, 20).map((r) => r.cells),
    sampledRows: sample.length,
    reading: head.reading,
    locale,
    warnings,
  };
}
