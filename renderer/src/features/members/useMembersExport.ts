/**
 * Export a live segment's members as CSV: in the desktop app to where the native save dialog says
 * (the backend writes the file), in the browser preview as a download made by the web host.
 */
import { useState } from 'react';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { errorMessage } from '../../app/errors';
import { usePlatform } from '../../platform/PlatformContext';
import { csvFileName, downloadMembersCsv } from '../imports/hostFiles';
import { useExportMembersMutation } from '../segmentRecord/recordApi';
import { formatCount } from '../segments/segmentLabels';

/** How an export ended; null when the user cancelled the save dialog. */
export type ExportOutcome = { ok: true; message: string } | { ok: false; message: string } | null;

export const CSV_FILTERS = [{ name: 'CSV files', extensions: ['csv'] }];

export function useMembersExport() {
  const { dialogs } = usePlatform();
  const [write] = useExportMembersMutation();
  const [running, setRunning] = useState(false);

  const exportMembers = async (record: Pick<SegmentRecord, 'id' | 'name'>, columns?: string[]): Promise<ExportOutcome> => {
    const fileName = csvFileName(record.name);
    setRunning(true);
    try {
      if (dialogs) {
        const path = await dialogs.save({ title: `Export the members of “${record.name}”`, defaultPath: fileName, filters: CSV_FILTERS });
        if (path === null) return null;
        const r = await write({ id: record.id, path, ...(columns && columns.length > 0 ? { columns } : {}) });
        if (!r.data) return { ok: false, message: errorMessage(r.error) };
        return { ok: true, message: `${formatCount(r.data.rows)} members exported to ${r.data.path}.` };
      }
      const rows = await downloadMembersCsv(record.id, columns, fileName);
      return { ok: true, message: `${formatCount(rows)} members exported to ${fileName}.` };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    } finally {
      setRunning(false);
    }
  };
  return { exportMembers, running };
}
