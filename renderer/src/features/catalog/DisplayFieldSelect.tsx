/** Picks an entity's primary name field: the value that names its records in lookups, pickers and members. */
import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import type { CatalogEntity } from '../../../../shared/models/catalog';
import { errorMessage } from '../../app/errors';
import { useUpdateCatalogMutation } from './catalogApi';

export function DisplayFieldSelect({ entity }: { entity: CatalogEntity }) {
  const [update, { error, isLoading }] = useUpdateCatalogMutation();
  // The key or a text / choice field can name a record (the backend refuses others too).
  const choices = entity.fields.filter((f) => f.name === entity.keyField || f.type === 'text' || f.type === 'choice');
  const id = `display-field-${entity.name}`;
  return (
    <FormControl size="small" sx={{ minWidth: 220 }} error={Boolean(error)}>
      <InputLabel id={id}>Primary name field</InputLabel>
      <Select
        labelId={id}
        label="Primary name field"
        value={choices.some((f) => f.name === entity.displayField) ? entity.displayField : ''}
        disabled={isLoading}
        onChange={(e) => void update({ target: 'entity', entity: entity.name, displayField: e.target.value })}
      >
        {choices.map((f) => (
          <MenuItem key={f.name} value={f.name}>
            {f.label}
          </MenuItem>
        ))}
      </Select>
      <FormHelperText>{error ? errorMessage(error) : `What names each ${entity.label} record in lookups`}</FormHelperText>
    </FormControl>
  );
}
