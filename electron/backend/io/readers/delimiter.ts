/**
 * Which character separates the columns: `,` (most CRMs), `;` (Excel in locales where `,` is the decimal
 * mark), tab (Excel's "Unicode text") or `|`. Each candidate splits the header and up to 100 sample rows
 * (quote-aware, by csv-parse); the one whose header has more than one column and whose rows agree with
 * the header's column count wins. The share of agreeing rows is the confidence the preview shows.
 */
import { parse as parseSync } from 'csv-parse/sync';
import { DELIMITERS, type Delimiter } from '../../../../shared/models/import.js';

export { DELIMITERS, type Delimiter };

/** The outcome of detection. */
export interface DelimiterGuess {
  delimiter: Delimiter;
  /** Columns the header has with it. */
  columns: number;
  /** Share (0–1) of sample rows with the header's column count; 0 when no candidate splits the header. */
  confidence: number;
  /** Another candidate that splits the file just as consistently (the marketer should check). */
  alsoPossible: Delimiter | null;
}

/** Splits `text` into at most `limit` records with delimiter `d`; a torn last record is dropped. */
export function splitRecords(text: string, d: Delimiter, limit: number): string[][] {
  let body = text;
  for (let attempt = 0; attempt < 4 && body.length > 0; attempt++) {
    try {
      return parseSync(body, {
        delimiter: d,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        to: limit,
      }) as string[][];
    } catch {
      // An unclosed quote at the cut end of the head: retry on a shorter head.
      const cut = body.lastIndexOf('\n', Math.floor(body.length / 2));
      body = cut > 0 ? body.slice(0, cut) : '';
    }
  }
  return [];
}

/** The head of a file without its last, possibly torn, line (when more of the file follows). */
export function wholeLines(text: string, more: boolean): string {
  if (!more) return text;
  const cut = text.lastIndexOf('\n');
  return cut > 0 ? text.slice(0, cut + 1) : text;
}

/** Detects the delimiter from the decoded head of a file (see the module comment). */
export function detectDelimiter(head: string): DelimiterGuess {
  const scored = DELIMITERS.map((d) => {
    const rows = splitRecords(head, d, 101);
    const columns = rows[0]?.length ?? 0;
    const data = rows.slice(1);
    const agree = data.filter((r) => r.length === columns).length;
    const confidence = columns < 2 ? 0 : data.length === 0 ? 1 : agree / data.length;
    return { delimiter: d, columns, confidence };
  });
  const ranked = [...scored].sort((a, b) => b.confidence - a.confidence || b.columns - a.columns);
  const best = ranked[0] ?? { delimiter: ',' as const, columns: 1, confidence: 0 };
  if (best.confidence === 0) return { delimiter: ',', columns: scored[0]?.columns ?? 1, confidence: 0, alsoPossible: null };
  const rival = ranked.find((s) => s !== best && s.confidence === best.confidence && s.columns > 1);
  return { ...best, alsoPossible: rival?.delimiter ?? null };
}

/** A person-readable name of a delimiter. */
export function delimiterLabel(d: Delimiter): string {
  return d === ',' ? 'comma (,)' : d === ';' ? 'semicolon (;)' : d === '\t' ? 'tab' : 'vertical bar (|)';
}
