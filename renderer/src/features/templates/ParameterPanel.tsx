/**
 * In the designer of a segment made from a template: the parameters still to fill in, each with its
 * help text, and those already filled. A segment with an unfilled parameter cannot be estimated or go
 * live (the validator names the row); this panel says what to do before that message is needed.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Catalog } from '../../../../shared/models/catalog';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { listParameters } from '../../../../shared/segments/parameters';
import { templateParameters } from '../../../../shared/segments/templates';

interface Props {
  definition: SegmentDefinition;
  catalog: Catalog;
}

export function ParameterPanel({ definition, catalog }: Props) {
  if (definition.kind !== 'dynamic') return null;
  const refs = listParameters(definition);
  if (refs.length === 0) return null;
  const labels = new Map(templateParameters(definition, catalog).map((p) => [p.nodeId, p.label]));
  const open = refs.filter((r) => r.unfilled);
  return (
    <Alert severity={open.length > 0 ? 'info' : 'success'} aria-label="Template parameters">
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {open.length > 0
          ? `From a template: fill in ${open.length === 1 ? 'this parameter' : `these ${open.length} parameters`} in the rows below.`
          : 'From a template: every parameter is filled in.'}
      </Typography>
      <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
        {refs.map((r) => (
          <li key={r.nodeId}>
            <strong>{labels.get(r.nodeId) ?? r.name}</strong>: {r.help} — {r.unfilled ? 'not filled in yet' : 'filled in'}
          </li>
        ))}
      </Box>
    </Alert>
  );
}
