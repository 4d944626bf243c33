/**
 * Members tab endpoints: live facts, current members (keyset pages), members as of a past date,
 * explain, and a push-fed export progress (membersExport.progressed events).
 */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn, type StoreExtra } from '../../app/api';

const segmentTags = (id: string) => [
  { type: 'Segment' as const, id },
  { type: 'Members' as const, id: 'ALL' },
];

export const membersApi = api.injectEndpoints({
  endpoints: (build) => ({
    segmentLiveStatus: build.query<MethodOutput<'segments.liveStatus'>, string>({
      queryFn: (id, q) => apiQueryFn('segments.liveStatus')({ id }, q),
      providesTags: (_r, _e, id) => segmentTags(id),
    }),
    segmentMembers: build.query<MethodOutput<'segments.members'>, MethodInput<'segments.members'>>({
      queryFn: apiQueryFn('segments.members'),
      providesTags: (_r, _e, input) => segmentTags(input.id),
    }),
    segmentMembersAsOf: build.query<MethodOutput<'segments.membersAsOf'>, MethodInput<'segments.membersAsOf'>>({
      queryFn: apiQueryFn('segments.membersAsOf'),
      providesTags: (_r, _e, input) => segmentTags(input.id),
    }),
    explainMember: build.query<MethodOutput<'segments.explain'>, MethodInput<'segments.explain'>>({
      queryFn: apiQueryFn('segments.explain'),
      providesTags: (_r, _e, input) => segmentTags(input.id),
    }),
    /** Stops a running export (members or contacts) by the id it was started with. */
    cancelExport: build.mutation<MethodOutput<'exports.cancel'>, MethodInput<'exports.cancel'>>({
      queryFn: apiQueryFn('exports.cancel'),
    }),
    /** Rows written so far by the running export of a segment (null before the first event). */
    exportProgress: build.query<{ rowsDone: number; total: number } | null, string>({
      queryFn: () => ({ data: null }),
      async onCacheEntryAdded(id, { extra, updateCachedData, cacheDataLoaded, cacheEntryRemoved }) {
        await cacheDataLoaded;
        const off = (extra as StoreExtra).client.on('membersExport.progressed', (e) => {
          if (e.segmentId === id) updateCachedData(() => ({ rowsDone: e.rowsDone, total: e.total }));
        });
        await cacheEntryRemoved;
        off();
      },
    }),
  }),
});

export const {
  useSegmentLiveStatusQuery,
  useSegmentMembersQuery,
  useSegmentMembersAsOfQuery,
  useExplainMemberQuery,
  useExportProgressQuery,
  useCancelExportMutation,
} = membersApi;
