/**
 * The segment engine: exact size estimates of a definition (computed on the evaluator worker),
 * validation keyed by node id, and the query-text language (parse / print).
 */
import { z } from 'zod';
import type { CompoundDefinition, DynamicDefinition } from '../../segments/ast.js';
import { definitionSchema } from '../../segments/schema.js';

const segmentId = z.string().min(1).max(64);
/** ISO 8601 instant, e.g. `2026-03-15T12:00:00Z`. */
const isoInstant = z
  .string()
  .max(40)
  .refine((s) => Number.isFinite(Date.parse(s)), 'Must be an ISO 8601 date-time');

export const engineInputs = {
  /**
   * Exact member count of a (draft) definition as of `now` (default: the backend clock), with the
   * result size after each block. `timeZone` (IANA) counts relative dates; default: the segment's
   * zone when `segmentId` is given, else UTC. A newer estimate cancels an older one still running.
   */
  'segments.estimate': z.strictObject({
    definition: definitionSchema,
    timeZone: z.string().min(1).max(64).optional(),
    now: isoInstant.optional(),
    segmentId: segmentId.optional(),
  }),
  /** Checks a definition against the catalog and the segments it references (cycles included with `segmentId`). */
  'segments.validate': z.strictObject({ definition: definitionSchema, segmentId: segmentId.optional() }),
  /** Parses segment query text (spec §4) into a definition, or returns the errors with line and column. */
  'segments.parseText': z.strictObject({
    text: z.string().max(200_000),
    kind: z.enum(['dynamic', 'compound']).optional(),
    segmentId: segmentId.optional(),
  }),
  /** Prints a definition as segment query text (SEGMENT references by name where known). */
  'segments.printText': z.strictObject({ definition: definitionSchema }),
};

type In<K extends keyof typeof engineInputs> = z.infer<(typeof engineInputs)[K]>;

/** Result of `segments.estimate`. Exact for the local data; labelled an estimate while drafting (F13). */
export interface EstimateResult {
  /** Members after the last block. */
  total: number;
  /** Size of the result after each block, left to right (same order as `definition.blocks`). */
  blockCounts: number[];
  estimated: true;
  /** The instant the estimate was computed as of (ISO). */
  asOf: string;
  durationMs: number;
  /** Where it was counted: absent or 'computer' for this computer's data, 'warehouse' for the connected warehouse. */
  source?: 'computer' | 'warehouse';
}

/** A definition problem, keyed by the node it belongs to ('' for the definition itself). */
export interface DefinitionIssue {
  nodeId: string;
  /** Where in the definition, e.g. `blocks[0].root.children[2]`. */
  path: string;
  message: string;
}

/** A query-text problem, 1-based line and column. */
export interface TextIssue {
  line: number;
  column: number;
  message: string;
}

/** Parse outcome: a definition, or every error found with its position. */
export type ParseTextResult = { ok: true; definition: DynamicDefinition | CompoundDefinition } | { ok: false; errors: TextIssue[] };

export interface EngineMethods {
  'segments.estimate': { input: In<'segments.estimate'>; output: EstimateResult };
  'segments.validate': { input: In<'segments.validate'>; output: { valid: boolean; issues: DefinitionIssue[] } };
  'segments.parseText': { input: In<'segments.parseText'>; output: ParseTextResult };
  'segments.printText': { input: In<'segments.printText'>; output: { text: string } };
}

export interface EngineEvents {
  /** An evaluation job on the worker is about to run block `step` of `steps` (0-based). */
  'evaluation.progressed': { jobId: number; kind: 'estimate' | 'materialise' | 'query'; segmentId?: string; step: number; steps: number };
}
