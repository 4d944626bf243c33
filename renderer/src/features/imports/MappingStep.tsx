/**
 * Step 2: preview rows, then map columns: each onto an existing field of the entity (best match proposed,
 * type fit checked), a new field (name, display name, type), or skipped; lookups pick their entity and key.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { FIELD_TYPES, type Catalog, type CatalogEntity } from '../../../../shared/models/catalog';
import type { ImportPreview } from '../../../../shared/models/import';
import { fieldTypeName } from '../builder/FieldTypeIcon';
import { EntityPicker } from './EntityPicker';
import { typeFits } from './fieldMatch';
import { proposeColumns, type ColumnChoice, type ColumnType, type WizardChoices } from './wizardModel';

const TYPES = FIELD_TYPES.filter((t): t is ColumnType => t !== 'lookup');

export interface MappingStepProps {
  preview: ImportPreview;
  choices: WizardChoices;
  onChange: (c: WizardChoices) => void;
  /** Entities that exist (lookup targets). */
  entities: string[];
  problems: string[];
  /** The catalog: existing fields to map onto (display labels and types), lookup targets and their keys. */
  catalog?: Catalog | undefined;
  /** Set when the choices came from a mapping saved by an earlier import of a file with this header. */
  savedFrom?: string | null;
}

/** The value of the "Maps to" select for a new field. */
const NEW_FIELD = '__new__';

const fieldOption = (f: { name: string; label: string; type: string }) => `${f.label} (${f.name}) · ${fieldTypeName(f.type as ColumnType)}`;

export function MappingStep({ preview, choices: c, onChange, entities, problems, catalog, savedFrom = null }: MappingStepProps) {
  const set = (p: Partial<WizardChoices>) => onChange({ ...c, ...p });
  const entityOf = (name: string): CatalogEntity | undefined =>
    catalog?.entities.find((e) => e.name.toLowerCase() === name.trim().toLowerCase());
  const entityDef = c.kind === 'entity' ? entityOf(c.entity) : undefined;
  const pickTarget = (col: string, inferred: ColumnType, value: string) => {
    const f = entityDef?.fields.find((x) => x.name === value);
    if (!f) setCol(col, { existing: false, field: col, type: inferred, lookup: '' });
    else setCol(col, { existing: true, field: f.name, type: f.type === 'lookup' ? inferred : f.type, lookup: f.lookupEntity ?? '' });
  };
  const setCol = (name: string, p: Partial<ColumnChoice>) => {
    const current = c.columns[name];
    if (current) onChange({ ...c, columns: { ...c.columns, [name]: { ...current, ...p } } });
  };
  const headerSelect = (label: string, value: string, onPick: (v: string) => void, optional = false) => (
    <TextField select size="small" label={label} value={value} onChange={(e) => onPick(e.target.value)} sx={{ minWidth: 200 }}>
      {optional && <MenuItem value="">(none)</MenuItem>}
      {preview.header.map((h) => (
        <MenuItem key={h} value={h}>
          {h}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <Stack spacing={2}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        First rows
      </Typography>
      <TableContainer sx={{ maxHeight: 220, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label="Preview rows">
          <TableHead>
            <TableRow>
              {preview.header.map((h) => (
                <TableCell key={h} sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                  {h}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.sampleRows.slice(0, 8).map((r, i) => (
              <TableRow key={i}>
                {preview.header.map((h, j) => (
                  <TableCell key={h} sx={{ whiteSpace: 'nowrap', maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {r[j] ?? ''}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>

      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 2 }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={c.kind}
          onChange={(_e, k: WizardChoices['kind'] | null) => k && set({ kind: k })}
          aria-label="What the file holds"
        >
          <ToggleButton value="entity">Records (contacts, accounts…)</ToggleButton>
          <ToggleButton value="interactions">Interactions</ToggleButton>
        </ToggleButtonGroup>
        {c.kind === 'entity' ? (
          <>
            <EntityPicker
              value={c.entity}
              entities={catalog?.entities ?? []}
              onChange={(name) => name !== c.entity && set({ entity: name, columns: proposeColumns(preview, c.key, entityOf(name)) })}
            />
            {headerSelect('Key column', c.key, (v) => set({ key: v }))}
          </>
        ) : (
          <>
            {headerSelect('Contact column', c.contactColumn, (v) => set({ contactColumn: v }))}
            {headerSelect('Timestamp column', c.timestampColumn, (v) => set({ timestampColumn: v }))}
            {headerSelect('Type column', c.typeColumn, (v) => set({ typeColumn: v }), true)}
            <TextField
              size="small"
              label="…or one type for all rows"
              value={c.interactionType}
              onChange={(e) => set({ interactionType: e.target.value })}
            />
          </>
        )}
        {/* The date format is chosen once, under "Reading the file" (Dates), which reads the preview again. */}
      </Stack>

      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        Columns
      </Typography>
      {savedFrom && (
        <Alert severity="info" role="status">
          Mapping of your earlier import of a file with the same columns ({savedFrom}) applied; change it as needed.
        </Alert>
      )}
      {/* A narrow window scrolls the mapping sideways inside this box, not the page (WCAG 1.4.10). */}
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Column mapping">
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox">Import</TableCell>
              <TableCell>Column</TableCell>
              <TableCell>{entityDef ? 'Maps to' : 'Field'}</TableCell>
              <TableCell>Type</TableCell>
              {c.kind === 'entity' && <TableCell>Lookup to</TableCell>}
              <TableCell align="right">Filled in sample</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.columns.map((col) => {
              const ch = c.columns[col.name];
              if (!ch) return null;
              return (
                <TableRow key={col.name}>
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={ch.include}
                      onChange={(e) => setCol(col.name, { include: e.target.checked })}
                      slotProps={{ input: { 'aria-label': `Import ${col.name}` } }}
                    />
                  </TableCell>
                  <TableCell>{col.name}</TableCell>
                  <TableCell>
                    <Stack spacing={0.5}>
                      {entityDef && (
                        <TextField
                          select
                          size="small"
                          variant="standard"
                          value={ch.existing ? ch.field : NEW_FIELD}
                          disabled={!ch.include || col.name === c.key}
                          onChange={(e) => pickTarget(col.name, ch.inferred, e.target.value)}
                          slotProps={{ htmlInput: { 'aria-label': `Target for ${col.name}` } }}
                          sx={{ minWidth: 220 }}
                        >
                          <MenuItem value={NEW_FIELD}>New field…</MenuItem>
                          {entityDef.fields.map((f) => (
                            <MenuItem key={f.name} value={f.name}>
                              {fieldOption(f)}
                            </MenuItem>
                          ))}
                        </TextField>
                      )}
                      {!ch.existing && (
                        <Stack direction="row" spacing={1}>
                          <TextField
                            size="small"
                            variant="standard"
                            value={ch.field}
                            disabled={!ch.include}
                            placeholder="Field name"
                            onChange={(e) => setCol(col.name, { field: e.target.value })}
                            slotProps={{ htmlInput: { 'aria-label': `Field for ${col.name}` } }}
                          />
                          {c.kind === 'entity' && (
                            <TextField
                              size="small"
                              variant="standard"
                              value={ch.label}
                              disabled={!ch.include}
                              placeholder="Display name"
                              onChange={(e) => setCol(col.name, { label: e.target.value })}
                              slotProps={{ htmlInput: { 'aria-label': `Display name for ${col.name}` } }}
                            />
                          )}
                        </Stack>
                      )}
                      {ch.include && ch.existing && !ch.lookup && !typeFits(col.inferredType, ch.type) && (
                        <Typography variant="caption" color="warning.main">
                          The sample looks like {fieldTypeName(ch.inferred)}; this field is {fieldTypeName(ch.type)}. Cells that do not fit
                          are skipped and listed in the error report.
                        </Typography>
                      )}
                    </Stack>
                  </TableCell>
                  <TableCell>
                    <TextField
                      select
                      size="small"
                      variant="standard"
                      value={ch.type}
                      disabled={!ch.include || ch.lookup !== '' || ch.existing}
                      onChange={(e) => setCol(col.name, { type: e.target.value as ColumnType })}
                      slotProps={{ htmlInput: { 'aria-label': `Type of ${col.name}` } }}
                    >
                      {TYPES.map((t) => (
                        <MenuItem key={t} value={t}>
                          {fieldTypeName(t)}
                        </MenuItem>
                      ))}
                    </TextField>
                  </TableCell>
                  {c.kind === 'entity' && (
                    <TableCell>
                      <Stack direction="row" spacing={1}>
                        <TextField
                          select
                          size="small"
                          variant="standard"
                          value={ch.lookup}
                          disabled={!ch.include || col.name === c.key || (ch.existing && ch.lookup !== '')}
                          onChange={(e) => setCol(col.name, { lookup: e.target.value })}
                          slotProps={{ htmlInput: { 'aria-label': `Lookup entity for ${col.name}` } }}
                          sx={{ minWidth: 110 }}
                        >
                          <MenuItem value="">—</MenuItem>
                          {entities.map((e) => (
                            <MenuItem key={e} value={e}>
                              {entityOf(e)?.label ?? e}
                            </MenuItem>
                          ))}
                        </TextField>
                        {ch.lookup !== '' && entityOf(ch.lookup) && (
                          // Lookups resolve by the related entity's key (its external id): the one key it has.
                          <TextField
                            select
                            size="small"
                            variant="standard"
                            value={entityOf(ch.lookup)?.keyField ?? ''}
                            slotProps={{ htmlInput: { 'aria-label': `Key of ${ch.lookup} matched by ${col.name}` } }}
                          >
                            {(entityOf(ch.lookup)?.fields ?? [])
                              .filter((f) => f.name === entityOf(ch.lookup)?.keyField)
                              .map((f) => (
                                <MenuItem key={f.name} value={f.name}>
                                  by {f.label}
                                </MenuItem>
                              ))}
                          </TextField>
                        )}
                      </Stack>
                    </TableCell>
                  )}
                  <TableCell align="right">
                    {col.nonEmpty} / {preview.sampledRows}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
      {problems.length > 0 && (
        <Alert severity="warning">
          {problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
