/**
 * Contacts endpoints: the paged list, one contact, its timeline, field edits, static membership
 * from the contact page, and its join dates (segments.history per membership).
 */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { api, apiQueryFn, type StoreExtra } from '../../app/api';

export const contactsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listContacts: build.query<MethodOutput<'contacts.list'>, MethodInput<'contacts.list'>>({
      queryFn: apiQueryFn('contacts.list'),
      providesTags: [{ type: 'Contact', id: 'LIST' }],
    }),
    getContact: build.query<MethodOutput<'contacts.get'>, number>({
      queryFn: (rid, q) => apiQueryFn('contacts.get')({ rid }, q),
      providesTags: (_r, _e, rid) => [{ type: 'Contact', id: rid }],
    }),
    contactTimeline: build.query<MethodOutput<'contacts.timeline'>, MethodInput<'contacts.timeline'>>({
      queryFn: apiQueryFn('contacts.timeline'),
      providesTags: (_r, _e, input) => [{ type: 'Contact', id: input.rid }],
    }),
    updateContact: build.mutation<MethodOutput<'contacts.update'>, MethodInput<'contacts.update'>>({
      queryFn: apiQueryFn('contacts.update'),
      invalidatesTags: (_r, _e, input) => [
        { type: 'Contact', id: input.rid },
        { type: 'Contact', id: 'LIST' },
        { type: 'Members', id: 'ALL' },
      ],
    }),
    addStaticContact: build.mutation<MethodOutput<'staticMembers.addContact'>, MethodInput<'staticMembers.addContact'> & { rid: number }>({
      queryFn: ({ rid: _rid, ...input }, q) => apiQueryFn('staticMembers.addContact')(input, q),
      invalidatesTags: (_r, _e, input) => [
        { type: 'Contact', id: input.rid },
        { type: 'Segment', id: input.segmentId },
        { type: 'Segment', id: 'LIST' },
        { type: 'Members', id: 'ALL' },
      ],
    }),
    removeStaticContact: build.mutation<
      MethodOutput<'staticMembers.removeContact'>,
      MethodInput<'staticMembers.removeContact'> & { rid: number }
    >({
      queryFn: ({ rid: _rid, ...input }, q) => apiQueryFn('staticMembers.removeContact')(input, q),
      invalidatesTags: (_r, _e, input) => [
        { type: 'Contact', id: input.rid },
        { type: 'Segment', id: input.segmentId },
        { type: 'Segment', id: 'LIST' },
        { type: 'Members', id: 'ALL' },
      ],
    }),
    deleteImpact: build.query<MethodOutput<'records.deleteImpact'>, MethodInput<'records.deleteImpact'>>({
      queryFn: apiQueryFn('records.deleteImpact'),
    }),
    deleteRecords: build.mutation<MethodOutput<'records.delete'>, MethodInput<'records.delete'>>({
      queryFn: apiQueryFn('records.delete'),
      invalidatesTags: [
        { type: 'Contact', id: 'LIST' },
        { type: 'Segment', id: 'LIST' },
        { type: 'Members', id: 'ALL' },
      ],
    }),
    exportContacts: build.mutation<MethodOutput<'contacts.export'>, MethodInput<'contacts.export'>>({
      queryFn: apiQueryFn('contacts.export'),
    }),
    /** Rows written so far by the contacts export started with this id (null before the first event). */
    contactsExportProgress: build.query<{ rowsDone: number; total: number } | null, string>({
      queryFn: () => ({ data: null }),
      async onCacheEntryAdded(exportId, { extra, updateCachedData, cacheDataLoaded, cacheEntryRemoved }) {
        await cacheDataLoaded;
        const off = (extra as StoreExtra).client.on('contactsExport.progressed', (e) => {
          if (e.exportId === exportId) updateCachedData(() => ({ rowsDone: e.rowsDone, total: e.total }));
        });
        await cacheEntryRemoved;
        off();
      },
    }),
    contactHistory: build.query<MethodOutput<'segments.history'>, { id: string; contactKey: string }>({
      queryFn: (input, q) => apiQueryFn('segments.history')({ ...input, limit: 20 }, q),
      providesTags: (_r, _e, input) => [{ type: 'Segment', id: input.id }],
    }),
  }),
});

export const {
  useListContactsQuery,
  useDeleteImpactQuery,
  useDeleteRecordsMutation,
  useGetContactQuery,
  useContactTimelineQuery,
  useUpdateContactMutation,
  useAddStaticContactMutation,
  useRemoveStaticContactMutation,
  useContactHistoryQuery,
  useExportContactsMutation,
  useContactsExportProgressQuery,
} = contactsApi;
