/**
 * Splits and holdouts (docs/semantics.md § Splits): divide a live segment's members into 2–10 groups by
 * percentages, each group a live segment following the parent; list a parent's splits; export the
 * parent's members with the group column.
 */
import { z } from 'zod';
import { filePath } from '../filePath.js';
import { MAX_SEED_LENGTH, MAX_SPLIT_GROUPS, MIN_SPLIT_GROUPS } from '../../segments/split.js';
import { exportFormat } from './live.js';

const id = z.string().min(1).max(64);
const seed = z.string().max(MAX_SEED_LENGTH);
const percents = z.array(z.number()).min(MIN_SPLIT_GROUPS).max(MAX_SPLIT_GROUPS);

/** One group of a split, as listed. */
export interface SplitGroupSummary {
  /** 0-based position in the split. */
  index: number;
  /** The marketer's name for the group ("Group A", "Holdout"). */
  label: string;
  percent: number;
  /** The group's own segment (live, following the parent). */
  segmentId: string;
  segmentName: string;
  status: string;
  /** Members now (null before the first evaluation). */
  memberCount: number | null;
}

/** A split of a parent segment: its seed, percentages and group segments. */
export interface SplitSummary {
  parentId: string;
  parentName: string;
  parentCount: number | null;
  seed: string;
  percents: number[];
  groups: SplitGroupSummary[];
}

export const splitsInputs = {
  /**
   * Split live segment `parentId` into groups by `percents` under `seed`: creates one live compound
   * segment per group (named `<Parent> — <label> (P %)` unless `names` are given). Nothing is created
   * when any check fails; issues name the field (`seed`, `percents`, `labels`, `names`).
   */
  'splits.create': z.strictObject({
    parentId: id,
    seed,
    percents,
    /** Group names shown in exports and insights ("Holdout"); default Group A, Group B, … */
    labels: z.array(z.string().max(100)).max(MAX_SPLIT_GROUPS).optional(),
    /** Segment names; default "<Parent> — <label> (P %)". */
    names: z.array(z.string().max(200)).max(MAX_SPLIT_GROUPS).optional(),
  }),
  /** The splits of one parent segment (found from the group segments' definitions). */
  'splits.list': z.strictObject({ parentId: id }),
  /** The parent's members with a `Group` column (the group's label), CSV or Excel. */
  'splits.exportMembers': z.strictObject({
    parentId: id,
    seed,
    percents,
    path: filePath('write'),
    columns: z.array(z.string().min(1).max(200)).max(100).optional(),
    format: exportFormat.optional(),
  }),
};

type In<K extends keyof typeof splitsInputs> = z.infer<(typeof splitsInputs)[K]>;

export interface SplitsMethods {
  'splits.create': { input: In<'splits.create'>; output: SplitSummary };
  'splits.list': { input: In<'splits.list'>; output: SplitSummary[] };
  'splits.exportMembers': { input: In<'splits.exportMembers'>; output: { path: string; rows: number } };
}
