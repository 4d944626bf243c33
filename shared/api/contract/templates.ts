import { z } from 'zod';
import type { SegmentRecord } from '../../models/segment.js';
import type { TemplateListItem } from '../../models/template.js';
import { definitionSchema } from '../../segments/schema.js';

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1, 'Name is required').max(200, 'Name is at most 200 characters');
const description = z.string().max(4000);
/** Labels the gallery filters on: short, trimmed, at most 20. */
const labels = z.array(z.string().trim().min(1, 'A label cannot be empty').max(40, 'A label is at most 40 characters')).max(20);

export const templatesInputs = {
  /** Every template (built-in and stored) with what it means in the open database; `activeOnly` for the gallery. */
  'templates.list': z.strictObject({ activeOnly: z.boolean().optional() }),
  /** One template, described against the open database. */
  'templates.get': z.strictObject({ id }),
  /** Store a definition as a template ("Save as template"); rows may be parameters. */
  'templates.create': z.strictObject({
    name,
    description: description.optional(),
    labels: labels.optional(),
    active: z.boolean().optional(),
    definition: definitionSchema,
  }),
  /** Change a stored template (built-in ones cannot be changed). */
  'templates.update': z.strictObject({
    id,
    name: name.optional(),
    description: description.optional(),
    labels: labels.optional(),
    active: z.boolean().optional(),
    definition: definitionSchema.optional(),
  }),
  /** Delete a stored template (built-in ones cannot be deleted). */
  'templates.delete': z.strictObject({ id }),
  /** A new draft dynamic segment from a template; its parameters are filled in the designer. */
  'templates.instantiate': z.strictObject({
    id,
    name,
    description: description.optional(),
    timeZone: z.string().min(1).max(64).optional(),
  }),
};

type In<K extends keyof typeof templatesInputs> = z.infer<(typeof templatesInputs)[K]>;

export interface TemplatesMethods {
  'templates.list': { input: In<'templates.list'>; output: TemplateListItem[] };
  'templates.get': { input: In<'templates.get'>; output: TemplateListItem };
  'templates.create': { input: In<'templates.create'>; output: TemplateListItem };
  'templates.update': { input: In<'templates.update'>; output: TemplateListItem };
  'templates.delete': { input: In<'templates.delete'>; output: { id: string } };
  'templates.instantiate': { input: In<'templates.instantiate'>; output: SegmentRecord };
}

/** Pushed when a stored template is created, changed or deleted. */
export interface TemplatesEvents {
  'template.changed': { id: string; change: 'created' | 'updated' | 'deleted' };
}
