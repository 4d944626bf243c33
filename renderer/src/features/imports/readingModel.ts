/**
 * How the wizard reads a file (issue 16): the delimiter, encoding, sheet and number locale the preview
 * detected or the marketer chose, how they travel to `imports.preview` and `imports.start`, and the
 * guards — warnings that must each be acknowledged before "Start import" is enabled.
 */
import type { ImportOptions } from '../../../../shared/api/contract/imports';
import type { MethodInput } from '../../../../shared/api/contract';
import type { DecimalSeparator, Delimiter, FileEncoding, ImportPreview } from '../../../../shared/models/import';

/** The reading choices sent with every preview and with the start; null = let the backend detect. */
export interface ReadChoices {
  delimiter: Delimiter | null;
  encoding: FileEncoding | null;
  sheet: string | null;
  decimalSeparator: DecimalSeparator | null;
}

export const NO_READ_CHOICES: ReadChoices = { delimiter: null, encoding: null, sheet: null, decimalSeparator: null };

/** What a preview settled on, as choices (so the start reads the file exactly as the preview did). */
export function readChoicesOf(preview: ImportPreview): ReadChoices {
  const r = preview.reading;
  const csv = r?.format === 'csv';
  return {
    delimiter: csv ? (r.delimiter ?? null) : null,
    encoding: csv ? (r.encoding ?? null) : null,
    sheet: r?.format === 'xlsx' ? r.sheet : null,
    decimalSeparator: csv ? (preview.locale?.decimalSeparator ?? null) : null,
  };
}

/** The browser's locale: the default decimal mark and date order when the sample does not say. */
export const browserLocale = (): string | undefined => (typeof navigator === 'undefined' ? undefined : navigator.language || undefined);

/** The `imports.preview` input for a file read with `read` (only what was chosen is sent). */
export function previewInput(path: string, read: Partial<ReadChoices>, dateFormat?: string): MethodInput<'imports.preview'> {
  const locale = browserLocale();
  return { path, ...readOptions({ ...NO_READ_CHOICES, ...read }), ...(dateFormat ? { dateFormat } : {}), ...(locale ? { locale } : {}) };
}

/** The reading options of `imports.start` (the non-null choices). */
export function readOptions(read: ReadChoices): Pick<ImportOptions, 'delimiter' | 'encoding' | 'sheet' | 'decimalSeparator'> {
  return {
    ...(read.delimiter ? { delimiter: read.delimiter } : {}),
    ...(read.encoding ? { encoding: read.encoding } : {}),
    ...(read.sheet ? { sheet: read.sheet } : {}),
    ...(read.decimalSeparator ? { decimalSeparator: read.decimalSeparator } : {}),
  };
}

/** One warning to acknowledge; `id` is stable while the preview and key stay the same. */
export interface PreviewGuard {
  id: string;
  message: string;
}

/**
 * The preview's warnings, plus duplicate keys within the file for the key column the mapping picked
 * (records only: a contact repeating in an interactions file is normal).
 */
export function previewGuards(preview: ImportPreview, kind: 'entity' | 'interactions', key: string): PreviewGuard[] {
  const out: PreviewGuard[] = (preview.warnings ?? []).map((w) => ({ id: w.code, message: w.message }));
  const col = kind === 'entity' ? preview.columns.find((c) => c.name === key) : undefined;
  const d = col?.duplicates;
  if (d && d.count > 0) {
    const examples = d.examples.map((e) => `“${e.value}” (rows ${e.rows.join(', ')})`).join('; ');
    out.push({
      id: `duplicate_keys:${key}`,
      message:
        `${d.count} of the ${preview.sampledRows} sampled rows repeat a key already seen in column “${key}”: ${examples}. ` +
        'Each repeat overwrites the earlier row with the same key (the last one wins).',
    });
  }
  return out;
}

/** Guards not yet acknowledged. */
export const unacknowledged = (guards: readonly PreviewGuard[], acknowledged: readonly string[]): PreviewGuard[] =>
  guards.filter((g) => !acknowledged.includes(g.id));
