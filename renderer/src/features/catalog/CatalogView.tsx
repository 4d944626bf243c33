/** The catalog: entities with their fields, relationships, and interaction types. */
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import ExpandMore from '@mui/icons-material/ExpandMore';
import type { CatalogField } from '../../../../shared/models/catalog';
import { errorMessage } from '../../app/errors';
import { FieldTypeIcon, fieldTypeName } from '../builder/FieldTypeIcon';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { formatCount } from '../segments/segmentLabels';

function FieldTable({ fields, keyField }: { fields: CatalogField[]; keyField?: string }) {
  return (
    // A narrow window scrolls the table sideways inside this box, not the page (WCAG 1.4.10).
    <Box sx={{ overflowX: 'auto' }}>
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell>Label</TableCell>
          <TableCell>Name</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Details</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {fields.map((f) => (
          <TableRow key={f.name}>
            <TableCell>
              {f.label} {f.name === keyField && <Chip size="small" label="key" sx={{ ml: 1 }} />}
            </TableCell>
            <TableCell sx={{ fontFamily: 'monospace' }}>{f.name}</TableCell>
            <TableCell>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <FieldTypeIcon type={f.type} decorative fontSize="small" />
                <span>{fieldTypeName(f.type)}</span>
              </Stack>
            </TableCell>
            <TableCell sx={{ color: 'text.secondary' }}>
              {f.lookupEntity
                ? `→ ${f.lookupEntity}`
                : f.options
                  ? f.options
                      .slice(0, 6)
                      .map((o) => o.label)
                      .join(', ') + (f.options.length > 6 ? ` … (${f.options.length})` : '')
                  : ''}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
    </Box>
  );
}

export function CatalogView() {
  const { data, error, isLoading } = useBuilderCatalogQuery();
  if (error) return <Alert severity="error">The catalog could not be loaded: {errorMessage(error)}</Alert>;
  if (isLoading || !data) return <Skeleton variant="rounded" height={240} />;
  return (
    <Stack spacing={2} component="section" aria-label="Catalog">
      <div>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
          Entities
        </Typography>
        {data.entities.map((e) => (
          <Accordion key={e.name} disableGutters defaultExpanded={e.name === 'contact'}>
            <AccordionSummary expandIcon={<ExpandMore />}>
              <Typography sx={{ fontWeight: 600, mr: 2 }}>{e.label}</Typography>
              <Typography color="text.secondary">
                {formatCount(e.recordCount)} records · {e.fields.length} fields
              </Typography>
            </AccordionSummary>
            <AccordionDetails>
              <FieldTable fields={e.fields} keyField={e.keyField} />
            </AccordionDetails>
          </Accordion>
        ))}
      </div>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          Relationships
        </Typography>
        {data.relationships.length === 0 ? (
          <Typography color="text.secondary">None yet: a lookup column creates one.</Typography>
        ) : (
          <Box sx={{ overflowX: 'auto' }}>
          <Table size="small">
            <TableBody>
              {data.relationships.map((r) => (
                <TableRow key={r.name}>
                  <TableCell>
                    {r.referencingEntity}.{r.lookupField} → {r.referencedEntity}
                  </TableCell>
                  <TableCell sx={{ color: 'text.secondary', fontFamily: 'monospace' }}>{r.name}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          </Box>
        )}
      </Paper>
      <div>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
          Interaction types
        </Typography>
        {data.interactionTypes.map((t) => (
          <Accordion key={t.name} disableGutters>
            <AccordionSummary expandIcon={<ExpandMore />}>
              <Typography sx={{ fontWeight: 600, mr: 2 }}>{t.label}</Typography>
              <Typography color="text.secondary">
                <code>{t.name}</code> · {formatCount(t.count)} interactions · {t.fields.length} fields
              </Typography>
            </AccordionSummary>
            <AccordionDetails>
              <FieldTable fields={t.fields} />
            </AccordionDetails>
          </Accordion>
        ))}
      </div>
    </Stack>
  );
}
