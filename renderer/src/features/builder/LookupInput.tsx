/**
 * Lookup values picked by record name: an MUI Autocomplete over `catalog.lookupRecords` (debounced
 * search, loading state). Chips show the record's name; the stored value stays the record's key.
 * Names of keys already chosen are fetched once (`keys`); a key the data no longer has shows as is.
 */
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import type { LookupRecord } from '../../../../shared/api/contract/catalog';
import type { RuleValue } from '../../../../shared/segments/ast';
import { useLookupRecordsQuery } from './lookupApi';
import { useDebounced } from './useDebounced';

export const LOOKUP_DEBOUNCE_MS = 250;
const LIMIT = 20;

export function LookupInput(props: {
  entity: string;
  entityLabel: string;
  values: RuleValue[];
  onChange: (v: RuleValue[]) => void;
  label: string;
  disabled: boolean;
  error?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), LOOKUP_DEBOUNCE_MS);
  const keys = useMemo(() => props.values.map(String), [props.values]);
  const named = useLookupRecordsQuery({ entity: props.entity, keys }, { skip: keys.length === 0 });
  const found = useLookupRecordsQuery({ entity: props.entity, search, limit: LIMIT }, { skip: !open });
  const selected = useMemo<LookupRecord[]>(() => {
    const labels = new Map((named.data ?? []).map((r) => [r.key, r.label]));
    return keys.map((key) => ({ key, label: labels.get(key) ?? key }));
  }, [keys, named.data]);
  const waiting = open && (found.isFetching || search !== text.trim());
  return (
    <Autocomplete<LookupRecord, true, false, false>
      multiple
      size="small"
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      disabled={props.disabled}
      options={found.data ?? []}
      value={selected}
      loading={waiting}
      loadingText="Searching…"
      noOptionsText={
        search === '' ? `No ${props.entityLabel.toLowerCase()} records` : `No ${props.entityLabel.toLowerCase()} matches "${search}"`
      }
      filterOptions={(o) => o}
      filterSelectedOptions
      inputValue={text}
      onInputChange={(_e, v, reason) => {
        if (reason !== 'reset') setText(v);
      }}
      isOptionEqualToValue={(a, b) => a.key === b.key}
      getOptionLabel={(o) => o.label}
      onChange={(_e, next) => {
        setText('');
        props.onChange(next.map((r) => r.key));
      }}
      renderOption={({ key, ...optionProps }, o) => (
        <Box component="li" key={key} {...optionProps}>
          <span>{o.label}</span>
          {o.label !== o.key && (
            <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
              {o.key}
            </Typography>
          )}
        </Box>
      )}
      renderValue={(value, getItemProps) =>
        value.map((o, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          return <Chip key={key} size="small" label={o.label} title={o.key} {...itemProps} />;
        })
      }
      renderInput={(params) => (
        <TextField
          {...params}
          placeholder={selected.length === 0 ? `Search ${props.entityLabel.toLowerCase()} by name` : ''}
          error={props.error === true}
          inputProps={{ ...params.inputProps, 'aria-label': props.label }}
          InputProps={{
            ...params.InputProps,
            endAdornment: (
              <>
                {waiting ? <CircularProgress color="inherit" size={16} aria-label="Searching" /> : null}
                {params.InputProps.endAdornment}
              </>
            ),
          }}
        />
      )}
      sx={{ minWidth: 280, flex: 1 }}
    />
  );
}
