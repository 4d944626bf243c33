import type { MethodInput } from '../../../../shared/api/contract.js';
import type { FileSource, SegmentFileService } from '../../io/segmentFiles/segmentFileService.js';
import type { Handlers } from '../handlers.js';

type FileMethods = 'segmentFiles.export' | 'segmentFiles.inspect' | 'segmentFiles.import' | 'segments.fromQueryText';

/** The boundary schema guarantees exactly one of text and path. */
function source(input: { text?: string | undefined; path?: string | undefined }): FileSource {
  return input.text !== undefined ? { text: input.text } : { path: input.path ?? '' };
}

export function segmentFileHandlers(files: SegmentFileService): Pick<Handlers, FileMethods> {
  return {
    'segmentFiles.export': (input: MethodInput<'segmentFiles.export'>) =>
      files.export({
        ...(input.all ? { all: true } : { segmentIds: input.segmentIds ?? [] }),
        ...(input.includeMembers !== undefined ? { includeMembers: input.includeMembers } : {}),
        ...(input.includeTemplates ? { includeTemplates: true } : {}),
        ...(input.path !== undefined ? { path: input.path } : {}),
      }),
    'segmentFiles.inspect': (input) => files.inspect(source(input), input.onConflict ?? 'rename'),
    'segmentFiles.import': (input) =>
      files.import(source(input), { onConflict: input.onConflict ?? 'rename', allowCatalogMismatch: input.allowCatalogMismatch ?? false }),
    'segments.fromQueryText': (input) => files.fromQueryText(input),
  };
}
