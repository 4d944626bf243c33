/**
 * Catalog edits (`catalog.update`, `catalog.dropField`). The method answers with the whole catalog, which replaces the cached
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
    /** Deletes an unused field (refused, naming the segments, while one uses it); the catalog is read again. */
    dropField: build.mutation<MethodOutput<'catalog.dropField'>, MethodInput<'catalog.dropField'>>({
      queryFn: apiQueryFn('catalog.dropField'),
      async onQueryStarted(_input, { dispatch, queryFulfilled }) {
        try {
          await queryFulfilled;
          void dispatch(recordApi.endpoints.builderCatalog.initiate(undefined, { forceRefetch: true, subscribe: false }));
        } catch {
          // Refused: the dialog shows why; the catalog did not change.
        }
      },
    }),
  }),
});

export const { useUpdateCatalogMutation, useDropFieldMutation } = catalogApi;
