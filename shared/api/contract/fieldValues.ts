import { z } from 'zod';

/** One suggested value and how many records hold it. */
export interface ValueSuggestion {
  value: string;
  count: number;
}

export const fieldValuesInputs = {
  /**
   * Values of a text field of an entity that begin with `prefix` (ignoring case and accents, as
   * segments match), most frequent first: the designer offers them while a value is typed. Bounded:
   * at most `limit` (≤ 20) values, read from at most the first 200,000 matching records.
   */
  'fieldValues.suggest': z.strictObject({
    entity: z.string().min(1).max(120),
    field: z.string().min(1).max(200),
    prefix: z.string().max(200),
    limit: z.number().int().min(1).max(20).optional(),
  }),
};

export interface FieldValuesMethods {
  'fieldValues.suggest': { input: z.infer<(typeof fieldValuesInputs)['fieldValues.suggest']>; output: ValueSuggestion[] };
}
