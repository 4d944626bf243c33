/**
 * Text folding shared by every place that compares text: case- AND accent-insensitive, the way
 * Dynamics 365 compares under Dataverse's default collation (Latin1_General_CI_AI, spec F27.1), so
 * "Malmö" = "MALMO", "Straße" = "STRASSE", "İstanbul" = "istanbul", "Ærø" = "aero".
 *
 * The storage writes a folded shadow column (`c_x__f`, electron/backend/values/storedValue.ts) with
 * this function; the SQL compiler compares rule values folded with it against the shadow; the
 * reference evaluator and the columnar engine fold both sides with it. So every engine agrees on every
 * Unicode string. Do not change it without a migration that re-folds the shadows
 * (electron/backend/db/migrations/009_fold_accents.ts did that when accents started to fold).
 *
 * Steps: lower-case (locale independent), compatibility decomposition (NFKD: "ﬁ" → "fi", "²" → "2",
 * full-width → ASCII), drop every combining mark (accents, diaeresis, cedilla, the dot of "i̇"),
 * lower-case again (NFKD can yield capitals: "ℌ" → "H"), map the letters that carry no separable
 * mark ({@link LETTERS}: ß → ss, æ → ae, œ → oe, ø → o, đ/ð → d, ł → l, ħ → h, þ → th, ı → i,
 * final ς → σ), and recompose (NFC, for Hangul). ASCII text is only lower-cased.
 *
 * @param s any text (already trimmed where the caller needs it)
 * @returns the folded text; `foldText(foldText(s)) === foldText(s)`
 */
export function foldText(s: string): string {
  const lower = s.toLowerCase();
  // Fast path: most stored text is ASCII, and an import folds every text cell.
  if (isAscii(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(LETTER_PATTERN, (c) => LETTERS[c] ?? c)
    .normalize('NFC');
}

/** Trim then fold: how rule values and stored texts are compared. */
export function normText(s: string): string {
  return foldText(s.trim());
}

/** Letters without a combining mark to drop that the CI_AI collation still equates with plain ones. */
export const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ħ: 'h',
  þ: 'th',
  ı: 'i',
  ς: 'σ',
};

/** Whether every code unit is below 0x80 (no fold beyond lower-casing applies). */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
const MARKS = /\p{M}/gu;
const LETTER_PATTERN = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');
