import { z } from 'zod';
import { SEGMENT_STATUSES, SEGMENT_TYPES, type SegmentRecord, type SegmentSummary } from '../../models/segment.js';
import { definitionSchema } from '../../segments/schema.js';

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1, 'Name is required').max(200, 'Name is at most 200 characters');
const description = z.string().max(4000);
/** IANA zone names; the backend checks the zone exists. */
const timeZone = z.string().min(1).max(64);

export const segmentsInputs = {
  /** All segments (summary rows), optionally filtered. */
  'segments.list': z.strictObject({
    search: z.string().max(200).optional(),
    type: z.enum(SEGMENT_TYPES).optional(),
    status: z.enum(SEGMENT_STATUSES).optional(),
  }),
  /** Create a draft segment. Type is fixed from now on. */
  'segments.create': z.strictObject({
    name,
    type: z.enum(SEGMENT_TYPES),
    description: description.optional(),
    timeZone: timeZone.optional(),
    owner: z.string().max(200).optional(),
    definition: definitionSchema.optional(),
  }),
  /** One whole segment. */
  'segments.get': z.strictObject({ id }),
  /** Change a segment's editable fields (which ones depends on its status). */
  'segments.update': z.strictObject({
    id,
    name: name.optional(),
    description: description.optional(),
    timeZone: timeZone.optional(),
    owner: z.string().max(200).optional(),
    definition: definitionSchema.optional(),
  }),
  /** Delete a segment (refused while other live segments depend on it unless `force`). */
  'segments.delete': z.strictObject({ id, force: z.boolean().optional() }),
};

type In<K extends keyof typeof segmentsInputs> = z.infer<(typeof segmentsInputs)[K]>;

export interface SegmentsMethods {
  'segments.list': { input: In<'segments.list'>; output: SegmentSummary[] };
  'segments.create': { input: In<'segments.create'>; output: SegmentRecord };
  'segments.get': { input: In<'segments.get'>; output: SegmentRecord };
  'segments.update': { input: In<'segments.update'>; output: SegmentRecord };
  'segments.delete': { input: In<'segments.delete'>; output: { id: string } };
}

/** Pushed when a segment is created, changed or deleted (status changes included). */
export interface SegmentsEvents {
  'segment.changed': { id: string; change: 'created' | 'updated' | 'deleted' };
}
