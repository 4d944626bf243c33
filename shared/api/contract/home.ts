import { z } from 'zod';
import type { SegmentSummary } from '../../models/segment.js';

/** One entity's record count (contacts, accounts, …), with its display label. */
export interface HomeEntityCount {
  name: string;
  label: string;
  count: number;
}

/** Interactions of one type: all of them and those in the last 30 days and 12 months. */
export interface HomeInteractionType {
  name: string;
  label: string;
  total: number;
  last30Days: number;
  last12Months: number;
  /** Newest interaction of this type (ISO), null when there is none. */
  lastAt: string | null;
}

/** The newest finished import (what the data came from, for the home view). */
export interface HomeLastImport {
  file: string;
  kind: 'entity' | 'interactions';
  /** What was imported, for a person: the entity's label ("Contact"), or "Interactions". */
  targetLabel: string;
  status: 'running' | 'completed' | 'cancelled' | 'failed';
  finishedAt: string | null;
  imported: number;
  updated: number;
  skipped: number;
}

/** A segment that needs someone to look at it, and why, in words. */
export interface HomeAttention {
  id: string;
  name: string;
  type: SegmentSummary['type'];
  status: SegmentSummary['status'];
  reason: 'childStopped' | 'childDeleted' | 'stopped';
  /** A sentence for the user, naming segments by name. */
  message: string;
}

/** What the home view shows: what the database holds, where it came from, and what needs attention. */
export interface HomeSummary {
  /** Every entity with its record count, contacts first. */
  entities: HomeEntityCount[];
  interactions: { total: number; byType: HomeInteractionType[] };
  /** Number of imports ever run, and the newest one. */
  imports: { count: number; last: HomeLastImport | null };
  /** Set when demo data was generated into this database (first start or `init --demo`). */
  demo: { generatedAt: string; contacts: number } | null;
  segments: { total: number; live: number; draft: number; stopped: number };
  attention: HomeAttention[];
  /** The most recently changed segments, newest first (at most 5). */
  recent: SegmentSummary[];
}

export const homeInputs = {
  /** The home view's summary of the database (counts, provenance, segments needing attention, recent segments). */
  'home.summary': z.strictObject({}),
};

export interface HomeMethods {
  'home.summary': { input: z.infer<(typeof homeInputs)['home.summary']>; output: HomeSummary };
}
