import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { SEGMENT_TYPES, type SegmentRecord, type SegmentType } from '../../../../shared/models/segment';
import { errorMessage, isApiError } from '../../app/errors';
import { nameProblem, SEGMENT_NAME_MAX, TYPE_LABELS } from './segmentLabels';
import { useCreateSegmentMutation, useLazyListSegmentsQuery } from './segmentsApi';
import { TemplateStep, type CreateResult } from '../templates/TemplateStep';

interface Props {
  open: boolean;
  onClose: () => void;
  onCreated?: (segment: SegmentRecord) => void;
}

interface FormErrors {
  name?: string;
  type?: string;
  form?: string;
}

/** Name + type → a new draft segment. Backend errors (duplicate name, invalid input) show inline. */
export function NewSegmentDialog({ open, onClose, onCreated }: Props) {
  const [name, setName] = useState('');
  const [type, setType] = useState<SegmentType>('dynamic');
  const [errors, setErrors] = useState<FormErrors>({});
  // A new dynamic segment starts in the template gallery (F19): step 'template' after the name.
  const [step, setStep] = useState<'name' | 'template'>('name');
  const [createSegment, { isLoading }] = useCreateSegmentMutation();
  const [listSegments] = useLazyListSegmentsQuery();

  const reset = () => {
    setName('');
    setType('dynamic');
    setErrors({});
    setStep('name');
  };
  const close = () => {
    if (isLoading) return;
    reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = nameProblem(name);
    if (problem) {
      setErrors({ name: problem });
      return;
    }
    setErrors({});
    if (type === 'dynamic' && step === 'name') {
      // A taken name is said here, not after the gallery (the backend still refuses it on create).
      const trimmed = name.trim();
      const found = await listSegments({ search: trimmed });
      if (found.data?.some((s) => s.name.toLowerCase() === trimmed.toLowerCase()))
        return setErrors({ name: `A segment named "${trimmed}" already exists.` });
      return setStep('template');
    }
    const result = await createSegment({ name: name.trim(), type });
    finish(result);
  };

  /** After a create (from scratch or from a template): close, or back to the name with the error shown. */
  const finish = (result: CreateResult) => {
    if (result.data) {
      reset();
      onCreated?.(result.data);
      onClose();
      return;
    }
    setStep('name');
    const error = result.error;
    if (isApiError(error) && error.code === 'conflict') return setErrors({ name: error.message });
    if (isApiError(error) && error.issues?.length) {
      const next: FormErrors = {};
      for (const issue of error.issues) {
        if (issue.path === 'name') next.name = issue.message;
        else if (issue.path === 'type') next.type = issue.message;
        else next.form = `${issue.path}: ${issue.message}`;
      }
      return setErrors(next);
    }
    setErrors({ form: errorMessage(error) });
  };

  if (step === 'template')
    return (
      <Dialog open={open} onClose={close} fullWidth maxWidth="lg" aria-labelledby="new-segment-title">
        <TemplateStep
          titleId="new-segment-title"
          name={name.trim()}
          onBack={() => setStep('name')}
          onFromScratch={async () => finish(await createSegment({ name: name.trim(), type: 'dynamic' }))}
          onCreated={finish}
        />
      </Dialog>
    );

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm" aria-labelledby="new-segment-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="new-segment-title">New segment</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5} sx={{ pt: 1 }}>
            <TextField
              label="Name"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                // Too long is said while typing; the text is never cut (a pasted name stays whole).
                const long = e.target.value.trim().length > SEGMENT_NAME_MAX ? nameProblem(e.target.value) : null;
                setErrors(({ name: _old, ...rest }) => (long ? { ...rest, name: long } : rest));
              }}
              error={Boolean(errors.name)}
              helperText={errors.name ?? 'Unique; you can rename it later.'}
              autoFocus
              fullWidth
            />
            <FormControl error={Boolean(errors.type)}>
              <FormLabel id="new-segment-type">Type (cannot be changed later)</FormLabel>
              <RadioGroup aria-labelledby="new-segment-type" value={type} onChange={(e) => setType(e.target.value as SegmentType)}>
                {SEGMENT_TYPES.map((t) => (
                  <FormControlLabel
                    key={t}
                    value={t}
                    control={<Radio />}
                    sx={{ alignItems: 'flex-start', mt: 0.5, '& .MuiRadio-root': { pt: 0.25 } }}
                    label={
                      <span>
                        <Typography component="span" sx={{ fontWeight: 600 }}>
                          {TYPE_LABELS[t].label}
                        </Typography>
                        <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
                          {TYPE_LABELS[t].description}
                        </Typography>
                      </span>
                    }
                  />
                ))}
              </RadioGroup>
              {errors.type && (
                <Typography color="error" variant="caption">
                  {errors.type}
                </Typography>
              )}
            </FormControl>
            {errors.form && <Alert severity="error">{errors.form}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={close} disabled={isLoading}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={isLoading}>
            {type === 'dynamic' ? 'Next: choose a template' : 'Create'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
