/**
 * New split of a live segment: split into 2–10 named groups by percentages, or hold out X %. The seed is
 * generated, shown and editable (the same seed and contact keys give the same groups anywhere, see
 * docs/semantics.md § Splits). Problems show on their field before anything is sent; the backend's
 * issues come back on the same fields.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import { useState } from 'react';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { groupSegmentName, MAX_SPLIT_GROUPS } from '../../../../shared/segments/split';
import { errorMessage, isApiError } from '../../app/errors';
import { useAnnounce } from '../../components/Announcer';
import {
  generateSeed,
  initialSplitForm,
  percentTotal,
  splitFormErrors,
  splitRequest,
  withGroupCount,
  type SplitFormState,
  type SplitMode,
} from './splitForm';
import { useCreateSplitMutation } from './splitsApi';

export function SplitDialog(props: { segment: SegmentRecord; onClose: () => void }) {
  const { segment } = props;
  const [form, setForm] = useState<SplitFormState>(() => initialSplitForm(generateSeed()));
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [create, { isLoading }] = useCreateSplitMutation();
  const say = useAnnounce();
  const errors = touched ? { ...serverErrors, ...splitFormErrors(form) } : serverErrors;
  const req = splitRequest(form);

  const edit = (next: SplitFormState) => {
    setForm(next);
    setServerErrors({});
  };
  const setGroup = (i: number, patch: Partial<SplitFormState['groups'][number]>) =>
    edit({ ...form, groups: form.groups.map((g, j) => (j === i ? { ...g, ...patch } : g)) });

  const submit = async () => {
    setTouched(true);
    setFailure(null);
    if (Object.keys(splitFormErrors(form)).length > 0) return;
    const r = await create({ parentId: segment.id, ...req });
    if (r.data) {
      const sizes = r.data.groups.map((g) => `${g.label} ${g.memberCount ?? 0}`).join(', ');
      say(`Split created: ${sizes}.`);
      props.onClose();
      return;
    }
    if (isApiError(r.error) && r.error.issues?.length) {
      const byField: Record<string, string> = {};
      for (const i of r.error.issues) {
        const field = i.path.startsWith('names') ? 'labels' : form.mode === 'holdout' && i.path === 'percents' ? 'holdout' : i.path;
        byField[field] ??= i.message;
      }
      setServerErrors(byField);
    }
    setFailure(errorMessage(r.error));
  };

  const total = percentTotal(form);
  return (
    <Dialog open onClose={isLoading ? undefined : props.onClose} maxWidth="sm" fullWidth aria-labelledby="split-title">
      <DialogTitle id="split-title">Split “{segment.name}”</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">
            Each group becomes a live segment that follows this one. A contact&apos;s group depends only on the seed and its key, so it
            never changes when other contacts join or leave.
          </Typography>
          <ToggleButtonGroup
            exclusive
            size="small"
            value={form.mode}
            onChange={(_e, mode: SplitMode | null) => mode && edit({ ...form, mode })}
            aria-label="Kind of split"
          >
            <ToggleButton value="groups">Split into groups</ToggleButton>
            <ToggleButton value="holdout">Hold out</ToggleButton>
          </ToggleButtonGroup>
          {form.mode === 'holdout' ? (
            <TextField
              label="Hold out (%)"
              value={form.holdout}
              onChange={(e) => edit({ ...form, holdout: e.target.value })}
              error={errors['holdout'] !== undefined}
              helperText={errors['holdout'] ?? 'Held-out contacts get nothing; compare them with the treatment group afterwards.'}
              inputProps={{ inputMode: 'decimal' }}
            />
          ) : (
            <Stack spacing={1} role="group" aria-label="Groups">
              {form.groups.map((g, i) => (
                <Stack key={i} direction="row" spacing={1} alignItems="flex-start">
                  <TextField
                    label={`Group ${i + 1} name`}
                    value={g.label}
                    onChange={(e) => setGroup(i, { label: e.target.value })}
                    size="small"
                    sx={{ flex: 2 }}
                  />
                  <TextField
                    label={`Group ${i + 1} %`}
                    value={g.percent}
                    onChange={(e) => setGroup(i, { percent: e.target.value })}
                    size="small"
                    sx={{ flex: 1 }}
                    inputProps={{ inputMode: 'decimal' }}
                  />
                  <IconButton
                    aria-label={`Remove group ${i + 1}`}
                    disabled={form.groups.length <= 2}
                    onClick={() => edit({ ...form, groups: form.groups.filter((_, j) => j !== i) })}
                  >
                    <DeleteOutline />
                  </IconButton>
                </Stack>
              ))}
              <Stack direction="row" spacing={1} alignItems="center">
                <Button
                  onClick={() => edit(withGroupCount(form, form.groups.length + 1))}
                  disabled={form.groups.length >= MAX_SPLIT_GROUPS}
                >
                  Add group
                </Button>
                <Button onClick={() => edit(withGroupCount(form, form.groups.length))}>Spread evenly</Button>
                <Typography variant="body2" color={total === 100 ? 'text.secondary' : 'error'} aria-live="polite">
                  Adds up to {total} %
                </Typography>
              </Stack>
              {errors['percents'] && (
                <Typography variant="body2" color="error" role="alert">
                  {errors['percents']}
                </Typography>
              )}
              {errors['labels'] && (
                <Typography variant="body2" color="error" role="alert">
                  {errors['labels']}
                </Typography>
              )}
            </Stack>
          )}
          <Stack direction="row" spacing={1} alignItems="flex-start">
            <TextField
              label="Seed"
              value={form.seed}
              onChange={(e) => edit({ ...form, seed: e.target.value })}
              error={errors['seed'] !== undefined}
              helperText={errors['seed'] ?? 'Keep it: the same seed and contact keys give the same groups in any database.'}
              sx={{ flex: 1 }}
            />
            <Button onClick={() => edit({ ...form, seed: generateSeed() })} sx={{ mt: 1 }}>
              New seed
            </Button>
          </Stack>
          <Typography variant="body2" color="text.secondary">
            Creates: {req.labels.map((l, i) => groupSegmentName(segment.name, l || `Group ${i + 1}`, req.percents[i] ?? 0)).join(' · ')}
          </Typography>
          {failure && <Alert severity="error">{failure}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={isLoading}>
          Cancel
        </Button>
        <Button variant="contained" onClick={() => void submit()} disabled={isLoading}>
          {isLoading ? 'Creating…' : 'Create split'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
