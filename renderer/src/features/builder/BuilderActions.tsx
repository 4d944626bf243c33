/**
 * Light controls for the builder. Quiet action controls for the builder: icon buttons for remove / clone / move, small outlined
 * buttons for the add actions (the MUI compat's contained buttons repeated on 500 rows shout).
 */
import Add from '@mui/icons-material/Add';
import Close from '@mui/icons-material/Close';
import ContentCopy from '@mui/icons-material/ContentCopy';
import KeyboardArrowDown from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUp from '@mui/icons-material/KeyboardArrowUp';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import type { ReactElement } from 'react';
import NativeSelect from '@mui/material/NativeSelect';
import type { ActionProps, OperatorSelectorProps, ShiftActionsProps } from 'react-querybuilder';
import { builderContextOf } from './builderContext';
import { nodeName } from './nodeNames';

/** "Remove rule City equals Seattle": the action's verb and the row it acts on (WCAG 2.4.6). */
function actionName(props: ActionProps | ShiftActionsProps, verb: string, suffix = ''): string {
  return `${verb} ${nodeName(props.ruleOrGroup, props.path, builderContextOf(props.context))}${suffix}`;
}

function verbOf(className: string | undefined): string {
  return /clone/i.test(className ?? '') ? 'Copy' : 'Remove';
}

function iconFor(className: string | undefined): ReactElement | null {
  const c = className ?? '';
  if (/remove/i.test(c)) return <Close fontSize="small" />;
  if (/clone/i.test(c)) return <ContentCopy fontSize="small" />;
  return null;
}

export function ActionButton(props: ActionProps) {
  // A read-only builder shows no actions at all rather than a row of greyed-out buttons.
  if (props.disabled) return null;
  const icon = iconFor(props.className);
  if (icon) {
    return (
      <IconButton
        size="small"
        className={props.className}
        title={props.title}
        aria-label={actionName(props, verbOf(props.className))}
        onClick={(e) => props.handleOnClick(e)}
      >
        {icon}
      </IconButton>
    );
  }
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<Add />}
      className={props.className}
      title={props.title}
      onClick={(e) => props.handleOnClick(e)}
    >
      {props.label}
    </Button>
  );
}

/** WCAG 2.2 2.5.8: pointer targets at least 24 × 24 CSS px (they were 18.6 px stacked in a column). */
const TARGET_24 = { p: 0, width: 24, height: 24 } as const;

export function ShiftButtons(props: ShiftActionsProps) {
  if (props.disabled) return null;
  return (
    <span className={props.className} style={{ display: 'inline-flex' }}>
      <IconButton
        size="small"
        sx={TARGET_24}
        aria-label={actionName(props, 'Move', ' up')}
        title={props.titles?.shiftUp}
        disabled={props.shiftUpDisabled === true}
        onClick={props.shiftUp}
      >
        <KeyboardArrowUp fontSize="small" />
      </IconButton>
      <IconButton
        size="small"
        sx={TARGET_24}
        aria-label={actionName(props, 'Move', ' down')}
        title={props.titles?.shiftDown}
        disabled={props.shiftDownDisabled === true}
        onClick={props.shiftDown}
      >
        <KeyboardArrowDown fontSize="small" />
      </IconButton>
    </span>
  );
}

/**
 * The operator of a row as a native select: opens instantly and mounts cheaply, which matters when
 * a definition has hundreds of rows.
 */
export function OperatorSelect(props: OperatorSelectorProps) {
  return (
    <NativeSelect
      value={props.value ?? ''}
      disabled={props.disabled === true}
      onChange={(e) => props.handleOnChange(e.target.value)}
      inputProps={{ 'aria-label': 'Operator', title: props.title }}
      sx={{ minWidth: 150 }}
    >
      {props.options.map((o) =>
        'name' in o ? (
          <option key={o.name} value={o.name}>
            {o.label}
          </option>
        ) : null,
      )}
    </NativeSelect>
  );
}
