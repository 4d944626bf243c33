/**
 * An interaction (behavioural) block: which interaction, how many (count condition), within which
 * window, an optional aggregate over a numeric field, and restrictions on the interaction's own
 * fields with a restricted builder (no text matching, no relative dates, no related entities: F9).
 */
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import {
  AGGREGATE_FUNCTIONS,
  COMPARISON_OPERATORS,
  COUNT_OPERATORS,
  type AggregateFunction,
  type ComparisonOperator,
  type CountOperator,
  type GroupNode,
  type InteractionBlock,
  type InteractionWindow,
} from '../../../../shared/segments/ast';
import type { CatalogIndex } from './catalogIndex';
import { ConditionBuilder } from './ConditionBuilder';
import { newId } from './newId';
import { NumberInput, RelativeInput } from './ValueInputs';

export const COUNT_LABELS: Record<CountOperator, string> = {
  atLeast: 'at least',
  exactly: 'exactly',
  moreThan: 'more than',
  fewerThan: 'fewer than',
};
const AGGREGATE_LABELS: Record<AggregateFunction, string> = { sum: 'Sum', avg: 'Average', min: 'Minimum', max: 'Maximum' };
const COMPARISON_LABELS: Record<ComparisonOperator, string> = { eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥' };

export interface InteractionBlockEditorProps {
  block: InteractionBlock;
  onChange: (block: InteractionBlock) => void;
  index: CatalogIndex;
  issues: ReadonlyMap<string, readonly string[]>;
  readOnly: boolean;
}

export function InteractionBlockEditor({ block, onChange, index, issues, readOnly }: InteractionBlockEditorProps) {
  // An absent filter is shown as an empty group; it is written back only once it has rows.
  const [emptyFilter] = useState<GroupNode>(() => ({ kind: 'group', id: newId('f'), combinator: 'and', children: [] }));
  const types = index.catalog.interactionTypes;
  const numericFields = index.fieldsOf(block.interactionType).filter((f) => f.type === 'integer' || f.type === 'decimal');
  const set = (patch: Partial<InteractionBlock>) => onChange({ ...block, ...patch });
  const blockIssues = issues.get(block.id);

  // Setting the window fills a template's time-window parameter (ast.ts TemplateParameter).
  const setWindow = (w: InteractionWindow) => {
    const next: InteractionBlock = { ...block, window: w };
    delete next.parameter;
    onChange(next);
  };
  const setFilter = (filter: GroupNode) => {
    const next: InteractionBlock = { ...block };
    if (filter.children.length === 0 && !block.filter) delete next.filter;
    else next.filter = filter;
    onChange(next);
  };

  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        <Typography variant="body2">Contacts with</Typography>
        <TextField
          select
          size="small"
          label="Count"
          value={block.count.op}
          disabled={readOnly}
          onChange={(e) => set({ count: { ...block.count, op: e.target.value as CountOperator } })}
          sx={{ width: 130 }}
        >
          {COUNT_OPERATORS.map((op) => (
            <MenuItem key={op} value={op}>
              {COUNT_LABELS[op]}
            </MenuItem>
          ))}
        </TextField>
        <NumberInput
          value={block.count.value}
          integer
          label="Number of interactions"
          disabled={readOnly}
          onChange={(n) => set({ count: { ...block.count, value: n ?? 0 } })}
        />
        <TextField
          select
          size="small"
          label="Interaction"
          value={types.some((t) => t.name === block.interactionType) ? block.interactionType : ''}
          disabled={readOnly}
          onChange={(e) => {
            // Filters and aggregates name the old type's fields; they do not carry over.
            const next: InteractionBlock = { ...block, interactionType: e.target.value };
            delete next.filter;
            delete next.aggregate;
            onChange(next);
          }}
          sx={{ minWidth: 220 }}
        >
          {types.map((t) => (
            <MenuItem key={t.name} value={t.name}>
              {t.label}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2">interactions</Typography>
        <TextField
          select
          size="small"
          label="Window"
          value={block.window.kind}
          disabled={readOnly}
          onChange={(e) => setWindow(e.target.value === 'lifetime' ? { kind: 'lifetime' } : { kind: 'last', amount: 30, unit: 'days' })}
          sx={{ width: 150 }}
        >
          <MenuItem value="lifetime">ever</MenuItem>
          <MenuItem value="last">in the last</MenuItem>
        </TextField>
        {block.window.kind === 'last' && (
          <RelativeInput
            amount={block.window.amount}
            unit={block.window.unit}
            disabled={readOnly}
            onChange={(amount, unit) => setWindow({ kind: 'last', amount, unit })}
          />
        )}
        {block.parameter && block.window.kind === 'last' && !readOnly && (
          <Button size="small" variant="outlined" onClick={() => setWindow({ ...block.window })}>
            Use {block.window.amount} {block.window.unit}
          </Button>
        )}
      </Stack>
      {block.parameter && (
        <Typography variant="body2">
          <strong>Parameter:</strong> {block.parameter.help} Set the window to fill it in.
        </Typography>
      )}
      {numericFields.length > 0 && (
        <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
          <FormControlLabel
            control={
              <Checkbox
                checked={block.aggregate !== undefined}
                disabled={readOnly}
                onChange={(e) => {
                  const next: InteractionBlock = { ...block };
                  if (e.target.checked) next.aggregate = { fn: 'sum', field: numericFields[0]?.name ?? '', op: 'ge', value: 0 };
                  else delete next.aggregate;
                  onChange(next);
                }}
              />
            }
            label="and their"
          />
          {block.aggregate && (
            <>
              <TextField
                select
                size="small"
                label="Aggregate"
                value={block.aggregate.fn}
                disabled={readOnly}
                onChange={(e) => block.aggregate && set({ aggregate: { ...block.aggregate, fn: e.target.value as AggregateFunction } })}
                sx={{ width: 130 }}
              >
                {AGGREGATE_FUNCTIONS.map((fn) => (
                  <MenuItem key={fn} value={fn}>
                    {AGGREGATE_LABELS[fn]}
                  </MenuItem>
                ))}
              </TextField>
              <Typography variant="body2">of</Typography>
              <TextField
                select
                size="small"
                label="Field"
                value={block.aggregate.field}
                disabled={readOnly}
                onChange={(e) => block.aggregate && set({ aggregate: { ...block.aggregate, field: e.target.value } })}
                sx={{ minWidth: 160 }}
              >
                {numericFields.map((f) => (
                  <MenuItem key={f.name} value={f.name}>
                    {f.label}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                select
                size="small"
                label="is"
                value={block.aggregate.op}
                disabled={readOnly}
                onChange={(e) => block.aggregate && set({ aggregate: { ...block.aggregate, op: e.target.value as ComparisonOperator } })}
                sx={{ width: 80 }}
              >
                {COMPARISON_OPERATORS.map((op) => (
                  <MenuItem key={op} value={op}>
                    {COMPARISON_LABELS[op]}
                  </MenuItem>
                ))}
              </TextField>
              <NumberInput
                value={block.aggregate.value}
                integer={false}
                label="Aggregate value"
                disabled={readOnly}
                onChange={(n) => block.aggregate && set({ aggregate: { ...block.aggregate, value: n ?? 0 } })}
              />
            </>
          )}
        </Stack>
      )}
      {blockIssues && (
        <Box role="alert" sx={{ color: 'error.main', fontSize: 13 }}>
          {blockIssues.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </Box>
      )}
      {block.interactionType && (
        <Box>
          <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
            Only interactions where
          </Typography>
          <ConditionBuilder
            key={block.interactionType}
            root={block.filter ?? emptyFilter}
            onChange={setFilter}
            index={index}
            scope={block.interactionType}
            restricted
            issues={issues}
            readOnly={readOnly}
          />
        </Box>
      )}
    </Stack>
  );
}
