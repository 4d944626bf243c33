/**
 * Export a live segment's members as CSV or Excel: in the desktop app to where the native save dialog
 * says (the backend writes the file), in the browser preview as a download made by the web host.
 * A running export can be cancelled (exports.cancel by the id it was started with).
 */
import { useRef, useState } from 'react';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { errorMessage } from '../../app/errors';
import { usePlatform } from '../../platform/PlatformContext';
import { useExportMembersMutation } from '../segmentRecord/recordApi';
import { formatCount } from '../segments/segmentLabels';
import { downloadExport, EXPORT_FILTERS, exportFileName, newExportId, type ExportFormat } from './downloadExport';
import { useCancelExportMutation } from './membersApi';

/** How an export ended; null when the user cancelled the save dialog. */
export type ExportOutcome = { ok: true; message: string } | { ok: false; message: string; cancelled?: boolean } | null;

export const CSV_FILTERS = EXPORT_FILTERS.csv;

export function useMembersExport() {
  const { dialogs } = usePlatform();
  const [write] = useExportMembersMutation();
  const [cancelExport] = useCancelExportMutation();
  const [running, setRunning] = useState(false);
  const current = useRef<string | null>(null);

  /**
   * Exports `record`'s members with `columns`. `format` defaults to CSV; `cancellable` registers an
   * export id so that {@link cancel} can stop it.
   */
  const exportMembers = async (
    record: Pick<SegmentRecord, 'id' | 'name'>,
    columns?: string[],
    options: { format?: ExportFormat; cancellable?: boolean } = {},
  ): Promise<ExportOutcome> => {
    const format = options.format ?? 'csv';
    const fileName = exportFileName(record.name, format, 'members');
    const exportId = options.cancellable ? newExportId() : undefined;
    const input = {
      id: record.id,
      ...(columns && columns.length > 0 ? { columns } : {}),
      ...(format === 'xlsx' ? { format } : {}),
      ...(exportId ? { exportId } : {}),
    };
    setRunning(true);
    current.current = exportId ?? null;
    try {
      if (dialogs) {
        const title = `Export the members of “${record.name}”`;
        const path = await dialogs.save({ title, defaultPath: fileName, filters: EXPORT_FILTERS[format] });
        if (path === null) return null;
        const r = await write({ ...input, path });
        if (!r.data) {
          const cancelled = 'error' in r && errorMessage(r.error).includes('cancelled');
          return { ok: false, message: errorMessage(r.error), cancelled };
        }
        return { ok: true, message: `${formatCount(r.data.rows)} members exported to ${r.data.path}.` };
      }
      const rows = await downloadExport('/files/members-export', input, fileName);
      return { ok: true, message: `${formatCount(rows)} members exported to ${fileName}.` };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, message, cancelled: message.includes('cancelled') };
    } finally {
      current.current = null;
      setRunning(false);
    }
  };

  /** Stops the running export (if it was started cancellable); its outcome says it was cancelled. */
  const cancel = (): void => {
    if (current.current) void cancelExport({ exportId: current.current });
  };
  return { exportMembers, running, cancel };
}
