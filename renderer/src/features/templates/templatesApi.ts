import type { MethodInput } from '../../../../shared/api/contract';
import type { SegmentRecord } from '../../../../shared/models/segment';
import type { TemplateListItem } from '../../../../shared/models/template';
import { api, apiQueryFn } from '../../app/api';

const LIST = { type: 'Template', id: 'LIST' } as const;
const SEGMENTS = { type: 'Segment', id: 'LIST' } as const;

/** Template endpoints (F19): the gallery's list, Save as template, edits, delete, and a segment from a template. */
export const templatesApi = api.injectEndpoints({
  endpoints: (build) => ({
    listTemplates: build.query<TemplateListItem[], MethodInput<'templates.list'>>({
      queryFn: apiQueryFn('templates.list'),
      providesTags: [LIST],
    }),
    createTemplate: build.mutation<TemplateListItem, MethodInput<'templates.create'>>({
      queryFn: apiQueryFn('templates.create'),
      invalidatesTags: [LIST],
    }),
    updateTemplate: build.mutation<TemplateListItem, MethodInput<'templates.update'>>({
      queryFn: apiQueryFn('templates.update'),
      invalidatesTags: [LIST],
    }),
    deleteTemplate: build.mutation<{ id: string }, MethodInput<'templates.delete'>>({
      queryFn: apiQueryFn('templates.delete'),
      invalidatesTags: [LIST],
    }),
    instantiateTemplate: build.mutation<SegmentRecord, MethodInput<'templates.instantiate'>>({
      queryFn: apiQueryFn('templates.instantiate'),
      invalidatesTags: [SEGMENTS],
    }),
  }),
});

export const {
  useListTemplatesQuery,
  useCreateTemplateMutation,
  useUpdateTemplateMutation,
  useDeleteTemplateMutation,
  useInstantiateTemplateMutation,
} = templatesApi;
