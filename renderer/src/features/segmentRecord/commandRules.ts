/**
 * Which record commands are allowed, and why not: the lifecycle of spec F3 as seen from the command
 * bar. Pure so the rules are tested without rendering; the command bar only shows the result.
 */
import type { SegmentStatus, SegmentType } from '../../../../shared/models/segment';

export const RECORD_COMMANDS = ['save', 'goLive', 'stop', 'duplicate', 'export', 'delete'] as const;
export type RecordCommand = (typeof RECORD_COMMANDS)[number];

/** Enabled, or disabled with the reason shown as the button's tooltip. */
export type CommandState = { enabled: true } | { enabled: false; reason: string };

export interface CommandContext {
  status: SegmentStatus;
  type: SegmentType;
  /** The form or definition has unsaved changes. */
  dirty: boolean;
  /** A command of this record is running (saving, going live, stopping, deleting). */
  busy: boolean;
}

const on: CommandState = { enabled: true };
const off = (reason: string): CommandState => ({ enabled: false, reason });

function transientReason(status: SegmentStatus): string | null {
  if (status === 'goingLive') return 'The segment is going live; wait until it is live.';
  if (status === 'stopping') return 'The segment is stopping; wait until it has stopped.';
  return null;
}

/**
 * Whether the segment's fields (name, description, owner, time zone, definition) can be edited: in
 * draft and stopped, never while live or in transition. Stopping a segment to edit it is the point.
 */
export function isEditable(status: SegmentStatus): boolean {
  return status === 'draft' || status === 'stopped';
}

export function commandStates(ctx: CommandContext): Record<RecordCommand, CommandState> {
  const transient = transientReason(ctx.status);
  const busy = ctx.busy ? off('Please wait until the current action finishes.') : null;
  const blocked = busy ?? (transient ? off(transient) : null);

  const save =
    blocked ??
    (ctx.status === 'live'
      ? off('A live segment is read-only. Stop it to make changes.')
      : !ctx.dirty
        ? off('There are no unsaved changes.')
        : on);

  const goLive = blocked ?? (ctx.status === 'live' ? off('The segment is already live.') : on);

  const stop = blocked ?? (ctx.status === 'live' ? on : off('Only a live segment can be stopped.'));

  const duplicate = blocked ?? (ctx.dirty ? off('Save or discard your changes first; the copy is made from the saved segment.') : on);

  // Any saved segment can be exported as a segment file; the dialog offers members (CSV) only when live.
  const exportMembers = blocked ?? (ctx.dirty ? off('Save or discard your changes first; the file is made from the saved segment.') : on);

  const del = blocked ?? on;

  return { save, goLive, stop, duplicate, export: exportMembers, delete: del };
}

/** Button labels; Go live says it saves first when there are unsaved changes. */
export function commandLabel(command: RecordCommand, ctx: Pick<CommandContext, 'dirty' | 'status'>): string {
  switch (command) {
    case 'save':
      return 'Save';
    case 'goLive':
      return ctx.dirty ? 'Save and go live' : 'Go live';
    case 'stop':
      return 'Stop';
    case 'duplicate':
      return 'Duplicate';
    case 'export':
      return 'Export';
    case 'delete':
      return 'Delete';
  }
}
