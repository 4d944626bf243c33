/**
 * Value suggestions for text rows (fieldValues.suggest): asked for only while the row's input has
 * the focus, after a pause in typing, so hundreds of rows cost nothing until one is edited.
 */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn } from '../../app/api';
import { useDebounced } from './useDebounced';

export const valueSuggestionsApi = api.injectEndpoints({
  endpoints: (build) => ({
    suggestValues: build.query<MethodOutput<'fieldValues.suggest'>, MethodInput<'fieldValues.suggest'>>({
      queryFn: apiQueryFn('fieldValues.suggest'),
      keepUnusedDataFor: 30,
    }),
  }),
});

/** Where suggestions come from: an entity's text field. */
export interface SuggestFrom {
  entity: string;
  field: string;
}

/** The values to offer for `typed` (empty while not focused or nothing is typed). */
export function useValueSuggestions(from: SuggestFrom | undefined, typed: string, focused: boolean): string[] {
  const prefix = useDebounced(typed.trim(), 250);
  const { currentData } = valueSuggestionsApi.useSuggestValuesQuery(
    { entity: from?.entity ?? '', field: from?.field ?? '', prefix, limit: 8 },
    { skip: !from || !focused || prefix === '' },
  );
  return prefix === '' || !focused ? [] : (currentData ?? []).map((s) => s.value);
}
