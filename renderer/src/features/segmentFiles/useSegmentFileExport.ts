/** Exports segments as a `.segment.json`: a download in the browser, a file written by path in Electron. */
import { errorMessage } from '../../app/errors';
import { canUseFilePaths, downloadText } from '../../platform/files';
import { useExportSegmentFileMutation } from './segmentFilesApi';

export type FileExportOutcome = { ok: true; message: string } | { ok: false; message: string };

/** A file name for `name` that is safe on every platform: `Seattle VIPs` → `seattle-vips.segment.json`. */
export function segmentFileName(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'segments';
  return `${base}.segment.json`;
}

export function useSegmentFileExport() {
  const [run, state] = useExportSegmentFileMutation();
  const exportFile = async (segmentIds: string[], path?: string): Promise<FileExportOutcome> => {
    const desktop = canUseFilePaths();
    const r = await run(desktop && path ? { segmentIds, path } : { segmentIds });
    if (!r.data) return { ok: false, message: errorMessage(r.error) };
    const count = `${r.data.segmentCount} segment${r.data.segmentCount === 1 ? '' : 's'}`;
    if (r.data.path !== undefined) return { ok: true, message: `${count} exported to ${r.data.path}.` };
    if (r.data.text === undefined) return { ok: false, message: 'The backend returned no file text.' };
    downloadText(r.data.fileName, r.data.text);
    return { ok: true, message: `${count} exported as ${r.data.fileName}.` };
  };
  return { exportFile, isLoading: state.isLoading, desktop: canUseFilePaths() };
}
