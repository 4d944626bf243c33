/** Records of an entity by display name, for the lookup value editor (`catalog.lookupRecords`). */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn } from '../../app/api';

export const lookupApi = api.injectEndpoints({
  endpoints: (build) => ({
    lookupRecords: build.query<MethodOutput<'catalog.lookupRecords'>, MethodInput<'catalog.lookupRecords'>>({
      queryFn: apiQueryFn('catalog.lookupRecords'),
      keepUnusedDataFor: 60,
    }),
  }),
});

export const { useLookupRecordsQuery } = lookupApi;
