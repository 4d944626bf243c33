/**
 * Export members as CSV. In the browser preview the host writes the file and the browser downloads
 * it; in Electron the existing export dialog writes it to a path. Progress comes from
 * membersExport.progressed events either way.
 */
import Download from '@mui/icons-material/Download';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { csvFileName, downloadMembersCsv, isBrowserHost } from '../imports/hostFiles';
import { ExportDialog } from '../segmentRecord/LifecycleDialogs';
import { formatCount } from '../segments/segmentLabels';
import { useExportProgressQuery } from './membersApi';

export function ExportMembersButton({ record, columns }: { record: SegmentRecord; columns: string[] }) {
  const dispatch = useAppDispatch();
  const [running, setRunning] = useState(false);
  const [dialog, setDialog] = useState(false);
  const progress = useExportProgressQuery(record.id);
  const p = progress.data;

  const run = async () => {
    if (!isBrowserHost()) {
      setDialog(true);
      return;
    }
    setRunning(true);
    try {
      const rows = await downloadMembersCsv(record.id, columns, csvFileName(record.name));
      dispatch(notify({ message: `${formatCount(rows)} members exported to ${csvFileName(record.name)}.`, severity: 'success' }));
    } catch (err) {
      dispatch(notify({ message: `Export failed: ${err instanceof Error ? err.message : String(err)}`, severity: 'error' }));
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Button variant="outlined" startIcon={<Download />} disabled={running} onClick={() => void run()}>
          Export CSV
        </Button>
        {running && (
          <Box sx={{ width: 160 }} role="status" aria-label="Export progress">
            <LinearProgress variant={p && p.total > 0 ? 'determinate' : 'indeterminate'} value={p && p.total > 0 ? (100 * p.rowsDone) / p.total : 0} />
            <Typography variant="caption" color="text.secondary">
              {p ? `${formatCount(p.rowsDone)} of ${formatCount(p.total)} rows` : 'Starting…'}
            </Typography>
          </Box>
        )}
      </Box>
      {dialog && <ExportDialog segment={record} onClose={() => setDialog(false)} />}
    </>
  );
}
