/**
 * Export members as CSV or Excel (.xlsx): a native save dialog in Electron, a download in the browser
 * preview (useMembersExport). Progress comes from membersExport.progressed events either way; a
 * running export can be cancelled.
 */
import Download from '@mui/icons-material/Download';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { useAppDispatch } from '../../app/hooks';
import { usePacedAnnouncement } from '../../components/Announcer';
import { notify } from '../../app/uiSlice';
import { formatCount } from '../segments/segmentLabels';
import type { ExportFormat } from './downloadExport';
import { useExportProgressQuery } from './membersApi';
import { useMembersExport } from './useMembersExport';

export function ExportMembersButton({ record, columns }: { record: SegmentRecord; columns: string[] }) {
  const dispatch = useAppDispatch();
  const { exportMembers, running, cancel } = useMembersExport();
  const progress = useExportProgressQuery(record.id);
  const p = progress.data;
  // Said through the app's live region, at most every few seconds; the result comes as a notice.
  usePacedAnnouncement(
    running ? (p ? `Exporting… ${formatCount(p.rowsDone)} of ${formatCount(p.total)} rows.` : 'Export started.') : null,
    5000,
  );

  const run = async (format: ExportFormat) => {
    const outcome = await exportMembers(record, columns, { format, cancellable: true });
    if (outcome === null) return;
    dispatch(
      notify(
        outcome.ok
          ? { message: outcome.message, severity: 'success' }
          : outcome.cancelled
            ? { message: 'Export cancelled; no file was written.', severity: 'info' }
            : { message: `Export failed: ${outcome.message}`, severity: 'error' },
      ),
    );
  };

  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }} role="group" aria-label="Export members">
      <Button variant="outlined" startIcon={<Download />} disabled={running} onClick={() => void run('csv')}>
        Export CSV
      </Button>
      <Button variant="outlined" startIcon={<Download />} disabled={running} onClick={() => void run('xlsx')}>
        Export Excel
      </Button>
      {running && (
        <>
          <Box sx={{ width: 160 }} role="group" aria-label="Export progress">
            <LinearProgress
              variant={p && p.total > 0 ? 'determinate' : 'indeterminate'}
              value={p && p.total > 0 ? (100 * p.rowsDone) / p.total : 0}
            />
            <Typography variant="caption" color="text.secondary">
              {p ? `${formatCount(p.rowsDone)} of ${formatCount(p.total)} rows` : 'Starting…'}
            </Typography>
          </Box>
          <Button onClick={cancel}>Cancel export</Button>
        </>
      )}
    </Box>
  );
}
