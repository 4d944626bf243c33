/** The record's command bar: each button follows the lifecycle rules and says why when disabled. */
import ContentCopy from '@mui/icons-material/ContentCopy';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import PlayArrow from '@mui/icons-material/PlayArrow';
import Save from '@mui/icons-material/Save';
import StopCircleOutlined from '@mui/icons-material/StopCircleOutlined';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Tooltip from '@mui/material/Tooltip';
import type { ReactElement } from 'react';
import { commandLabel, commandStates, RECORD_COMMANDS, type CommandContext, type RecordCommand } from './commandRules';

const ICONS: Record<RecordCommand, ReactElement> = {
  save: <Save />,
  goLive: <PlayArrow />,
  stop: <StopCircleOutlined />,
  duplicate: <ContentCopy />,
  export: <FileDownloadOutlined />,
  delete: <DeleteOutline />,
};

export function CommandBar({ ctx, onCommand }: { ctx: CommandContext; onCommand: (c: RecordCommand) => void }) {
  const states = commandStates(ctx);
  return (
    <Paper
      variant="outlined"
      component="nav"
      aria-label="Segment commands"
      sx={{ display: 'flex', alignItems: 'center', gap: 0.5, px: 1, py: 0.5, flexWrap: 'wrap' }}
    >
      {RECORD_COMMANDS.map((c) => {
        const s = states[c];
        const button = (
          <Button
            startIcon={ICONS[c]}
            disabled={!s.enabled}
            color={c === 'delete' ? 'error' : 'primary'}
            variant={c === 'goLive' && s.enabled ? 'contained' : 'text'}
            onClick={() => onCommand(c)}
          >
            {commandLabel(c, ctx)}
          </Button>
        );
        return (
          <span key={c} style={{ display: 'contents' }}>
            {c === 'duplicate' && <Divider orientation="vertical" flexItem sx={{ mx: 0.5 }} />}
            {/* A disabled button fires no events, so the tooltip hangs on a wrapper that does. */}
            {s.enabled ? (
              button
            ) : (
              <Tooltip title={s.reason}>
                <span data-testid={`cmd-${c}-reason`} aria-label={s.reason}>
                  {button}
                </span>
              </Tooltip>
            )}
          </span>
        );
      })}
    </Paper>
  );
}
