/**
 * Case folding shared by every place that compares text case-insensitively.
 *
 * The storage writes a folded shadow column (`c_x__f`) with this function and the reference
 * evaluator folds both sides with it, so SQL and the evaluator agree on every Unicode string
 * (e.g. 'ÄRZTE' → 'ärzte', 'İstanbul' → 'i̇stanbul'). Do not change it without migrating the
 * shadows: any change here changes which rows match.
 *
 * @param s any text (already trimmed where the caller needs it)
 * @returns the folded text (`String.prototype.toLowerCase`, locale independent)
 */
export function foldText(s: string): string {
  return s.toLowerCase();
}

/** Trim then fold: how rule values and stored texts are compared. */
export function normText(s: string): string {
  return foldText(s.trim());
}
