/** Insights endpoint: size over time, changes per evaluation, composition, overlap, interactions. */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn } from '../../app/api';

export const insightsApi = api.injectEndpoints({
  endpoints: (build) => ({
    segmentInsights: build.query<MethodOutput<'segments.insights'>, MethodInput<'segments.insights'>>({
      queryFn: apiQueryFn('segments.insights'),
      providesTags: (_r, _e, input) => [{ type: 'Segment', id: input.id }],
    }),
  }),
});

export const { useSegmentInsightsQuery } = insightsApi;
