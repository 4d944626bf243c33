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
import { useLayoutEffect, useRef, type FocusEvent, type ReactElement } from 'react';
import { commandLabel, commandStates, RECORD_COMMANDS, type CommandContext, type RecordCommand } from './commandRules';

const ICONS: Record<RecordCommand, ReactElement> = {
  save: <Save />,
  goLive: <PlayArrow />,
  stop: <StopCircleOutlined />,
  duplicate: <ContentCopy />,
  export: <FileDownloadOutlined />,
  delete: <DeleteOutline />,
};

/**
 * Focus as a rule (WCAG 2.4.3): a command that disables itself (Save once saved) would drop focus on the
 * page body; it moves to the next enabled command instead (after Save: Go live), else the record's heading.
 */
function useFocusNextCommand(states: ReturnType<typeof commandStates>, busy: boolean) {
  const bar = useRef<HTMLElement | null>(null);
  const last = useRef<RecordCommand | null>(null);
  useLayoutEffect(() => {
    const was = last.current;
    // While a command runs every command is disabled: wait for the outcome to know what comes next.
    if (!was || busy || states[was].enabled) return;
    const active = document.activeElement;
    if (active && active !== document.body && bar.current && !bar.current.contains(active)) return;
    last.current = null;
    const after = RECORD_COMMANDS.slice(RECORD_COMMANDS.indexOf(was) + 1).find((c) => states[c].enabled);
    const next = after ?? RECORD_COMMANDS.find((c) => states[c].enabled);
    const target = next ? bar.current?.querySelector<HTMLElement>(`[data-command="${next}"]`) : document.getElementById(RECORD_HEADING_ID);
    target?.focus();
  });
  return {
    bar,
    focused: (c: RecordCommand) => (last.current = c),
    // Focus moved on to something (a dialog, the builder): no longer ours to place. A blur with no next
    // element is the command being disabled or removed under it, which the effect above handles.
    blurred: (e: FocusEvent<HTMLElement>) => {
      if (e.relatedTarget) last.current = null;
    },
  };
}

/** Id of the record's h1 (focusable with tabIndex -1): where focus goes when nothing better is left. */
export const RECORD_HEADING_ID = 'record-heading';

export function CommandBar({ ctx, onCommand }: { ctx: CommandContext; onCommand: (c: RecordCommand) => void }) {
  const states = commandStates(ctx);
  const { bar, focused, blurred } = useFocusNextCommand(states, ctx.busy);
  return (
    <Paper
      ref={bar}
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
            onFocus={() => focused(c)}
            onBlur={blurred}
            data-command={c}
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
