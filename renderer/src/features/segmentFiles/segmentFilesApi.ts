/** Segment file endpoints: export, inspect, import (docs/segment-file-format.md) and query text drafts. */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn } from '../../app/api';

export const segmentFilesApi = api.injectEndpoints({
  endpoints: (build) => ({
    exportSegmentFile: build.mutation<MethodOutput<'segmentFiles.export'>, MethodInput<'segmentFiles.export'>>({
      queryFn: apiQueryFn('segmentFiles.export'),
    }),
    inspectSegmentFile: build.mutation<MethodOutput<'segmentFiles.inspect'>, MethodInput<'segmentFiles.inspect'>>({
      queryFn: apiQueryFn('segmentFiles.inspect'),
    }),
    importSegmentFile: build.mutation<MethodOutput<'segmentFiles.import'>, MethodInput<'segmentFiles.import'>>({
      queryFn: apiQueryFn('segmentFiles.import'),
      invalidatesTags: ['Segment'],
    }),
    segmentFromQueryText: build.mutation<MethodOutput<'segments.fromQueryText'>, MethodInput<'segments.fromQueryText'>>({
      queryFn: apiQueryFn('segments.fromQueryText'),
      invalidatesTags: ['Segment'],
    }),
  }),
});

export const {
  useExportSegmentFileMutation,
  useInspectSegmentFileMutation,
  useImportSegmentFileMutation,
  useSegmentFromQueryTextMutation,
} = segmentFilesApi;
