/** Exports segments as a `.segment.json`: to where the native save dialog says in Electron, a download in the browser. */
import { errorMessage } from '../../app/errors';
import { downloadText } from '../../platform/files';
import { usePlatform } from '../../platform/PlatformContext';
import { useExportSegmentFileMutation } from './segmentFilesApi';

/** How an export ended; null when the user cancelled the save dialog. */
export type FileExportOutcome = { ok: true; message: string } | { ok: false; message: string } | null;

export const SEGMENT_FILE_FILTERS = [{ name: 'Segment files', extensions: ['json'] }];

/** A file name for `name` that is safe on every platform: `Seattle VIPs` → `seattle-vips.segment.json`. */
export function segmentFileName(name: string): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'segments';
  return `${base}.segment.json`;
}

export function useSegmentFileExport() {
  const [run, state] = useExportSegmentFileMutation();
  const { dialogs } = usePlatform();
  /** Exports `segmentIds` (and what they reference; the stored templates too with `includeTemplates`); `name` suggests the file name. */
  const exportFile = async (segmentIds: string[], name: string, includeTemplates = false): Promise<FileExportOutcome> => {
    let path: string | null = null;
    if (dialogs) {
      try {
        path = await dialogs.save({ title: 'Export as a segment file', defaultPath: segmentFileName(name), filters: SEGMENT_FILE_FILTERS });
      } catch (err) {
        return { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
      if (path === null) return null;
    }
    const extra = includeTemplates ? { includeTemplates: true } : {};
    const r = await run(path === null ? { segmentIds, ...extra } : { segmentIds, path, ...extra });
    if (!r.data) return { ok: false, message: errorMessage(r.error) };
    const count = `${r.data.segmentCount} segment${r.data.segmentCount === 1 ? '' : 's'}`;
    if (r.data.path !== undefined) return { ok: true, message: `${count} exported to ${r.data.path}.` };
    if (r.data.text === undefined) return { ok: false, message: 'The backend returned no file text.' };
    downloadText(r.data.fileName, r.data.text);
    return { ok: true, message: `${count} exported as ${r.data.fileName}.` };
  };
  return { exportFile, isLoading: state.isLoading, desktop: dialogs !== undefined };
}
