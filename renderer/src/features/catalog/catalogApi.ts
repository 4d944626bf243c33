/**
 * Catalog edits (`catalog.update`). The method answers with the whole catalog, which replaces the cached
 * `catalog.describe` result, so every picker, caption and message built from it reads the new label at once.
 */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn } from '../../app/api';
import { recordApi } from '../segmentRecord/recordApi';

export const catalogApi = api.injectEndpoints({
  endpoints: (build) => ({
    updateCatalog: build.mutation<MethodOutput<'catalog.update'>, MethodInput<'catalog.update'>>({
      queryFn: apiQueryFn('catalog.update'),
      async onQueryStarted(_input, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          dispatch(recordApi.util.upsertQueryData('builderCatalog', undefined, data));
        } catch {
          // The error reaches the caller through the mutation result; the cache keeps the old catalog.
        }
      },
    }),
  }),
});

export const { useUpdateCatalogMutation } = catalogApi;
