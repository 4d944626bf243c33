/** One block of a dynamic or compound definition: how it combines, its editor, move and remove. */
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { SET_OPERATORS, type Block, type SetOperator } from '../../../../shared/segments/ast';
import { blockKindLabel, SET_OPERATOR_LABELS } from './blockText';

export interface BlockCardProps {
  block: Block;
  position: number;
  count: number;
  readOnly: boolean;
  /** Contacts after this step, when known. */
  resultSize: number | undefined;
  onCombine: (op: SetOperator) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  children: ReactNode;
}

const fmt = new Intl.NumberFormat();

export function BlockCard({ block, position, count, readOnly, resultSize, onCombine, onMove, onRemove, children }: BlockCardProps) {
  return (
    <Box>
      {position > 0 && (
        <Stack direction="row" spacing={1} alignItems="center" sx={{ my: 1, ml: 2 }}>
          <TextField
            select
            size="small"
            label="Combine with the result so far"
            value={block.combine}
            disabled={readOnly}
            onChange={(e) => onCombine(e.target.value as SetOperator)}
            sx={{ minWidth: 300 }}
          >
            {SET_OPERATORS.map((op) => (
              <MenuItem key={op} value={op}>
                {SET_OPERATOR_LABELS[op].label} ({SET_OPERATOR_LABELS[op].hint})
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      )}
      <Paper variant="outlined" data-block-id={block.id} aria-label={`Block ${position + 1}`} role="region" sx={{ p: 1.5 }}>
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
          <Chip size="small" color="primary" label={position + 1} />
          <Typography variant="subtitle1" sx={{ flexGrow: 1 }}>
            {position === 0 ? 'Start with: ' : ''}
            {blockKindLabel(block.kind)}
          </Typography>
          {resultSize !== undefined && <Chip size="small" variant="outlined" label={`${fmt.format(resultSize)} after this step`} />}
          {!readOnly && (
            <>
              <Tooltip title="Move up">
                <span>
                  <IconButton
                    size="small"
                    aria-label={`Move block ${position + 1} up`}
                    disabled={position === 0}
                    onClick={() => onMove(-1)}
                  >
                    <ArrowUpward fontSize="small" />
                  </IconButton>
                </span>
              </Tooltip>
              <Tooltip title="Move down">
                <span>
                  <IconButton
                    size="small"
                    aria-label={`Move block ${position + 1} down`}
                    disabled={position === count - 1}
                    onClick={() => onMove(1)}
                  >
                    <ArrowDownward fontSize="small" />
                  </IconButton>
                </span>
              </Tooltip>
              <Tooltip title="Remove block">
                <IconButton size="small" aria-label={`Remove block ${position + 1}`} onClick={onRemove}>
                  <DeleteOutline fontSize="small" />
                </IconButton>
              </Tooltip>
            </>
          )}
        </Stack>
        {children}
      </Paper>
    </Box>
  );
}
