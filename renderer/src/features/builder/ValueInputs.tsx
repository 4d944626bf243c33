/** Small typed inputs the rule value editor composes: chips, numbers, dates, relative amounts. */
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useId, useState } from 'react';
import { DATE_UNITS, type RelativeUnit, type RuleValue } from '../../../../shared/segments/ast';
import type { ChoiceOption } from '../../../../shared/models/catalog';
import { readNumber, userLocale, writeNumber } from './localeNumber';
import { SuggestionList } from './SuggestionList';
import type { SuggestFrom } from './valueSuggestions';

// min(…, 100%): never wider than the rule row, so a 320 px window does not push the value out of its block (WCAG 1.4.10).
const inputSx = { minWidth: 'min(160px, 100%)' } as const;

/**
 * Free values as chips: type and press Enter (or leave the field) after each value (spec F6);
 * Backspace in the empty input removes the last chip. Plain input and chips, no Autocomplete,
 * because a definition can have hundreds of these rows.
 */
export function ChipsInput(props: {
  values: RuleValue[];
  onChange: (v: RuleValue[]) => void;
  /** Reads a typed value, or refuses it with a sentence shown under the input. */
  parse: (s: string) => { ok: true; value: RuleValue } | { ok: false; message: string };
  /** How a value is shown on its chip (numbers in the user's locale). */
  format?: (v: RuleValue) => string;
  label: string;
  disabled: boolean;
  error?: boolean;
  /** A text field whose existing values are offered while typing (the browser's list under the input). */
  suggestFrom?: SuggestFrom;
}) {
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const listId = useId();
  const [offered, setOffered] = useState(0);
  const commit = (): boolean => {
    const s = draft.trim();
    if (s === '') return false;
    const v = props.parse(s);
    if (!v.ok) {
      setProblem(v.message);
      return false;
    }
    setProblem(null);
    setDraft('');
    props.onChange([...props.values, v.value]);
    return true;
  };
  return (
    <Box sx={{ flex: 1, minWidth: 'min(240px, 100%)' }}>
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
            label={props.format ? props.format(v) : String(v)}
            disabled={props.disabled}
            onDelete={props.disabled ? undefined : () => props.onChange(props.values.filter((_, j) => j !== i))}
          />
        ))}
        <input
          aria-label={props.label}
          disabled={props.disabled}
          // Linked only while there is something to offer: the input is a plain text box otherwise.
          list={offered > 0 ? listId : undefined}
          onFocus={() => setFocused(true)}
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
          onBlur={() => {
            setFocused(false);
            commit();
          }}
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
      {props.suggestFrom && <SuggestionList id={listId} from={props.suggestFrom} typed={draft} focused={focused} onCount={setOffered} />}
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
      sx={{ minWidth: 'min(240px, 100%)', flex: 1 }}
    />
  );
}

/**
 * A number typed as text in the user's locale (`1,000.5` in en-US, `1.000,5` in de-DE). Keeps what
 * the user types until it reads as a number; what cannot be read is refused with a message under the
 * field and the rule's value is cleared — never a truncated number ("1,000" must not become 1).
 */
export function NumberInput(props: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  label: string;
  disabled: boolean;
  integer: boolean;
  error?: boolean;
}) {
  const locale = userLocale();
  const shown = (v: number | undefined) => (v === undefined ? '' : writeNumber(v, locale));
  const [draft, setDraft] = useState<string>(() => shown(props.value));
  const [seen, setSeen] = useState<number | undefined>(props.value);
  const reading = draft.trim() === '' ? null : readNumber(draft, locale, props.integer);
  if (seen !== props.value) {
    // The value changed from outside (undo, text view): show it.
    setSeen(props.value);
    if (!(reading?.ok === true && reading.value === props.value)) setDraft(shown(props.value));
  }
  const problem = reading !== null && !reading.ok ? reading.message : null;
  return (
    <TextField
      size="small"
      value={draft}
      disabled={props.disabled}
      error={problem !== null || props.error === true}
      helperText={problem ?? undefined}
      inputProps={{ inputMode: 'decimal', 'aria-label': props.label }}
      onChange={(e) => {
        setDraft(e.target.value);
        const r = e.target.value.trim() === '' ? null : readNumber(e.target.value, locale, props.integer);
        const next = r?.ok === true ? r.value : undefined;
        setSeen(next);
        props.onChange(next);
      }}
      sx={{ width: 160 }}
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
export function RelativeInput<U extends RelativeUnit>(props: {
  amount: number;
  unit: U;
  onChange: (amount: number, unit: U) => void;
  disabled: boolean;
  error?: boolean;
  /** The units offered (calendar units by default; date-and-time fields add hours … milliseconds). */
  units?: readonly U[];
}) {
  const units = props.units ?? (DATE_UNITS as readonly RelativeUnit[] as readonly U[]);
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
        onChange={(e) => props.onChange(props.amount, e.target.value as U)}
        sx={{ width: 140 }}
      >
        {units.map((u) => (
          <MenuItem key={u} value={u}>
            {u}
          </MenuItem>
        ))}
      </TextField>
    </>
  );
}
