/**
 * The template gallery (F19) that "New dynamic segment" opens: search, filter by label, the active
 * templates on the left, an information panel for the selected one (description, labels, its rules in
 * readable form, the parameters to fill in). The dialog around it owns Select / Start from scratch.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import type { TemplateListItem } from '../../../../shared/models/template';
import { filterTemplates } from '../../../../shared/segments/templates';

interface Props {
  templates: readonly TemplateListItem[];
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}

/** Every label in use, sorted, for the filter chips. */
function allLabels(templates: readonly TemplateListItem[]): string[] {
  const byLower = new Map<string, string>();
  for (const t of templates) for (const l of t.labels) if (!byLower.has(l.toLowerCase())) byLower.set(l.toLowerCase(), l);
  return [...byLower.values()].sort((a, b) => a.localeCompare(b));
}

export function TemplateGallery({ templates, selectedId, onSelect }: Props) {
  const [search, setSearch] = useState('');
  const [label, setLabel] = useState<string | null>(null);
  const labels = useMemo(() => allLabels(templates), [templates]);
  const shown = useMemo(() => filterTemplates(templates, search, label), [templates, search, label]);
  const selected = templates.find((t) => t.id === selectedId) ?? null;

  return (
    <Stack spacing={1.5}>
      <TextField
        label="Search templates"
        size="small"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        helperText={`${shown.length} of ${templates.length} templates`}
      />
      <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap role="group" aria-label="Filter by label">
        <Chip
          label="All labels"
          color={label === null ? 'primary' : 'default'}
          aria-pressed={label === null}
          onClick={() => setLabel(null)}
        />
        {labels.map((l) => (
          <Chip
            key={l}
            label={l}
            color={label === l ? 'primary' : 'default'}
            variant={label === l ? 'filled' : 'outlined'}
            aria-pressed={label === l}
            onClick={() => setLabel(label === l ? null : l)}
          />
        ))}
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ minHeight: 320 }}>
        <Box sx={{ flex: '0 0 40%', border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'auto', maxHeight: 420 }}>
          {shown.length === 0 ? (
            <Typography sx={{ p: 2 }} color="text.secondary">
              No template matches. Clear the search or the label, or start from scratch.
            </Typography>
          ) : (
            <List dense aria-label="Templates">
              {shown.map((t) => (
                <ListItem key={t.id} disablePadding>
                  <ListItemButton selected={t.id === selectedId} aria-current={t.id === selectedId} onClick={() => onSelect(t.id)}>
                    <ListItemText
                      primary={t.name}
                      secondary={t.available ? (t.builtIn ? 'Built-in' : 'Saved template') : 'Unavailable in this database'}
                    />
                  </ListItemButton>
                </ListItem>
              ))}
            </List>
          )}
        </Box>
        <Box
          component="section"
          aria-label="Template information"
          sx={{ flex: 1, border: 1, borderColor: 'divider', borderRadius: 1, p: 2, overflow: 'auto', maxHeight: 420 }}
        >
          {selected ? (
            <TemplateInfo template={selected} />
          ) : (
            <Typography color="text.secondary">Select a template to see what it does.</Typography>
          )}
        </Box>
      </Stack>
    </Stack>
  );
}

/** The information panel: what the template is for, what it does, what you fill in. */
export function TemplateInfo({ template: t }: { template: TemplateListItem }) {
  return (
    <Stack spacing={1.5}>
      <Typography variant="h6" component="h3">
        {t.name}
      </Typography>
      {t.description && <Typography variant="body2">{t.description}</Typography>}
      {t.labels.length > 0 && (
        <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap aria-label="Labels">
          {t.labels.map((l) => (
            <Chip key={l} label={l} size="small" variant="outlined" />
          ))}
        </Stack>
      )}
      {!t.available && <Alert severity="warning">Unavailable: {t.unavailableReason}</Alert>}
      <Typography variant="subtitle2" component="h4">
        Rules
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 0, listStyle: 'none', fontSize: 14 }}>
        {t.lines.map((line, i) => (
          <Box component="li" key={i} sx={{ pl: line.depth * 2, fontWeight: line.depth === 0 ? 600 : 400 }}>
            {line.text}
          </Box>
        ))}
      </Box>
      <Typography variant="subtitle2" component="h4">
        You fill in
      </Typography>
      {t.parameters.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          Nothing: it works as it is.
        </Typography>
      ) : (
        <Box component="ul" sx={{ m: 0, pl: 2.5, fontSize: 14 }}>
          {t.parameters.map((p) => (
            <li key={p.nodeId}>
              <strong>{p.label}</strong>: {p.help}
            </li>
          ))}
        </Box>
      )}
    </Stack>
  );
}
