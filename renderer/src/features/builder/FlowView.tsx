/**
 * The flow view (spec F8/F12): blocks combined strictly left to right, each step showing the block's
 * own count and the count of the result after combining it.
 */
import ArrowForward from '@mui/icons-material/ArrowForward';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Fragment } from 'react';
import type { SetOperator } from '../../../../shared/segments/ast';
import { SET_OPERATOR_LABELS } from './blockText';

export interface FlowStep {
  blockId: string;
  combine: SetOperator;
  summary: string;
  /** Contacts in the result after this step. */
  resultSize: number | undefined;
}

const fmt = new Intl.NumberFormat();
const show = (n: number | undefined) => (n === undefined ? '…' : fmt.format(n));

export function FlowView({ steps, estimated }: { steps: FlowStep[]; estimated: boolean }) {
  if (steps.length === 0) return null;
  return (
    <Box role="figure" aria-label="Flow view" sx={{ overflowX: 'auto', py: 1 }}>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ minWidth: 'min-content' }}>
        {steps.map((s, i) => (
          <Fragment key={s.blockId}>
            {i > 0 && (
              <Stack alignItems="center" spacing={0.5} sx={{ px: 0.5 }}>
                <Chip
                  size="small"
                  color={s.combine === 'except' ? 'warning' : s.combine === 'intersect' ? 'info' : 'default'}
                  label={SET_OPERATOR_LABELS[s.combine].label}
                />
                <ArrowForward fontSize="small" color="action" />
              </Stack>
            )}
            <Paper variant="outlined" data-testid="flow-step" sx={{ p: 1, minWidth: 150, maxWidth: 220 }}>
              <Typography variant="caption" color="text.secondary">
                {i + 1}. {s.summary}
              </Typography>
              <Typography variant="subtitle2" data-testid="flow-result">
                {i === 0 ? '' : '= '}
                {show(s.resultSize)}
                {s.resultSize !== undefined && estimated ? ' estimated' : ''}
              </Typography>
            </Paper>
          </Fragment>
        ))}
      </Stack>
    </Box>
  );
}
