/**
 * RQB value editor for one rule: the input depends on the field's type and the operator's arity
 * (shared/segments/operators.ts). The RQB value is our rule payload ({values, amount, unit}).
 */
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ValueEditorProps } from 'react-querybuilder';
import { DATE_UNITS, RELATIVE_UNITS, type RelativeUnit, type RuleOperator, type RuleValue } from '../../../../shared/segments/ast';
import type { CatalogField } from '../../../../shared/models/catalog';
import { anniversaryUnit, operatorArity } from '../../../../shared/segments/operators';
import { EXPRESSION_OPERATORS } from '../../../../shared/segments/exprMatch';
import { CompareModeSelect, compareModeOf, FormulaInputs, OtherFieldInput } from './CompareWithInput';
import { fieldScope, normalizePayload, readPayload, unqualifyField, type RulePayload } from './astRqb';
import { builderContextOf } from './builderContext';
import { LookupInput } from './LookupInput';
import { readNumber, userLocale, writeNumber } from './localeNumber';
import { ChipsInput, DateInput, NumberInput, OptionsInput, RelativeInput } from './ValueInputs';

type Parsed = { ok: true; value: RuleValue } | { ok: false; message: string };
const parseText = (s: string): Parsed => ({ ok: true, value: s });
/** Numbers in the user's locale (localeNumber.ts): `1,000` is a thousand in en-US, refused in de-DE. */
const parseNumber =
  (integer: boolean) =>
  (s: string): Parsed =>
    readNumber(s, userLocale(), integer);
const formatNumber = (v: RuleValue): string => (typeof v === 'number' ? writeNumber(v, userLocale()) : String(v));

function SingleValue(props: {
  field: CatalogField;
  value: RuleValue | undefined;
  onChange: (v: RuleValue | undefined) => void;
  label: string;
  disabled: boolean;
  error: boolean;
}) {
  const { field, value } = props;
  if (field.type === 'integer' || field.type === 'decimal') {
    return (
      <NumberInput
        value={typeof value === 'number' ? value : undefined}
        integer={field.type === 'integer'}
        label={props.label}
        disabled={props.disabled}
        error={props.error}
        onChange={props.onChange}
      />
    );
  }
  if (field.type === 'date' || field.type === 'datetime') {
    return (
      <DateInput
        value={typeof value === 'string' ? value : undefined}
        withTime={field.type === 'datetime'}
        label={props.label}
        disabled={props.disabled}
        error={props.error}
        onChange={props.onChange}
      />
    );
  }
  return (
    <TextField
      size="small"
      value={value === undefined ? '' : String(value)}
      disabled={props.disabled}
      error={props.error}
      inputProps={{ 'aria-label': props.label }}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/**
 * The value editor of a row. Comparison rows (equals … greater than or equal to) also choose what they
 * compare with: a value, another field of the same record, or formulas (CompareWithInput.tsx).
 */
export function RuleValueEditor(props: ValueEditorProps) {
  const ctx = builderContextOf(props.context);
  const field = ctx.index.field(props.field);
  const op = props.operator as RuleOperator;
  if (!field || field.type === 'multichoice' || !EXPRESSION_OPERATORS.includes(op)) return <ValueOnlyEditor {...props} />;
  const payload = normalizePayload(op, readPayload(props.value));
  const disabled = props.disabled === true || ctx.readOnly;
  const error = (ctx.issues.get(props.rule.id ?? '')?.length ?? 0) > 0;
  const set = (p: RulePayload) => props.handleOnChange(p);
  const mode = compareModeOf(payload);
  const scope = fieldScope(props.field);
  const fields = ctx.index.fieldsOf(scope);
  return (
    // Wraps on narrow windows (320 px): the value box goes under the mode select instead of off-screen.
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="flex-start" sx={{ minWidth: 0 }}>
      <CompareModeSelect field={field} mode={mode} disabled={disabled} onChange={set} />
      {mode === 'value' && <ValueOnlyEditor {...props} />}
      {mode === 'field' && (
        <OtherFieldInput
          field={field}
          fields={fields}
          value={payload.right?.kind === 'field' ? payload.right.field : undefined}
          disabled={disabled}
          error={error}
          onChange={set}
        />
      )}
      {mode === 'formula' && (
        <FormulaInputs
          key={props.rule.id}
          field={field}
          payload={payload}
          catalog={ctx.index.catalog}
          scope={scope}
          fields={fields}
          disabled={disabled}
          onChange={set}
        />
      )}
    </Stack>
  );
}

function ValueOnlyEditor(props: ValueEditorProps) {
  const ctx = builderContextOf(props.context);
  const field = ctx.index.field(props.field);
  const op = props.operator as RuleOperator;
  const payload = normalizePayload(op, readPayload(props.value));
  const disabled = props.disabled === true || ctx.readOnly;
  const ruleId = props.rule.id ?? '';
  const error = (ctx.issues.get(ruleId)?.length ?? 0) > 0;
  const set = (p: RulePayload) => props.handleOnChange(p);
  if (!field) return null;
  const arity = operatorArity(op);
  const values = payload.values ?? [];

  switch (arity) {
    case 'none':
      return null;
    case 'relative': {
      // Anniversaries count in one fixed unit; date-and-time fields also offer hours … milliseconds.
      const fixed = anniversaryUnit(op);
      const units: readonly RelativeUnit[] = fixed ? [fixed] : field.type === 'datetime' ? RELATIVE_UNITS : DATE_UNITS;
      return (
        <Stack direction="row" spacing={1} alignItems="center">
          <RelativeInput
            amount={payload.amount ?? 30}
            unit={payload.unit ?? 'days'}
            units={units}
            disabled={disabled}
            error={error}
            onChange={(amount, unit) => set({ amount, unit })}
          />
          {op === 'ago' && <Typography variant="body2">ago</Typography>}
          {op === 'anniversaryInMonth' && <Typography variant="body2">from now (0 = this month, 1 = next month)</Typography>}
        </Stack>
      );
    }
    case 'one':
      return (
        <SingleValue
          field={field}
          value={values[0]}
          label="Value"
          disabled={disabled}
          error={error}
          onChange={(v) => set({ values: v === undefined ? [] : [v] })}
        />
      );
    case 'pair': {
      // Both ends are kept in place; a missing end stays '' so the validator can point at it.
      const pair = (low: RuleValue | undefined, high: RuleValue | undefined): RuleValue[] =>
        low === undefined && high === undefined ? [] : [low ?? '', high ?? ''];
      const low = values[0] === '' ? undefined : values[0];
      const high = values[1] === '' ? undefined : values[1];
      return (
        <Stack direction="row" spacing={1} alignItems="center">
          <SingleValue
            field={field}
            value={low}
            label="From"
            disabled={disabled}
            error={error}
            onChange={(v) => set({ values: pair(v, high) })}
          />
          <Typography variant="body2">and</Typography>
          <SingleValue
            field={field}
            value={high}
            label="To"
            disabled={disabled}
            error={error}
            onChange={(v) => set({ values: pair(low, v) })}
          />
        </Stack>
      );
    }
    case 'many':
      break;
  }

  switch (field.type) {
    case 'boolean':
      return (
        <TextField
          select
          size="small"
          value={values[0] === undefined ? '' : String(values[0])}
          disabled={disabled}
          error={error}
          inputProps={{ 'aria-label': 'Value' }}
          onChange={(e) => set({ values: [e.target.value === 'true'] })}
          sx={{ width: 120 }}
        >
          <MenuItem value="true">Yes</MenuItem>
          <MenuItem value="false">No</MenuItem>
        </TextField>
      );
    case 'choice':
    case 'multichoice':
      return (
        <OptionsInput
          values={values}
          options={field.options ?? []}
          label="Values"
          disabled={disabled}
          error={error}
          onChange={(v) => set({ values: v })}
        />
      );
    case 'date':
    case 'datetime':
      return (
        <SingleValue
          field={field}
          value={values[0]}
          label="Value"
          disabled={disabled}
          error={error}
          onChange={(v) => set({ values: v === undefined ? [] : [v] })}
        />
      );
    case 'integer':
    case 'decimal':
      return (
        <ChipsInput
          values={values}
          parse={parseNumber(field.type === 'integer')}
          format={formatNumber}
          label="Values"
          disabled={disabled}
          error={error}
          onChange={(v) => set({ values: v })}
        />
      );
    case 'lookup':
      // Picked by the referenced record's name; the stored values stay its keys (OR'ed like any values).
      if (!field.lookupEntity)
        return (
          <ChipsInput
            values={values}
            parse={parseText}
            label="Record key"
            disabled={disabled}
            error={error}
            onChange={(v) => set({ values: v })}
          />
        );
      return (
        <LookupInput
          entity={field.lookupEntity}
          entityLabel={ctx.index.scopeLabel(field.lookupEntity)}
          values={values}
          label={ctx.index.scopeLabel(field.lookupEntity)}
          disabled={disabled}
          error={error}
          onChange={(v) => set({ values: v })}
        />
      );
    case 'text': {
      // Existing values are offered for entity fields (not interaction fields: those rows filter events).
      const scope = fieldScope(props.field);
      const entity = ctx.suggestValues ? ctx.index.catalog.entities.find((e) => e.name.toLowerCase() === scope.toLowerCase()) : undefined;
      return (
        <ChipsInput
          values={values}
          parse={parseText}
          label="Values"
          disabled={disabled}
          error={error}
          onChange={(v) => set({ values: v })}
          {...(entity ? { suggestFrom: { entity: entity.name, field: unqualifyField(props.field) } } : {})}
        />
      );
    }
  }
}
