/** Static segment endpoints: add / remove by key, find / add / remove by query, and contact pages for "select all results". */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn } from '../../app/api';

const changed = (segmentId: string) => [
  { type: 'Segment' as const, id: segmentId },
  { type: 'Segment' as const, id: 'LIST' },
  { type: 'Members' as const, id: 'ALL' },
  { type: 'Contact' as const, id: 'LIST' },
];

export const staticApi = api.injectEndpoints({
  endpoints: (build) => ({
    addStaticMembers: build.mutation<MethodOutput<'staticMembers.add'>, MethodInput<'staticMembers.add'>>({
      queryFn: apiQueryFn('staticMembers.add'),
      invalidatesTags: (_r, _e, i) => changed(i.segmentId),
    }),
    removeStaticMembers: build.mutation<MethodOutput<'staticMembers.remove'>, MethodInput<'staticMembers.remove'>>({
      queryFn: apiQueryFn('staticMembers.remove'),
      invalidatesTags: (_r, _e, i) => changed(i.segmentId),
    }),
    findStaticByQuery: build.mutation<MethodOutput<'staticMembers.findByQuery'>, MethodInput<'staticMembers.findByQuery'>>({
      queryFn: apiQueryFn('staticMembers.findByQuery'),
    }),
    addStaticByQuery: build.mutation<MethodOutput<'staticMembers.addByQuery'>, MethodInput<'staticMembers.addByQuery'>>({
      queryFn: apiQueryFn('staticMembers.addByQuery'),
      invalidatesTags: (_r, _e, i) => changed(i.segmentId),
    }),
    removeStaticByQuery: build.mutation<MethodOutput<'staticMembers.removeByQuery'>, MethodInput<'staticMembers.removeByQuery'>>({
      queryFn: apiQueryFn('staticMembers.removeByQuery'),
      invalidatesTags: (_r, _e, i) => changed(i.segmentId),
    }),
    /** Which contacts of a picker page are already members (refetched after every change of the segment). */
    staticMembersWhich: build.query<MethodOutput<'staticMembers.which'>, MethodInput<'staticMembers.which'>>({
      queryFn: apiQueryFn('staticMembers.which'),
      providesTags: (_r, _e, i) => [{ type: 'Segment' as const, id: i.segmentId }],
    }),
    /** A page of contacts, uncached: used to collect the keys of every search result. */
    contactsPage: build.mutation<MethodOutput<'contacts.list'>, MethodInput<'contacts.list'>>({
      queryFn: apiQueryFn('contacts.list'),
    }),
  }),
});

export const {
  useAddStaticMembersMutation,
  useRemoveStaticMembersMutation,
  useFindStaticByQueryMutation,
  useAddStaticByQueryMutation,
  useRemoveStaticByQueryMutation,
  useContactsPageMutation,
  useStaticMembersWhichQuery,
} = staticApi;
