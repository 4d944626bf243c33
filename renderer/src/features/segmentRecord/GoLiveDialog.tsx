/**
 * Go live (spec F3): check → show the validation errors, or what going live will change (the go-live
 * diff) → confirm → progress until the segment is live (pushed status events), then the member count.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { GoLiveDiff } from '../../../../shared/api/contract/live';
import type { ApiError } from '../../../../shared/api/result';
import type { SegmentRecord, SegmentType } from '../../../../shared/models/segment';
import { errorMessage, isApiError } from '../../app/errors';
import { useAnnounce } from '../../components/Announcer';
import { formatCount } from '../segments/segmentLabels';
import { useGoLiveMutation, usePreviewGoLiveMutation } from './recordApi';

type Phase =
  | { kind: 'checking' }
  | { kind: 'review'; diff: GoLiveDiff }
  | { kind: 'invalid'; error: ApiError }
  | { kind: 'going' }
  | { kind: 'done'; size: number }
  | { kind: 'failed'; message: string };

export function GoLiveDialog(props: { segment: SegmentRecord; onClose: () => void; onShowIssues: (error: ApiError) => void }) {
  const { segment } = props;
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [preview] = usePreviewGoLiveMutation();
  const [goLive] = useGoLiveMutation();
  const say = useAnnounce();

  useEffect(() => {
    let current = true;
    void preview({ id: segment.id, limit: 5 }).then((r) => {
      if (!current) return;
      if (r.data) setPhase({ kind: 'review', diff: r.data });
      else if (isApiError(r.error) && (r.error.code === 'validation_failed' || r.error.code === 'invalid_input'))
        setPhase({ kind: 'invalid', error: r.error });
      else setPhase({ kind: 'failed', message: errorMessage(r.error) });
    });
    return () => {
      current = false;
    };
  }, [preview, segment.id]);

  const confirm = async () => {
    setPhase({ kind: 'going' });
    say(`Going live: evaluating the membership of ${segment.name}.`);
    const r = await goLive({ id: segment.id });
    if (r.data) {
      setPhase({ kind: 'done', size: r.data.evaluation.size });
      const n = r.data.evaluation.size;
      say(`${segment.name} is live with ${formatCount(n)} ${n === 1 ? 'member' : 'members'}.`);
    } else if (isApiError(r.error) && r.error.code === 'validation_failed') setPhase({ kind: 'invalid', error: r.error });
    else {
      setPhase({ kind: 'failed', message: errorMessage(r.error) });
      say(`${segment.name} did not go live: ${errorMessage(r.error)}`);
    }
  };

  // Confirming removes the Go live button: focus goes to the dialog's message (what is happening, then
  // the result), not to the dialog's presentation wrapper (WCAG 2.4.3).
  const message = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (phase.kind !== 'checking' && phase.kind !== 'review') message.current?.focus();
  }, [phase.kind]);

  const busy = phase.kind === 'checking' || phase.kind === 'going';
  return (
    <Dialog open onClose={busy ? undefined : props.onClose} maxWidth="sm" fullWidth aria-labelledby="go-live-title">
      <DialogTitle id="go-live-title">Go live: {segment.name}</DialogTitle>
      <DialogContent ref={message} tabIndex={-1} data-testid="go-live-message">
        {phase.kind === 'checking' && (
          <>
            <Typography gutterBottom>Checking the definition and counting the members…</Typography>
            <LinearProgress />
          </>
        )}
        {phase.kind === 'invalid' && (
          <Alert severity="error">
            <Typography gutterBottom>The segment cannot go live until these problems are fixed:</Typography>
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {(phase.error.issues ?? [{ path: '', message: phase.error.message }]).map((i, n) => (
                <li key={n}>{i.message}</li>
              ))}
            </ul>
          </Alert>
        )}
        {phase.kind === 'review' && <DiffSummary diff={phase.diff} firstTime={!segment.hasBeenLive} type={segment.type} />}
        {phase.kind === 'going' && (
          <>
            <Typography gutterBottom>Going live: evaluating membership. This runs in the background; you can keep working.</Typography>
            <LinearProgress />
          </>
        )}
        {phase.kind === 'done' && (
          <Alert severity="success">
            “{segment.name}” is live with {formatCount(phase.size)} {phase.size === 1 ? 'member' : 'members'}.{' '}
            {segment.type === 'static'
              ? 'Its members are the contacts you picked; it can now be used in compound segments.'
              : 'Membership now follows the data.'}
          </Alert>
        )}
        {phase.kind === 'failed' && <Alert severity="error">{phase.message}</Alert>}
      </DialogContent>
      <DialogActions>
        {phase.kind === 'review' && (
          <>
            <Button onClick={props.onClose}>Cancel</Button>
            <Button variant="contained" onClick={() => void confirm()}>
              Go live
            </Button>
          </>
        )}
        {phase.kind === 'invalid' && (
          <Button
            variant="contained"
            onClick={() => {
              props.onShowIssues(phase.error);
              props.onClose();
            }}
          >
            Show me
          </Button>
        )}
        {(phase.kind === 'done' || phase.kind === 'failed') && (
          <Button variant="contained" onClick={props.onClose}>
            Close
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

/**
 * What being live means, by type: a query (dynamic, compound) is kept up to date as the data changes;
 * a static segment's members are the contacts picked by hand — going live makes it usable elsewhere.
 */
export function liveMeaning(type: SegmentType): string {
  return type === 'static'
    ? 'Its members stay the contacts you picked: data changes do not add or remove anyone. While live it can be used in ' +
        'compound segments, and you can still add and remove members.'
    : 'While live, the segment is read-only and its membership is kept up to date as the data changes.';
}

function DiffSummary({ diff, firstTime, type }: { diff: GoLiveDiff; firstTime: boolean; type: SegmentType }) {
  return (
    <>
      <Typography gutterBottom>
        {firstTime ? (
          <>
            The segment will go live with <strong>{formatCount(diff.newSize)}</strong> {diff.newSize === 1 ? 'member' : 'members'}.
          </>
        ) : (
          <>
            Members go from {formatCount(diff.currentSize)} to <strong>{formatCount(diff.newSize)}</strong>: {formatCount(diff.adds)} join,{' '}
            {formatCount(diff.removes)} leave.
          </>
        )}
      </Typography>
      {diff.added.length > 0 && (
        <Typography variant="body2" color="text.secondary">
          Joining, for example: {diff.added.map((c) => c.name ?? c.key).join(', ')}
          {diff.adds > diff.added.length ? '…' : ''}
        </Typography>
      )}
      {diff.removed.length > 0 && (
        <Typography variant="body2" color="text.secondary">
          Leaving, for example: {diff.removed.map((c) => c.name ?? c.key).join(', ')}
          {diff.removes > diff.removed.length ? '…' : ''}
        </Typography>
      )}
      <Typography variant="body2" sx={{ mt: 1 }}>
        {liveMeaning(type)}
      </Typography>
    </>
  );
}
