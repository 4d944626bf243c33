/** A display label with an edit button; editing shows a text box that saves on Enter and cancels on Escape. */
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Edit from '@mui/icons-material/Edit';
import { useState, type ReactNode } from 'react';
import type { MethodInput } from '../../../../shared/api/contract';
import { errorMessage } from '../../app/errors';
import { useUpdateCatalogMutation } from './catalogApi';

type Update = MethodInput<'catalog.update'>;

export interface EditableLabelProps {
  label: string;
  /** What is labelled, for the accessible names: "field Email of Contact". */
  what: string;
  /** The update to send with the typed label. */
  toUpdate: (label: string) => Update;
  /** Shown after the label (e.g. a "key" chip). */
  adornment?: ReactNode;
}

export function EditableLabel({ label, what, toUpdate, adornment }: EditableLabelProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [update, { isLoading, error, reset }] = useUpdateCatalogMutation();
  const close = () => {
    setDraft(null);
    reset();
  };
  const save = async () => {
    if (draft === null) return;
    if (draft.trim() === label) return close();
    const r = await update(toUpdate(draft));
    if (!('error' in r)) close();
  };
  if (draft === null) {
    return (
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
        <span>{label}</span>
        {adornment}
        <Tooltip title={`Rename ${what}`}>
          <IconButton size="small" aria-label={`Rename ${what}`} onClick={() => setDraft(label)}>
            <Edit fontSize="inherit" />
          </IconButton>
        </Tooltip>
      </Stack>
    );
  }
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <TextField
        size="small"
        autoFocus
        value={draft}
        label="Label"
        slotProps={{ htmlInput: { 'aria-label': `Label of ${what}` } }}
        onChange={(e) => {
          setDraft(e.target.value);
          // A refusal is about the label that was sent: it goes once the label changes.
          if (error) reset();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void save();
          if (e.key === 'Escape') close();
        }}
        error={Boolean(error)}
        helperText={error ? errorMessage(error) : ' '}
      />
      <Button size="small" variant="contained" onClick={() => void save()} disabled={isLoading}>
        Save
      </Button>
      <Button size="small" onClick={close}>
        Cancel
      </Button>
    </Stack>
  );
}
