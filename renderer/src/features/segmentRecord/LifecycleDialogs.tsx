/** Stop (warns about live segments that use this one), Delete (confirm, refusal, force) and Export. */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { LiveStatus } from '../../../../shared/api/contract/live';
import type { SegmentRecord, SegmentSummary } from '../../../../shared/models/segment';
import { errorMessage, isApiError } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useDeleteSegmentMutation } from '../segments/segmentsApi';
import { segmentFileName, useSegmentFileExport } from '../segmentFiles/useSegmentFileExport';
import { csvFileName } from '../imports/hostFiles';
import { useMembersExport } from '../members/useMembersExport';
import { useLiveStatusMutation, useStopSegmentMutation } from './recordApi';

export function StopDialog({ segment, onClose }: { segment: SegmentRecord; onClose: () => void }) {
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loadStatus] = useLiveStatusMutation();
  const [stop, stopState] = useStopSegmentMutation();
  const dispatch = useAppDispatch();
  useEffect(() => {
    void loadStatus({ id: segment.id }).then((r) => (r.data ? setStatus(r.data) : setProblem(errorMessage(r.error))));
  }, [loadStatus, segment.id]);
  const dependants = status?.dependants.filter((d) => d.status === 'live') ?? [];

  const confirm = async () => {
    const r = await stop(dependants.length > 0 ? { id: segment.id, force: true } : { id: segment.id });
    if (r.data) {
      const frozen = r.data.frozenDependants.length;
      dispatch(
        notify({
          message: `“${segment.name}” stopped.${frozen > 0 ? ` ${frozen} segment${frozen === 1 ? '' : 's'} using it now need attention.` : ''}`,
          severity: 'success',
        }),
      );
      onClose();
    } else setProblem(errorMessage(r.error));
  };

  return (
    <Dialog open onClose={stopState.isLoading ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="stop-title">
      <DialogTitle id="stop-title">Stop “{segment.name}”?</DialogTitle>
      <DialogContent>
        {!status && !problem && <LinearProgress />}
        {status && (
          <Typography gutterBottom>
            A stopped segment keeps no members up to date and cannot be used by other segments. You can edit it and take it live again.
          </Typography>
        )}
        {dependants.length > 0 && (
          <Alert severity="warning" sx={{ mt: 1 }}>
            These live segments use this one: <strong>{dependants.map((d) => d.name).join(', ')}</strong>. If you stop it, their membership
            is frozen and they are marked “needs attention” until it is live again or removed from them.
          </Alert>
        )}
        {stopState.isLoading && <LinearProgress sx={{ mt: 2 }} />}
        {problem && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {problem}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={stopState.isLoading}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color={dependants.length > 0 ? 'warning' : 'primary'}
          disabled={!status || stopState.isLoading}
          onClick={() => void confirm()}
        >
          {dependants.length > 0 ? 'Stop anyway' : 'Stop'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * Delete, from the record page and from the segments list. Like Stop, it names the live segments that
 * use this one and what happens to them BEFORE the click ("Delete anyway" forces). Should the backend
 * still refuse (a compound went live meanwhile), the refusal is shown with "Delete anyway" as the way on.
 */
export function DeleteDialog({
  segment,
  onClose,
  onDeleted,
}: {
  segment: SegmentRecord | SegmentSummary;
  onClose: () => void;
  onDeleted: () => void;
}) {
  // A list row has no hasBeenLive; a member count or an evaluation exists only once it has been live.
  const hasBeenLive = 'hasBeenLive' in segment ? segment.hasBeenLive : segment.memberCount !== null || segment.lastEvaluatedAt !== null;
  const [remove, state] = useDeleteSegmentMutation();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [dependants, setDependants] = useState<{ id: string; name: string }[] | null>(null);
  const [loadStatus] = useLiveStatusMutation();
  const dispatch = useAppDispatch();
  useEffect(() => {
    // Without the live facts the backend's refusal below still protects the dependants.
    void loadStatus({ id: segment.id }).then((r) => setDependants(r.data ? r.data.dependants.filter((d) => d.status === 'live') : []));
  }, [loadStatus, segment.id]);
  const warned = (dependants?.length ?? 0) > 0;
  const run = async (force: boolean) => {
    const r = await remove(force ? { id: segment.id, force: true } : { id: segment.id });
    if (r.data) {
      dispatch(notify({ message: `Segment “${segment.name}” deleted.`, severity: 'success' }));
      onDeleted();
    } else if (isApiError(r.error) && (r.error.code === 'conflict' || r.error.code === 'invalid_state') && !force)
      setRefusal(r.error.message);
    else setRefusal(errorMessage(r.error));
  };
  return (
    <Dialog open onClose={state.isLoading ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="delete-title">
      <DialogTitle id="delete-title">Delete “{segment.name}”?</DialogTitle>
      <DialogContent>
        <Typography>
          The segment, its definition{hasBeenLive ? ', its members and its history' : ''} are deleted. This cannot be undone.
        </Typography>
        {dependants === null && <LinearProgress sx={{ mt: 2 }} />}
        {warned && (
          <Alert severity="warning" sx={{ mt: 1 }}>
            These live segments use this one: <strong>{dependants?.map((d) => d.name).join(', ')}</strong>. If you delete it, their
            membership is frozen at its last members and they are marked “needs attention” until you edit them so they no longer use it.
          </Alert>
        )}
        {refusal && (
          <Alert severity="warning" sx={{ mt: 1 }}>
            {refusal}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={state.isLoading}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="error"
          disabled={state.isLoading || dependants === null}
          onClick={() => void run(warned || refusal !== null)}
        >
          {warned || refusal ? 'Delete anyway' : 'Delete'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * Export the segment as a `.segment.json` (with what it references) or, once live, its members as CSV.
 * In Electron, Export asks where with the native save dialog; in the browser preview it downloads.
 */
export function ExportDialog({ segment, onClose }: { segment: SegmentRecord; onClose: () => void }) {
  const [kind, setKind] = useState<'file' | 'members'>('file');
  const file = useSegmentFileExport();
  const members = useMembersExport();
  const [problem, setProblem] = useState<string | null>(null);
  const dispatch = useAppDispatch();
  const busy = members.running || file.isLoading;
  const go = async () => {
    setProblem(null);
    const outcome = kind === 'file' ? await file.exportFile([segment.id], segment.name) : await members.exportMembers(segment);
    // Cancelled in the save dialog: stay, so another place or kind can be chosen.
    if (outcome === null) return;
    if (!outcome.ok) return setProblem(outcome.message);
    dispatch(notify({ message: outcome.message, severity: 'success' }));
    onClose();
  };
  const fileName = kind === 'file' ? segmentFileName(segment.name) : csvFileName(segment.name);
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="export-title">
      <DialogTitle id="export-title">Export “{segment.name}”</DialogTitle>
      <DialogContent>
        <RadioGroup value={kind} onChange={(e) => setKind(e.target.value === 'members' ? 'members' : 'file')} aria-label="What to export">
          <FormControlLabel
            value="file"
            control={<Radio />}
            label="Segment file (.segment.json): the definition and the segments it uses, to import elsewhere"
          />
          <FormControlLabel
            value="members"
            control={<Radio />}
            disabled={segment.status !== 'live'}
            label="Members (CSV): the current members; needs a live segment"
          />
        </RadioGroup>
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          {file.desktop ? `You choose where to save ${fileName} next.` : `Your browser downloads ${fileName}.`}
        </Typography>
        {busy && <LinearProgress sx={{ mt: 2 }} />}
        {problem && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {problem}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="contained" disabled={busy} onClick={() => void go()}>
          {file.desktop ? 'Export…' : 'Export'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
