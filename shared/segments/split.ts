/**
 * Splits and holdouts: a segment's members divided into 2–10 groups by percentages, reproducibly.
 * A contact's group depends only on (seed, the contact's key) — never on a row id or on who else is a
 * member — so it does not change when other contacts join or leave, and the same seed with the same
 * keys gives the same groups in any database or warehouse. The rule (docs/semantics.md § Splits):
 *
 *   h      = the first 8 hex digits of md5(seed || ':' || key), read as an unsigned 32-bit integer
 *   bucket = floor(h * 10000 / 2^32)                              -- 0 … 9999, hundredths of a percent
 *   bound_i = round(100 * (p_1 + … + p_i))                          -- cumulative, in hundredths
 *   group  = the first i with bucket < bound_i                     -- 1-based in text, 0-based here
 *
 * Pure: used by the reference evaluator, the backend (SQLite registers `ss_split_bucket`) and the renderer.
 */
import { md5Hex } from './splitHash.js';

/** Buckets per split: a contact's bucket is in [0, SPLIT_BUCKETS); percentages resolve to 0.01 %. */
export const SPLIT_BUCKETS = 10000;
export const MIN_SPLIT_GROUPS = 2;
export const MAX_SPLIT_GROUPS = 10;
export const MAX_SEED_LENGTH = 100;

/**
 * The split part of a segment block: this block keeps only the referenced segment's members that fall
 * into group `group` (0-based) of the split of that segment by `percents` under `seed`.
 */
export interface SplitSpec {
  /** Any non-empty text; the same seed and keys always give the same groups. */
  seed: string;
  /** 2–10 positive percentages with at most two decimals, summing to exactly 100. */
  percents: number[];
  /** 0-based index into `percents`. */
  group: number;
  /** The marketer's name for this group ("Holdout"), shown in exports and insights; no effect on membership. */
  label?: string;
}

/** A problem with a split's settings, naming the field it is about. */
export interface SplitIssue {
  field: 'seed' | 'percents' | 'group' | 'names';
  message: string;
}

/** The unsigned 32-bit integer of the first 8 hex digits of md5(seed + ':' + key). */
export function splitHash(seed: string, key: string): number {
  return parseInt(md5Hex(`${seed}:${key}`).slice(0, 8), 16);
}

/** A contact's bucket in [0, 10000) — integer arithmetic, exact in every engine. */
export function splitBucket(seed: string, key: string): number {
  // h * 10000 < 2^46: exact in a double, so Math.floor is the integer division SQL engines do.
  return Math.floor((splitHash(seed, key) * SPLIT_BUCKETS) / 2 ** 32);
}

/** Cumulative upper bounds (exclusive) of each group, in buckets; the last is always 10000. */
export function splitBounds(percents: readonly number[]): number[] {
  let sum = 0;
  return percents.map((p) => {
    sum += Math.round(p * 100);
    return sum;
  });
}

/** The bucket range [from, to) of one group. */
export function splitRange(percents: readonly number[], group: number): { from: number; to: number } {
  const bounds = splitBounds(percents);
  return { from: group === 0 ? 0 : bounds[group - 1]!, to: bounds[group]! };
}

/** The 0-based group of a contact key. */
export function splitGroupOf(seed: string, percents: readonly number[], key: string): number {
  const bucket = splitBucket(seed, key);
  const bounds = splitBounds(percents);
  const i = bounds.findIndex((b) => bucket < b);
  return i === -1 ? bounds.length - 1 : i;
}

/** True when `key` falls into the spec's group. */
export function inSplitGroup(spec: SplitSpec, key: string): boolean {
  const { from, to } = splitRange(spec.percents, spec.group);
  const b = splitBucket(spec.seed, key);
  return b >= from && b < to;
}

/** Checks seed and percentages (and, when given, group index and names); [] when valid. */
export function validateSplit(input: {
  seed: string;
  percents: readonly number[];
  group?: number;
  names?: readonly string[];
}): SplitIssue[] {
  const issues: SplitIssue[] = [];
  if (typeof input.seed !== 'string' || input.seed.trim() === '')
    issues.push({ field: 'seed', message: 'Seed: enter a seed (any text, e.g. 42)' });
  else if (input.seed.length > MAX_SEED_LENGTH) issues.push({ field: 'seed', message: `Seed: at most ${MAX_SEED_LENGTH} characters` });
  const p = input.percents;
  if (!Array.isArray(p) || p.length < MIN_SPLIT_GROUPS || p.length > MAX_SPLIT_GROUPS) {
    issues.push({
      field: 'percents',
      message: `Percentages: a split has ${MIN_SPLIT_GROUPS} to ${MAX_SPLIT_GROUPS} groups, found ${Array.isArray(p) ? p.length : 0}`,
    });
  } else {
    p.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v >= 100) {
        issues.push({
          field: 'percents',
          message: `Percentages: group ${i + 1} must be more than 0 and less than 100, found ${String(v)}`,
        });
      } else if (Math.abs(v * 100 - Math.round(v * 100)) > 1e-9) {
        issues.push({ field: 'percents', message: `Percentages: group ${i + 1} has more than two decimals (${v})` });
      }
    });
    const total = p.reduce((s, v) => s + Math.round((Number.isFinite(v) ? v : 0) * 100), 0);
    if (!issues.some((i) => i.field === 'percents') && total !== SPLIT_BUCKETS) {
      issues.push({ field: 'percents', message: `Percentages: must add up to 100, they add up to ${total / 100}` });
    }
    if (input.group !== undefined && (!Number.isInteger(input.group) || input.group < 0 || input.group >= p.length)) {
      issues.push({ field: 'group', message: `Group: must be 1 to ${p.length}, found ${String(input.group + 1)}` });
    }
  }
  if (input.names) {
    const seen = new Set<string>();
    input.names.forEach((n, i) => {
      const t = n.trim();
      if (t === '') issues.push({ field: 'names', message: `Names: group ${i + 1} has no name` });
      else if (seen.has(t.toLowerCase())) issues.push({ field: 'names', message: `Names: '${t}' is used twice` });
      seen.add(t.toLowerCase());
    });
  }
  return issues;
}

/** 'A', 'B', … for the default group names. */
export function groupLetter(i: number): string {
  return String.fromCharCode(65 + i);
}

/** Default names: "Group A", "Group B", …; a 2-group split whose second group is smaller reads as a holdout. */
export function defaultGroupNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Group ${groupLetter(i)}`);
}

/** Formats a percentage as people write it: "50 %", "12.5 %". */
export function formatPercent(p: number): string {
  return `${Number(p.toFixed(2))} %`;
}

/** The name of a group's segment: "<Parent> — <group name> (50 %)". */
export function groupSegmentName(parent: string, groupName: string, percent: number): string {
  return `${parent} — ${groupName} (${formatPercent(percent)})`;
}

/** One line for a split block: "Only Group A: group 1 of a 50 % / 50 % split, seed 42". */
export function describeSplit(spec: SplitSpec): string {
  const name = spec.label ?? defaultGroupNames(spec.percents.length)[spec.group] ?? `Group ${spec.group + 1}`;
  return `Only ${name}: group ${spec.group + 1} of a ${spec.percents.map(formatPercent).join(' / ')} split, seed ${spec.seed}`;
}
