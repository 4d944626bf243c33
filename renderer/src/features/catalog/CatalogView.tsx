/**
 * The catalog: entities with their fields, relationships, and interaction types, each with the label
 * every screen shows (editable here) and its logical name from the data, shown only in the columns marked
 * "Logical name" (`data-logical-name`). Each entity's primary name field is chosen from its fields.
 */
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
import type { MethodInput } from '../../../../shared/api/contract';
import type { Catalog, CatalogField } from '../../../../shared/models/catalog';
import { errorMessage } from '../../app/errors';
import { FieldTypeIcon, fieldTypeName } from '../builder/FieldTypeIcon';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { formatCount } from '../segments/segmentLabels';
import { DeleteFieldButton } from './DeleteFieldButton';
import { DisplayFieldSelect } from './DisplayFieldSelect';
import { EditableLabel } from './EditableLabel';

const LOGICAL = { fontFamily: 'monospace', color: 'text.secondary' } as const;

/** A cell holding a logical name from the data: the one place such names may be seen. */
function LogicalName({ name }: { name: string }) {
  return (
    <TableCell sx={LOGICAL} data-logical-name="">
      {name}
    </TableCell>
  );
}

interface FieldTableProps {
  fields: CatalogField[];
  owner: string;
  keyField?: string;
  entityLabel: (name: string) => string;
  toUpdate: (field: string, label: string) => MethodInput<'catalog.update'>;
  /** For an entity's fields: a delete button per field but the key (interaction fields have none). */
  deletable?: { entity: string; records: number };
}

function FieldTable({ fields, owner, keyField, entityLabel, toUpdate, deletable }: FieldTableProps) {
  return (
    // A narrow window scrolls the table sideways inside this box, not the page (WCAG 1.4.10).
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={`Fields of ${owner}`}>
        <TableHead>
          <TableRow>
            <TableCell>Label</TableCell>
            <TableCell>Logical name</TableCell>
            <TableCell>Type</TableCell>
            <TableCell>Details</TableCell>
            {deletable && <TableCell>Delete</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {fields.map((f) => (
            <TableRow key={f.name}>
              <TableCell>
                <EditableLabel
                  label={f.label}
                  what={`field ${f.label} of ${owner}`}
                  toUpdate={(label) => toUpdate(f.name, label)}
                  adornment={f.name === keyField && <Chip size="small" label="key" sx={{ ml: 1 }} />}
                />
              </TableCell>
              <LogicalName name={f.name} />
              <TableCell>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <FieldTypeIcon type={f.type} decorative fontSize="small" />
                  <span>{fieldTypeName(f.type)}</span>
                </Stack>
              </TableCell>
              <TableCell sx={{ color: 'text.secondary' }}>
                {f.lookupEntity
                  ? `→ ${entityLabel(f.lookupEntity)}`
                  : f.options
                    ? f.options
                        .slice(0, 6)
                        .map((o) => o.label)
                        .join(', ') + (f.options.length > 6 ? ` … (${f.options.length})` : '')
                    : ''}
              </TableCell>
              {deletable && (
                <TableCell>
                  {f.name !== keyField && (
                    <DeleteFieldButton
                      entity={deletable.entity}
                      entityLabel={owner}
                      field={f.name}
                      fieldLabel={f.label}
                      records={deletable.records}
                    />
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function Relationships({ catalog, entityLabel }: { catalog: Catalog; entityLabel: (name: string) => string }) {
  if (catalog.relationships.length === 0) return <Typography color="text.secondary">None yet: a lookup column creates one.</Typography>;
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Relationships">
        <TableHead>
          <TableRow>
            <TableCell>Label</TableCell>
            <TableCell>From</TableCell>
            <TableCell>To</TableCell>
            <TableCell>Logical name</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {catalog.relationships.map((r) => {
            const label = r.label ?? r.lookupField;
            return (
              <TableRow key={r.name}>
                <TableCell>
                  <EditableLabel
                    label={label}
                    what={`relationship ${label}`}
                    toUpdate={(l) => ({ target: 'relationship', relationship: r.name, label: l })}
                  />
                </TableCell>
                <TableCell>{entityLabel(r.referencingEntity)}</TableCell>
                <TableCell>{entityLabel(r.referencedEntity)}</TableCell>
                <LogicalName name={r.name} />
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}

export function CatalogView() {
  const { data, error, isLoading } = useBuilderCatalogQuery();
  if (error) return <Alert severity="error">The catalog could not be loaded: {errorMessage(error)}</Alert>;
  if (isLoading || !data) return <Skeleton variant="rounded" height={240} />;
  const entityLabel = (name: string) => data.entities.find((e) => e.name.toLowerCase() === name.toLowerCase())?.label ?? name;
  return (
    <Stack spacing={2} component="section" aria-label="Catalog">
      <Typography color="text.secondary">
        Labels are what every screen, message and export shows; rename them to the words your team uses. Logical names come from your data
        and stay as they are (segment files and query text may use either).
      </Typography>
      <div>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
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
              <Stack direction="row" spacing={3} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
                <EditableLabel
                  label={e.label}
                  what={`entity ${e.label}`}
                  toUpdate={(label) => ({ target: 'entity', entity: e.name, label })}
                />
                <DisplayFieldSelect entity={e} />
                <Typography variant="body2" sx={LOGICAL}>
                  Logical name: <span data-logical-name="">{e.name}</span>
                </Typography>
              </Stack>
              <FieldTable
                fields={e.fields}
                owner={e.label}
                keyField={e.keyField}
                entityLabel={entityLabel}
                toUpdate={(field, label) => ({ target: 'field', entity: e.name, field, label })}
                deletable={{ entity: e.name, records: e.recordCount }}
              />
            </AccordionDetails>
          </Accordion>
        ))}
      </div>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
          Relationships
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          A relationship is named by its lookup field until you rename it; the builder offers it as “Label (entity)”.
        </Typography>
        <Relationships catalog={data} entityLabel={entityLabel} />
      </Paper>
      <div>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
          Interaction types
        </Typography>
        {data.interactionTypes.map((t) => (
          <Accordion key={t.name} disableGutters>
            <AccordionSummary expandIcon={<ExpandMore />}>
              <Typography sx={{ fontWeight: 600, mr: 2 }}>{t.label}</Typography>
              <Typography color="text.secondary">
                {formatCount(t.count)} interactions · {t.fields.length} fields
              </Typography>
            </AccordionSummary>
            <AccordionDetails>
              <Stack direction="row" spacing={3} sx={{ alignItems: 'center', mb: 1 }}>
                <EditableLabel
                  label={t.label}
                  what={`interaction type ${t.label}`}
                  toUpdate={(label) => ({ target: 'interactionType', interactionType: t.name, label })}
                />
                <Typography variant="body2" sx={LOGICAL}>
                  Logical name: <span data-logical-name="">{t.name}</span>
                </Typography>
              </Stack>
              <FieldTable
                fields={t.fields}
                owner={t.label}
                entityLabel={entityLabel}
                toUpdate={(field, label) => ({ target: 'interactionField', interactionType: t.name, field, label })}
              />
            </AccordionDetails>
          </Accordion>
        ))}
      </div>
    </Stack>
  );
}
