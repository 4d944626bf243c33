/**
 * Record-page endpoints: the catalog for the builders, lifecycle commands, live facts, export, and
 * a push-fed status feed (segmentStatus.changed / membership.changed events; no polling).
 */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import type { StoreExtra } from '../../app/api';
import { api, apiQueryFn } from '../../app/api';

/** The last pushed lifecycle / membership facts of one segment (null until an event arrives). */
export interface SegmentFeed {
  status: string | null;
  memberCount: number | null;
  lastEventAt: string | null;
}

export const recordApi = api.injectEndpoints({
  endpoints: (build) => ({
    builderCatalog: build.query<MethodOutput<'catalog.describe'>, void>({
      queryFn: (_arg, queryApi) => apiQueryFn('catalog.describe')({}, queryApi),
      keepUnusedDataFor: 600,
    }),
    goLive: build.mutation<MethodOutput<'segments.goLive'>, MethodInput<'segments.goLive'>>({
      queryFn: apiQueryFn('segments.goLive'),
      invalidatesTags: (_r, _e, input) => [
        { type: 'Segment', id: input.id },
        { type: 'Segment', id: 'LIST' },
      ],
    }),
    stopSegment: build.mutation<MethodOutput<'segments.stop'>, MethodInput<'segments.stop'>>({
      queryFn: apiQueryFn('segments.stop'),
      invalidatesTags: (_r, _e, input) => [
        { type: 'Segment', id: input.id },
        { type: 'Segment', id: 'LIST' },
      ],
    }),
    previewGoLive: build.mutation<MethodOutput<'segments.previewGoLive'>, MethodInput<'segments.previewGoLive'>>({
      queryFn: apiQueryFn('segments.previewGoLive'),
    }),
    liveStatus: build.mutation<MethodOutput<'segments.liveStatus'>, MethodInput<'segments.liveStatus'>>({
      queryFn: apiQueryFn('segments.liveStatus'),
    }),
    exportMembers: build.mutation<MethodOutput<'segments.exportMembers'>, MethodInput<'segments.exportMembers'>>({
      queryFn: apiQueryFn('segments.exportMembers'),
    }),
    segmentFeed: build.query<SegmentFeed, string>({
      queryFn: () => ({ data: { status: null, memberCount: null, lastEventAt: null } }),
      async onCacheEntryAdded(id, { extra, updateCachedData, dispatch, cacheDataLoaded, cacheEntryRemoved }) {
        await cacheDataLoaded;
        const { client } = extra as StoreExtra;
        const refresh = () =>
          dispatch(
            api.util.invalidateTags([
              { type: 'Segment', id },
              { type: 'Segment', id: 'LIST' },
            ]),
          );
        const offStatus = client.on('segmentStatus.changed', (e) => {
          if (e.id !== id) return;
          updateCachedData((d) => {
            d.status = e.to;
            d.lastEventAt = new Date().toISOString();
          });
          refresh();
        });
        const offMembers = client.on('membership.changed', (e) => {
          if (e.segmentId !== id) return;
          updateCachedData((d) => {
            d.memberCount = e.size;
            d.lastEventAt = e.at;
          });
          refresh();
        });
        await cacheEntryRemoved;
        offStatus();
        offMembers();
      },
    }),
  }),
});

export const {
  useBuilderCatalogQuery,
  useGoLiveMutation,
  useStopSegmentMutation,
  usePreviewGoLiveMutation,
  useLiveStatusMutation,
  useExportMembersMutation,
  useSegmentFeedQuery,
} = recordApi;
