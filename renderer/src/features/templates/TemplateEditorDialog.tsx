/**
 * "Save as template" (from a segment) and editing a stored template (F19): name, description, labels,
 * Active/Inactive, and the rows: any row (a rule on any field, related entities included, or an
 * interaction block's time window) can be made a parameter with help text, and turned back into a clause.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState, type FormEvent } from 'react';
import type { Catalog } from '../../../../shared/models/catalog';
import type { TemplateListItem } from '../../../../shared/models/template';
import type { DynamicDefinition } from '../../../../shared/segments/ast';
import { TemplateEditError } from '../../../../shared/segments/templates';
import { errorMessage } from '../../app/errors';
import { applyChoices, defaultHelp, editorRows, initialChoices } from './templateDraft';
import { useCreateTemplateMutation, useUpdateTemplateMutation } from './templatesApi';

interface Props {
  open: boolean;
  onClose: () => void;
  catalog: Catalog;
  /** The definition the template is made from (a segment's, or the stored template's). */
  source: DynamicDefinition;
  /** Editing this stored template; absent: a new one ("Save as template"). */
  template?: TemplateListItem;
  /** Proposed name and description for a new template (the segment's). */
  suggestedName?: string;
  suggestedDescription?: string;
  onSaved?: (t: TemplateListItem) => void;
}

export function TemplateEditorDialog(props: Props) {
  const { open, onClose, catalog, source, template } = props;
  const rows = useMemo(() => editorRows(source, catalog), [source, catalog]);
  const [name, setName] = useState(template?.name ?? props.suggestedName ?? '');
  const [description, setDescription] = useState(template?.description ?? props.suggestedDescription ?? '');
  const [labels, setLabels] = useState((template?.labels ?? []).join(', '));
  const [active, setActive] = useState(template?.active ?? true);
  const [choices, setChoices] = useState(() => initialChoices(rows));
  const [error, setError] = useState<string | null>(null);
  const [create, createState] = useCreateTemplateMutation();
  const [update, updateState] = useUpdateTemplateMutation();
  const busy = createState.isLoading || updateState.isLoading;

  const toggle = (nodeId: string, help: string | undefined) =>
    setChoices((prev) => {
      const next = new Map(prev);
      if (help === undefined) next.delete(nodeId);
      else next.set(nodeId, help);
      return next;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') return setError('Give the template a name.');
    let definition: DynamicDefinition;
    try {
      definition = applyChoices(source, rows, choices);
    } catch (err) {
      return setError(err instanceof TemplateEditError ? err.message : String(err));
    }
    const fields = {
      name: name.trim(),
      description,
      labels: labels.split(',').flatMap((l) => (l.trim() === '' ? [] : [l.trim()])),
      active,
      definition,
    };
    const result = template ? await update({ id: template.id, ...fields }) : await create(fields);
    if ('error' in result && result.error) return setError(errorMessage(result.error));
    if (result.data) props.onSaved?.(result.data);
    onClose();
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="md" aria-labelledby="template-editor-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="template-editor-title">{template ? `Edit template “${template.name}”` : 'Save as template'}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField label="Template name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
            <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} multiline minRows={2} />
            <TextField
              label="Labels"
              value={labels}
              onChange={(e) => setLabels(e.target.value)}
              helperText="Separated by commas, e.g. E-mail, Events. The gallery filters on them."
            />
            <FormControlLabel
              control={<Switch checked={active} onChange={(e) => setActive(e.target.checked)} />}
              label={active ? 'Active: shown in the gallery' : 'Inactive: hidden from the gallery'}
            />
            <Typography variant="subtitle2" component="h3">
              Rows — tick a row to make it a parameter: it then asks for its value, with your help text, when a segment is made from the
              template
            </Typography>
            <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }} aria-label="Rows">
              {rows.map((row, i) => {
                const help = row.nodeId ? choices.get(row.nodeId) : undefined;
                return (
                  <Box component="li" key={row.nodeId ?? `line${i}`} sx={{ pl: row.depth * 3, py: 0.25 }}>
                    {row.nodeId ? (
                      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} alignItems={{ sm: 'center' }}>
                        <FormControlLabel
                          sx={{ flex: 1, mr: 0 }}
                          control={
                            <Checkbox
                              checked={help !== undefined}
                              onChange={(e) =>
                                row.nodeId && toggle(row.nodeId, e.target.checked ? (row.parameter ?? defaultHelp(row)) : undefined)
                              }
                            />
                          }
                          label={`${row.text}${help !== undefined ? ' (parameter)' : ''}`}
                        />
                        {help !== undefined && row.nodeId && (
                          <TextField
                            size="small"
                            label={`Help text for ${row.text.replace(/ ‹.*›.*$/, '')}`}
                            value={help}
                            onChange={(e) => row.nodeId && toggle(row.nodeId, e.target.value)}
                            sx={{ flex: 1 }}
                          />
                        )}
                      </Stack>
                    ) : (
                      <Typography variant="body2" sx={{ fontWeight: row.depth === 0 ? 600 : 400, py: 0.5 }}>
                        {row.text}
                      </Typography>
                    )}
                  </Box>
                );
              })}
            </Box>
            {error && (
              <Alert severity="error" role="alert">
                {error}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {template ? 'Save template' : 'Save as template'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
