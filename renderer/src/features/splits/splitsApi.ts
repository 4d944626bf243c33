/** Splits endpoints: a parent's splits, creating one (its group segments), exporting with the Group column. */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn } from '../../app/api';

export const splitsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listSplits: build.query<MethodOutput<'splits.list'>, MethodInput<'splits.list'>>({
      queryFn: apiQueryFn('splits.list'),
      // Group sizes change with every evaluation: any segment change refreshes the list.
      providesTags: (result, _e, input) => [
        { type: 'Segment', id: input.parentId },
        { type: 'Segment', id: 'LIST' },
        ...(result ?? []).flatMap((s) => s.groups.map((g) => ({ type: 'Segment' as const, id: g.segmentId }))),
      ],
    }),
    createSplit: build.mutation<MethodOutput<'splits.create'>, MethodInput<'splits.create'>>({
      queryFn: apiQueryFn('splits.create'),
      invalidatesTags: (_r, _e, input) => [
        { type: 'Segment', id: 'LIST' },
        { type: 'Segment', id: input.parentId },
      ],
    }),
    exportSplitMembers: build.mutation<MethodOutput<'splits.exportMembers'>, MethodInput<'splits.exportMembers'>>({
      queryFn: apiQueryFn('splits.exportMembers'),
    }),
  }),
});

export const { useListSplitsQuery, useCreateSplitMutation, useExportSplitMembersMutation } = splitsApi;
