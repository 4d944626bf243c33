/** Small typed inputs the rule value editor composes: chips, numbers, dates, relative amounts. */
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { DATE_UNITS, type DateUnit, type RuleValue } from '../../../../shared/segments/ast';
import type { ChoiceOption } from '../../../../shared/models/catalog';

const inputSx = { minWidth: 160 } as const;

/**
 * Free values as chips: type and press Enter (or leave the field) after each value (spec F6);
 * Backspace in the empty input removes the last chip. Plain input and chips, no Autocomplete,
 * because a definition can have hundreds of these rows.
 */
export function ChipsInput(props: {
  values: RuleValue[];
  onChange: (v: RuleValue[]) => void;
  parse: (s: string) => RuleValue | null;
  label: string;
  disabled: boolean;
  error?: boolean;
}) {
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const commit = (): boolean => {
    const s = draft.trim();
    if (s === '') return false;
    const v = props.parse(s);
    if (v === null) {
      setProblem(`"${s}" is not a valid value here`);
      return false;
    }
    setProblem(null);
    setDraft('');
    props.onChange([...props.values, v]);
    return true;
  };
  return (
    <Box sx={{ flex: 1, minWidth: 240 }}>
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          gap: 0.5,
          px: 1,
          py: 0.5,
          minHeight: 40,
          border: 1,
          borderRadius: 1,
          borderColor: props.error === true || problem !== null ? 'error.main' : 'divider',
          '&:focus-within': { borderColor: 'primary.main', borderWidth: 2, px: 'calc(8px - 1px)' },
        }}
      >
        {props.values.map((v, i) => (
          <Chip
            key={`${String(v)}-${i}`}
            size="small"
            label={String(v)}
            disabled={props.disabled}
            onDelete={props.disabled ? undefined : () => props.onChange(props.values.filter((_, j) => j !== i))}
          />
        ))}
        <input
          aria-label={props.label}
          disabled={props.disabled}
          value={draft}
          placeholder={props.values.length === 0 ? 'Type a value, press Enter' : ''}
          onChange={(e) => {
            setDraft(e.target.value);
            if (problem) setProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Backspace' && draft === '' && props.values.length > 0) props.onChange(props.values.slice(0, -1));
          }}
          onBlur={() => commit()}
          style={{
            flex: 1,
            minWidth: 120,
            border: 'none',
            outline: 'none',
            font: 'inherit',
            padding: '4px 0',
            background: 'transparent',
            color: 'inherit',
          }}
        />
      </Box>
      {problem && (
        <Box sx={{ color: 'error.main', fontSize: 12, mt: 0.5 }} role="alert">
          {problem}
        </Box>
      )}
    </Box>
  );
}

/** Pick one or more values from a fixed option list (choice and multichoice fields). */
export function OptionsInput(props: {
  values: RuleValue[];
  options: ChoiceOption[];
  onChange: (v: RuleValue[]) => void;
  label: string;
  disabled: boolean;
  error?: boolean;
}) {
  const selected = props.values.map((v) => props.options.find((o) => o.value === v) ?? { value: String(v), label: String(v) });
  return (
    <Autocomplete<ChoiceOption, true, false, false>
      multiple
      size="small"
      disabled={props.disabled}
      options={props.options}
      value={selected}
      isOptionEqualToValue={(a, b) => a.value === b.value}
      getOptionLabel={(o) => o.label}
      onChange={(_e, next) => props.onChange(next.map((o) => o.value))}
      renderInput={(params) => (
        <TextField
          {...params}
          placeholder={selected.length === 0 ? 'Choose values' : ''}
          error={props.error === true}
          inputProps={{ ...params.inputProps, 'aria-label': props.label }}
        />
      )}
      sx={{ minWidth: 240, flex: 1 }}
    />
  );
}

/** A number typed as text: keeps what the user types until it parses, so "1." or "-" are not lost. */
export function NumberInput(props: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  label: string;
  disabled: boolean;
  integer: boolean;
  error?: boolean;
}) {
  const [draft, setDraft] = useState<string>(props.value === undefined ? '' : String(props.value));
  const [seen, setSeen] = useState<number | undefined>(props.value);
  if (seen !== props.value) {
    // The value changed from outside (undo, text view): show it.
    setSeen(props.value);
    if (Number(draft) !== props.value) setDraft(props.value === undefined ? '' : String(props.value));
  }
  const invalid = draft.trim() !== '' && (!Number.isFinite(Number(draft)) || (props.integer && !Number.isInteger(Number(draft))));
  return (
    <TextField
      size="small"
      value={draft}
      disabled={props.disabled}
      error={invalid || props.error === true}
      helperText={invalid ? (props.integer ? 'Enter a whole number' : 'Enter a number') : undefined}
      inputProps={{ inputMode: 'decimal', 'aria-label': props.label }}
      onChange={(e) => {
        setDraft(e.target.value);
        const n = Number(e.target.value);
        const ok = e.target.value.trim() !== '' && Number.isFinite(n) && (!props.integer || Number.isInteger(n));
        const next = e.target.value.trim() === '' ? undefined : ok ? n : props.value;
        setSeen(next);
        props.onChange(next);
      }}
      sx={{ width: 140 }}
    />
  );
}

/** A date ('YYYY-MM-DD') or date-time ('YYYY-MM-DDTHH:mm', no zone = UTC) through the browser's picker. */
export function DateInput(props: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  label: string;
  disabled: boolean;
  withTime: boolean;
  error?: boolean;
}) {
  return (
    <TextField
      size="small"
      type={props.withTime ? 'datetime-local' : 'date'}
      value={props.value ?? ''}
      disabled={props.disabled}
      error={props.error === true}
      inputProps={{ 'aria-label': props.label }}
      onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
      sx={inputSx}
    />
  );
}

/** "in the last / next N units", "N units ago": amount and unit. */
export function RelativeInput(props: {
  amount: number;
  unit: DateUnit;
  onChange: (amount: number, unit: DateUnit) => void;
  disabled: boolean;
  error?: boolean;
}) {
  return (
    <>
      <NumberInput
        value={props.amount}
        integer
        label="Amount"
        disabled={props.disabled}
        error={props.error === true}
        onChange={(n) => props.onChange(n ?? 0, props.unit)}
      />
      <TextField
        select
        size="small"
        value={props.unit}
        disabled={props.disabled}
        inputProps={{ 'aria-label': 'Unit' }}
        onChange={(e) => props.onChange(props.amount, e.target.value as DateUnit)}
        sx={{ width: 120 }}
      >
        {DATE_UNITS.map((u) => (
          <MenuItem key={u} value={u}>
            {u}
          </MenuItem>
        ))}
      </TextField>
    </>
  );
}
