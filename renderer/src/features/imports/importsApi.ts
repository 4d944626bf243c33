/** Import endpoints, with a push-fed progress cache (import.progressed / import.finished events). */
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import type { ImportProgress, ImportSummary } from '../../../../shared/models/import';
import { api, apiQueryFn, type StoreExtra } from '../../app/api';

export interface ImportWatch {
  progress: ImportProgress | null;
  finished: ImportSummary | null;
}

export const importsApi = api.injectEndpoints({
  endpoints: (build) => ({
    previewImport: build.mutation<MethodOutput<'imports.preview'>, MethodInput<'imports.preview'>>({
      queryFn: apiQueryFn('imports.preview'),
    }),
    startImport: build.mutation<MethodOutput<'imports.start'>, MethodInput<'imports.start'>>({ queryFn: apiQueryFn('imports.start') }),
    cancelImport: build.mutation<MethodOutput<'imports.cancel'>, MethodInput<'imports.cancel'>>({ queryFn: apiQueryFn('imports.cancel') }),
    importSummary: build.query<MethodOutput<'imports.get'>, string>({
      queryFn: (id, q) => apiQueryFn('imports.get')({ id }, q),
      providesTags: (_r, _e, id) => [{ type: 'Import', id }],
    }),
    importErrors: build.query<MethodOutput<'imports.errors'>, MethodInput<'imports.errors'>>({
      queryFn: apiQueryFn('imports.errors'),
      providesTags: (_r, _e, i) => [{ type: 'Import', id: i.id }],
    }),
    importErrorsCsv: build.mutation<MethodOutput<'imports.errorsCsv'>, MethodInput<'imports.errorsCsv'>>({
      queryFn: apiQueryFn('imports.errorsCsv'),
    }),
    savedMapping: build.mutation<MethodOutput<'imports.savedMapping'>, MethodInput<'imports.savedMapping'>>({
      queryFn: apiQueryFn('imports.savedMapping'),
    }),
    /** Undo an import: the lists, contacts, segments and the catalog follow. */
    undoImport: build.mutation<MethodOutput<'imports.undo'>, MethodInput<'imports.undo'>>({
      queryFn: apiQueryFn('imports.undo'),
      invalidatesTags: (_r, _e, i) => [
        { type: 'Import', id: i.id },
        { type: 'Import', id: 'LIST' },
        { type: 'Contact', id: 'LIST' },
        { type: 'Segment', id: 'LIST' },
      ],
    }),
    recentImports: build.query<MethodOutput<'imports.list'>, void>({
      queryFn: (_a, q) => apiQueryFn('imports.list')({ limit: 20 }, q),
      providesTags: [{ type: 'Import', id: 'LIST' }],
    }),
    /** Progress and the final summary of one import, as pushed by the backend. */
    watchImport: build.query<ImportWatch, string>({
      queryFn: () => ({ data: { progress: null, finished: null } }),
      async onCacheEntryAdded(id, { extra, updateCachedData, cacheDataLoaded, cacheEntryRemoved, dispatch }) {
        await cacheDataLoaded;
        const { client } = extra as StoreExtra;
        const offProgress = client.on('import.progressed', (e) => {
          if (e.id === id) updateCachedData((d) => ({ ...d, progress: e }));
        });
        const offFinished = client.on('import.finished', (e) => {
          if (e.id !== id) return;
          updateCachedData((d) => ({ ...d, finished: e }));
          // New data: the catalog, contacts, segments and lists follow.
          dispatch(
            api.util.invalidateTags([
              { type: 'Import', id },
              { type: 'Import', id: 'LIST' },
              { type: 'Contact', id: 'LIST' },
              { type: 'Segment', id: 'LIST' },
            ]),
          );
        });
        await cacheEntryRemoved;
        offProgress();
        offFinished();
      },
    }),
  }),
});

export const {
  usePreviewImportMutation,
  useStartImportMutation,
  useCancelImportMutation,
  useImportSummaryQuery,
  useImportErrorsQuery,
  useImportErrorsCsvMutation,
  useRecentImportsQuery,
  useWatchImportQuery,
  useSavedMappingMutation,
  useUndoImportMutation,
} = importsApi;
