/**
 * The split dialog's form as data: "Split into groups" (2–10 named groups with percentages) or "Hold
 * out" (one percentage, two groups: Treatment and Holdout), a seed (generated, shown, editable), and the
 * field errors the shared rule gives (shared/segments/split.ts), checked before anything is sent.
 */
import { defaultGroupNames, MAX_SPLIT_GROUPS, validateSplit } from '../../../../shared/segments/split';

export type SplitMode = 'groups' | 'holdout';

export interface SplitGroupRow {
  label: string;
  /** As typed (may be '' or not a number while editing). */
  percent: string;
}

export interface SplitFormState {
  mode: SplitMode;
  seed: string;
  groups: SplitGroupRow[];
  /** Hold-out mode: the held-out percentage as typed. */
  holdout: string;
}

/** A fresh random seed: 8 characters a person can read back and type elsewhere. */
export function generateSeed(random: () => number = Math.random): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: 8 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

/** Even percentages in hundredths for n groups, the remainder on the last ("33.33, 33.33, 33.34"). */
export function evenPercents(n: number): string[] {
  const each = Math.floor(10000 / n);
  return Array.from({ length: n }, (_, i) => String((i === n - 1 ? 10000 - each * (n - 1) : each) / 100));
}

export function initialSplitForm(seed: string): SplitFormState {
  const labels = defaultGroupNames(2);
  return { mode: 'groups', seed, groups: evenPercents(2).map((percent, i) => ({ label: labels[i]!, percent })), holdout: '10' };
}

/** Changes the number of groups, keeping names the marketer typed and spreading percentages evenly. */
export function withGroupCount(form: SplitFormState, n: number): SplitFormState {
  const count = Math.min(MAX_SPLIT_GROUPS, Math.max(2, n));
  const labels = defaultGroupNames(count);
  const percents = evenPercents(count);
  return { ...form, groups: percents.map((percent, i) => ({ label: form.groups[i]?.label ?? labels[i]!, percent })) };
}

/** What would be sent: labels and percentages (hold-out mode: Treatment 100−X, Holdout X). */
export function splitRequest(form: SplitFormState): { seed: string; percents: number[]; labels: string[] } {
  if (form.mode === 'holdout') {
    const x = Number(form.holdout.trim().replace(',', '.'));
    return { seed: form.seed.trim(), percents: [Number((100 - x).toFixed(2)), x], labels: ['Treatment', 'Holdout'] };
  }
  return {
    seed: form.seed.trim(),
    percents: form.groups.map((g) => (g.percent.trim() === '' ? Number.NaN : Number(g.percent.trim().replace(',', '.')))),
    labels: form.groups.map((g) => g.label.trim()),
  };
}

/** Field errors by field: `seed`, `percents`, `labels` (hold-out mode reports percentages on `holdout`). */
export function splitFormErrors(form: SplitFormState): Record<string, string> {
  const req = splitRequest(form);
  const out: Record<string, string> = {};
  if (form.mode === 'holdout') {
    const x = req.percents[1]!;
    if (!Number.isFinite(x) || x <= 0 || x >= 100) out['holdout'] = 'Hold out: enter a percentage more than 0 and less than 100';
  }
  for (const issue of validateSplit({ seed: req.seed, percents: req.percents, names: req.labels })) {
    const key = issue.field === 'names' ? 'labels' : form.mode === 'holdout' && issue.field === 'percents' ? 'holdout' : issue.field;
    out[key] ??= issue.message;
  }
  return out;
}

/** The total of the typed percentages, for the running "adds up to" line. */
export function percentTotal(form: SplitFormState): number {
  const p = splitRequest(form).percents;
  return Math.round(p.reduce((s, x) => s + (Number.isFinite(x) ? Math.round(x * 100) : 0), 0)) / 100;
}
