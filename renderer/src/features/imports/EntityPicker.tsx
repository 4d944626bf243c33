/**
 * The "Import into" picker of an entity file: the kinds of record that exist, by their display names
 * ("Contact", "Account"), or a name typed for a new kind. The wizard keeps the entity's name; the person
 * sees and types display names.
 */
import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import type { CatalogEntity } from '../../../../shared/models/catalog';

/**
 * The entity a typed text names: an existing one by display name or name (case and surrounding spaces
 * ignored), else the text itself, the name of a new entity.
 */
export function entityNameFor(text: string, entities: readonly CatalogEntity[]): string {
  const t = text.trim().toLowerCase();
  if (t === '') return text;
  const hit = entities.find((e) => e.label.trim().toLowerCase() === t) ?? entities.find((e) => e.name.toLowerCase() === t);
  return hit ? hit.name : text;
}

/** What the picker shows for an entity name: its display name when it exists. */
export function entityText(name: string, entities: readonly CatalogEntity[]): string {
  const t = name.trim().toLowerCase();
  return entities.find((e) => e.name.toLowerCase() === t)?.label ?? name;
}

export interface EntityPickerProps {
  /** The chosen entity's name (or the typed name of a new one). */
  value: string;
  entities: readonly CatalogEntity[];
  onChange: (name: string) => void;
}

export function EntityPicker({ value, entities, onChange }: EntityPickerProps) {
  const labels = entities.map((e) => e.label);
  const known = entities.some((e) => e.name.toLowerCase() === value.trim().toLowerCase());
  return (
    <Autocomplete
      freeSolo
      size="small"
      options={labels}
      // Every option stays listed whatever is typed: there are few, and the person picks or types anew.
      filterOptions={(o) => o}
      inputValue={entityText(value, entities)}
      onInputChange={(_e, text, reason) => {
        if (reason !== 'reset' || text !== '') onChange(entityNameFor(text, entities));
      }}
      sx={{ minWidth: 220 }}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Import into"
          helperText={value.trim() === '' || known ? 'Pick the kind of record, or type a new one' : 'A new kind of record'}
        />
      )}
    />
  );
}
