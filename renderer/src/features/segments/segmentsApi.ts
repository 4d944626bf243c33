import type { MethodInput } from '../../../../shared/api/contract';
import type { SegmentRecord, SegmentSummary } from '../../../../shared/models/segment';
import { api, apiQueryFn, callApi } from '../../app/api';

const LIST = { type: 'Segment', id: 'LIST' } as const;

/** Segment endpoints. Mutations invalidate the list (and the record); `segment.changed` events do too (app/store.ts). */
export const segmentsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listSegments: build.query<SegmentSummary[], MethodInput<'segments.list'>>({
      queryFn: apiQueryFn('segments.list'),
      providesTags: (result) => [...(result ?? []).map((s) => ({ type: 'Segment' as const, id: s.id })), LIST],
    }),
    getSegment: build.query<SegmentRecord, string>({
      queryFn: (id, queryApi) => callApi('segments.get', { id }, queryApi.extra),
      providesTags: (_result, _error, id) => [{ type: 'Segment', id }],
    }),
    createSegment: build.mutation<SegmentRecord, MethodInput<'segments.create'>>({
      queryFn: apiQueryFn('segments.create'),
      invalidatesTags: [LIST],
    }),
    updateSegment: build.mutation<SegmentRecord, MethodInput<'segments.update'>>({
      queryFn: apiQueryFn('segments.update'),
      invalidatesTags: (_result, _error, input) => [{ type: 'Segment', id: input.id }, LIST],
    }),
    deleteSegment: build.mutation<{ id: string }, MethodInput<'segments.delete'>>({
      queryFn: apiQueryFn('segments.delete'),
      invalidatesTags: (_result, _error, input) => [{ type: 'Segment', id: input.id }, LIST],
    }),
  }),
});

export const {
  useListSegmentsQuery,
  useLazyListSegmentsQuery,
  useGetSegmentQuery,
  useLazyGetSegmentQuery,
  useCreateSegmentMutation,
  useUpdateSegmentMutation,
  useDeleteSegmentMutation,
} = segmentsApi;
