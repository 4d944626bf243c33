/**
 * "Compare with" for comparison rows (equals … greater than or equal to): a value (the usual inputs),
 * another field of the same record of the same kind (`Last Visit` after `Created On`), or — on number
 * fields — a formula on each side (`lifetimevalue / 12` > `100`). The formulas use the query-text
 * syntax (shared/segments/exprText.ts) and land in the rule's `left` / `right`; see docs/semantics.md.
 */
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { Catalog, CatalogField } from '../../../../shared/models/catalog';
import type { ValueExpr } from '../../../../shared/segments/ast';
import { formulaText, parseFormula } from '../../../../shared/segments/exprText';
import type { RulePayload } from './astRqb';

export type CompareMode = 'value' | 'field' | 'formula';

/** Which mode a payload is in. */
export function compareModeOf(p: RulePayload): CompareMode {
  if (p.left || p.right?.kind === 'arith' || p.right?.kind === 'number') return 'formula';
  if (p.right?.kind === 'field') return 'field';
  return 'value';
}

const isNumber = (f: CatalogField): boolean => f.type === 'integer' || f.type === 'decimal';
const kindOf = (f: CatalogField): string => (isNumber(f) ? 'number' : f.type === 'lookup' ? `lookup:${f.lookupEntity ?? ''}` : f.type);

/** The mode picker; switching mode starts that mode's payload fresh. */
export function CompareModeSelect(props: {
  field: CatalogField;
  mode: CompareMode;
  disabled: boolean;
  onChange: (p: RulePayload) => void;
}) {
  return (
    <TextField
      select
      size="small"
      value={props.mode}
      disabled={props.disabled}
      inputProps={{ 'aria-label': 'Compare with' }}
      onChange={(e) => {
        const mode = e.target.value as CompareMode;
        if (mode === 'value') props.onChange({ values: [] });
        else if (mode === 'field') props.onChange({ right: { kind: 'field', field: props.field.name } });
        else props.onChange({ right: { kind: 'number', value: 0 } });
      }}
      sx={{ width: 130 }}
    >
      <MenuItem value="value">a value</MenuItem>
      <MenuItem value="field">another field</MenuItem>
      {isNumber(props.field) && <MenuItem value="formula">a formula</MenuItem>}
    </TextField>
  );
}

/** Picks the other field: same record, same kind (numbers with numbers, dates with dates …). */
export function OtherFieldInput(props: {
  field: CatalogField;
  fields: readonly CatalogField[];
  value: string | undefined;
  disabled: boolean;
  error: boolean;
  onChange: (p: RulePayload) => void;
}) {
  const same = props.fields.filter((f) => f.type !== 'multichoice' && kindOf(f) === kindOf(props.field));
  return (
    <TextField
      select
      size="small"
      value={same.some((f) => f.name === props.value) ? props.value : ''}
      disabled={props.disabled}
      error={props.error}
      inputProps={{ 'aria-label': 'Other field' }}
      onChange={(e) => props.onChange({ right: { kind: 'field', field: e.target.value } })}
      sx={{ minWidth: 160 }}
    >
      {same.map((f) => (
        <MenuItem key={f.name} value={f.name}>
          {f.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

function FormulaBox(props: {
  label: string;
  initial: string;
  catalog: Catalog;
  scope: string;
  fields: readonly CatalogField[];
  disabled: boolean;
  onValid: (e: ValueExpr) => void;
}) {
  const [text, setText] = useState(props.initial);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  return (
    <TextField
      size="small"
      value={text}
      disabled={props.disabled}
      error={problem !== undefined}
      helperText={problem}
      inputProps={{ 'aria-label': props.label }}
      placeholder={props.label}
      onChange={(e) => {
        setText(e.target.value);
        const r = parseFormula(e.target.value, props.catalog, props.scope, props.fields);
        setProblem(r.ok ? undefined : r.message);
        if (r.ok) props.onValid(r.expr);
      }}
      sx={{ minWidth: 180 }}
    />
  );
}

/** Formula on each side of the comparison: left reads the row's field, right a number or more arithmetic. */
export function FormulaInputs(props: {
  field: CatalogField;
  payload: RulePayload;
  catalog: Catalog;
  scope: string;
  fields: readonly CatalogField[];
  disabled: boolean;
  onChange: (p: RulePayload) => void;
}) {
  const { payload } = props;
  const left: ValueExpr = payload.left ?? { kind: 'field', field: props.field.name };
  const right: ValueExpr = payload.right ?? { kind: 'number', value: Number(payload.values?.[0] ?? 0) };
  const emit = (l: ValueExpr, r: ValueExpr): void => {
    const out: RulePayload = l.kind === 'arith' ? { left: l } : {};
    // A plain number on the right is the rule's value; anything else is an expression.
    if (r.kind === 'number' && l.kind === 'arith') out.values = [r.value];
    else out.right = r;
    props.onChange(out);
  };
  const common = { catalog: props.catalog, scope: props.scope, fields: props.fields, disabled: props.disabled };
  return (
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="flex-start" sx={{ minWidth: 0 }}>
      <FormulaBox {...common} label="Field formula" initial={formulaText(left, props.fields)} onValid={(l) => emit(l, right)} />
      <FormulaBox {...common} label="Compared formula" initial={formulaText(right, props.fields)} onValid={(r) => emit(left, r)} />
    </Stack>
  );
}
