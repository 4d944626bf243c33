/**
 * The second step of "New dynamic segment": the template gallery with Select (a draft from the template,
 * its parameters to be filled in the designer) and Start from scratch.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import LinearProgress from '@mui/material/LinearProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { TemplateEditorDialog } from './TemplateEditorDialog';
import type { SerializedError } from '@reduxjs/toolkit';
import type { ApiError } from '../../../../shared/api/result';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { errorMessage } from '../../app/errors';
import { TemplateGallery } from './TemplateGallery';
import { useDeleteTemplateMutation, useInstantiateTemplateMutation, useListTemplatesQuery } from './templatesApi';

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
  // Inactive templates are hidden from the gallery (F19); shown on request, to edit or reactivate them.
  const [showInactive, setShowInactive] = useState(false);
  const { data: templates, error: listError, isLoading } = useListTemplatesQuery({ activeOnly: !showInactive });
  const catalog = useBuilderCatalogQuery();
  const [editing, setEditing] = useState(false);
  const [remove, removeState] = useDeleteTemplateMutation();
  const [problem, setProblem] = useState<string | null>(null);
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
        {/* The gallery's place is kept while it loads: the buttons below must not move under the pointer. */}
        {isLoading || !templates ? (
          <Box sx={{ minHeight: 440 }}>
            <LinearProgress aria-label="Loading the templates" />
          </Box>
        ) : (
          <TemplateGallery templates={templates} selectedId={selectedId} onSelect={setSelectedId} />
        )}
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 1 }}>
          <FormControlLabel
            control={<Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />}
            label="Show inactive templates"
            sx={{ mr: 'auto' }}
          />
          {selected && !selected.builtIn && (
            <>
              <Button onClick={() => setEditing(true)} disabled={!catalog.data}>
                Edit template
              </Button>
              <Button
                color="error"
                disabled={removeState.isLoading}
                onClick={async () => {
                  const r = await remove({ id: selected.id });
                  if ('error' in r && r.error) setProblem(errorMessage(r.error));
                  else setSelectedId(null);
                }}
              >
                Delete template
              </Button>
            </>
          )}
        </Stack>
        {problem && <Alert severity="error">{problem}</Alert>}
        {editing && selected && catalog.data && (
          <TemplateEditorDialog
            open
            onClose={() => setEditing(false)}
            catalog={catalog.data}
            source={selected.definition}
            template={selected}
          />
        )}
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
