/**
 * The second step of "New dynamic segment": the template gallery with Select (a draft from the template,
 * its parameters to be filled in the designer) and Start from scratch.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import type { SerializedError } from '@reduxjs/toolkit';
import type { ApiError } from '../../../../shared/api/result';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { errorMessage } from '../../app/errors';
import { TemplateGallery } from './TemplateGallery';
import { useInstantiateTemplateMutation, useListTemplatesQuery } from './templatesApi';

/** What a create mutation resolves to: the segment or the error. */
export interface CreateResult {
  data?: SegmentRecord | undefined;
  error?: ApiError | SerializedError | undefined;
}

interface Props {
  titleId: string;
  /** The new segment's name (from the first step). */
  name: string;
  onBack: () => void;
  onFromScratch: () => Promise<void>;
  /** The create's result: the segment, or the error (the dialog goes back to the name with it). */
  onCreated: (result: CreateResult) => void;
}

export function TemplateStep({ titleId, name, onBack, onFromScratch, onCreated }: Props) {
  const { data: templates, error: listError, isLoading } = useListTemplatesQuery({ activeOnly: true });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [instantiate, { isLoading: creating }] = useInstantiateTemplateMutation();
  const [busy, setBusy] = useState(false);
  const selected = templates?.find((t) => t.id === selectedId);

  const select = async () => {
    if (!selected) return;
    const result = await instantiate({ id: selected.id, name });
    onCreated(result);
  };

  return (
    <>
      <DialogTitle id={titleId}>New segment “{name}”: choose a template</DialogTitle>
      <DialogContent>
        {listError ? <Alert severity="error">{errorMessage(listError)}</Alert> : null}
        {isLoading || !templates ? null : <TemplateGallery templates={templates} selectedId={selectedId} onSelect={setSelectedId} />}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onBack} disabled={creating || busy} sx={{ mr: 'auto' }}>
          Back
        </Button>
        <Button
          onClick={async () => {
            setBusy(true);
            await onFromScratch();
            setBusy(false);
          }}
          disabled={creating || busy}
        >
          Start from scratch
        </Button>
        <Button variant="contained" onClick={select} disabled={!selected?.available || creating || busy}>
          Select
        </Button>
      </DialogActions>
    </>
  );
}
