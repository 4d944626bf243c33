/** Steps 3 and 4: the running import with progress and Cancel, then its summary and error report. */
import Download from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import type { ImportSummary } from '../../../../shared/models/import';
import { useAnnounce, usePacedAnnouncement } from '../../components/Announcer';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { formatCount } from '../segments/segmentLabels';
import { errorReportName, withPickedName } from '../../../../shared/models/fileNames';
import { useCatalogLabels } from '../catalog/catalogLabels';
import { downloadText } from './hostFiles';
import { importTarget } from './importTarget';
import {
  useCancelImportMutation,
  useImportErrorsCsvMutation,
  useImportErrorsQuery,
  useImportSummaryQuery,
  useWatchImportQuery,
} from './importsApi';

/** How often a screen reader hears the running row count: often enough to know it moves, rarely enough to work on. */
export const PROGRESS_ANNOUNCE_MS = 5000;

/** Why a refused import was refused, without a closing full stop (the sentence goes on). */
const refusal = (s: ImportSummary): string => withPickedName(s.message ?? 'the file was refused', s.file).replace(/\.\s*$/, '');

/** What the live region says when an import ends (the summary under it says the rest). */
export function importEndedMessage(s: ImportSummary): string {
  if (s.status === 'refused') return `The import cannot start: ${refusal(s)}. Nothing was imported.`;
  const what = s.status === 'completed' ? 'Import finished' : s.status === 'cancelled' ? 'Import cancelled' : 'Import failed';
  return `${what}: ${formatCount(s.rowsDone)} rows read, ${formatCount(s.imported)} new, ${formatCount(s.updated)} updated, ${formatCount(
    s.skipped,
  )} skipped.`;
}

export function RunStep({ id, onDone }: { id: string; onDone: (s: ImportSummary) => void }) {
  const say = useAnnounce();
  const watch = useWatchImportQuery(id);
  // Events drive progress; a slow poll covers an import that finished before we subscribed.
  const polled = useImportSummaryQuery(id, { pollingInterval: 1000 });
  const [cancel, cancelState] = useCancelImportMutation();
  const finished = watch.data?.finished ?? (polled.data && polled.data.status !== 'running' ? polled.data : null);
  useEffect(() => {
    if (!finished) return;
    say(importEndedMessage(finished));
    onDone(finished);
  }, [finished, onDone, say]);
  const p = watch.data?.progress;
  const done = p?.bytesDone ?? polled.data?.bytesDone ?? 0;
  const total = p?.totalBytes ?? polled.data?.totalBytes ?? 0;
  const rows = p?.rowsDone ?? polled.data?.rowsDone ?? 0;
  // The first message is said at once (the start), then at most every PROGRESS_ANNOUNCE_MS.
  usePacedAnnouncement(finished ? null : `Importing… ${formatCount(rows)} rows read.`, PROGRESS_ANNOUNCE_MS);
  return (
    <Stack spacing={2} sx={{ maxWidth: 640 }}>
      <Typography>Importing… {formatCount(rows)} rows read.</Typography>
      <LinearProgress
        variant={total > 0 ? 'determinate' : 'indeterminate'}
        value={total > 0 ? (100 * done) / total : 0}
        aria-label="Import progress"
      />
      <Box>
        <Button color="error" variant="outlined" disabled={cancelState.isLoading} onClick={() => void cancel({ id })}>
          Cancel import
        </Button>
        <Typography variant="caption" color="text.secondary" sx={{ ml: 2 }}>
          Batches already committed stay imported.
        </Typography>
      </Box>
    </Stack>
  );
}

export function ImportSummaryView({ summary, onAnother }: { summary: ImportSummary; onAnother: () => void }) {
  const dispatch = useAppDispatch();
  const labels = useCatalogLabels();
  const errors = useImportErrorsQuery({ id: summary.id, limit: 50 });
  const [csv, csvState] = useImportErrorsCsvMutation();
  const download = async () => {
    const r = await csv({ id: summary.id });
    if (r.data) downloadText(errorReportName(summary.file), r.data.csv);
    else dispatch(notify({ message: `The report could not be made: ${errorMessage(r.error)}`, severity: 'error' }));
  };
  const target = importTarget(summary, labels);
  const severity =
    summary.status === 'completed' ? (summary.skipped > 0 ? 'warning' : 'success') : summary.status === 'cancelled' ? 'info' : 'error';
  return (
    <Stack spacing={2}>
      <Alert severity={severity} role="status" aria-label="Import summary">
        {summary.status === 'refused' ? (
          <>Import refused before any row was written: {refusal(summary)}. Nothing was imported.</>
        ) : summary.status === 'cancelled' ? (
          // The backend's message repeats the counts unformatted; say it once, in words.
          <>
            Import cancelled: {formatCount(summary.rowsDone)} rows were committed in whole batches ({formatCount(summary.imported)} new,{' '}
            {formatCount(summary.updated)} updated, {formatCount(summary.skipped)} skipped into {target}); the rest of the file was not
            imported.
          </>
        ) : (
          <>
            {summary.status === 'completed' ? 'Import finished' : 'Import failed'}: {formatCount(summary.imported)} new,{' '}
            {formatCount(summary.updated)} updated, {formatCount(summary.skipped)} skipped of {formatCount(summary.rowsDone)} rows into{' '}
            {target}.{summary.message ? ` ${summary.message}` : ''}
          </>
        )}
      </Alert>
      {errors.data && errors.data.total > 0 && (
        <>
          <Stack direction="row" sx={{ alignItems: 'center' }}>
            <Typography variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
              Error report · {formatCount(errors.data.total)} {errors.data.total === 1 ? 'problem' : 'problems'}
            </Typography>
            <Button startIcon={<Download />} variant="outlined" disabled={csvState.isLoading} onClick={() => void download()}>
              Download error report
            </Button>
          </Stack>
          <Table size="small" aria-label="Error report">
            <TableHead>
              <TableRow>
                <TableCell>Row</TableCell>
                <TableCell>Column</TableCell>
                <TableCell>Value</TableCell>
                <TableCell>Reason</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {errors.data.rows.map((e, i) => (
                <TableRow key={i}>
                  <TableCell>{e.row}</TableCell>
                  <TableCell>{e.column ?? '—'}</TableCell>
                  <TableCell>{e.value ?? ''}</TableCell>
                  <TableCell>{e.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      <Box>
        <Button variant="contained" onClick={onAnother}>
          Import another file
        </Button>
      </Box>
    </Stack>
  );
}
