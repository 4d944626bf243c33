/** The home view's summary (home.summary): refetched whenever segments, contacts or imports change. */
import type { MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn } from '../../app/api';

export const homeApi = api.injectEndpoints({
  endpoints: (build) => ({
    homeSummary: build.query<MethodOutput<'home.summary'>, void>({
      queryFn: (_arg, q) => apiQueryFn('home.summary')({}, q),
      providesTags: [
        { type: 'Segment', id: 'LIST' },
        { type: 'Contact', id: 'LIST' },
        { type: 'Import', id: 'LIST' },
      ],
    }),
  }),
});

export const { useHomeSummaryQuery } = homeApi;
