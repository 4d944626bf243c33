import { describe, expect, it } from 'vitest';
import { commandLabel, commandStates, isEditable, type CommandContext } from './commandRules';

const ctx = (over: Partial<CommandContext>): CommandContext => ({ status: 'draft', type: 'dynamic', dirty: false, busy: false, ...over });
const enabled = (c: CommandContext) =>
  Object.entries(commandStates(c))
    .filter(([, s]) => s.enabled)
    .map(([k]) => k)
    .sort();

describe('record command rules', () => {
  it('a clean draft can go live, be duplicated, exported (as a segment file) and deleted, but has nothing to save or stop', () => {
    expect(enabled(ctx({}))).toEqual(['delete', 'duplicate', 'export', 'goLive']);
    const s = commandStates(ctx({}));
    expect(s.save).toEqual({ enabled: false, reason: 'There are no unsaved changes.' });
    expect(s.stop).toEqual({ enabled: false, reason: 'Only a live segment can be stopped.' });
  });

  it('a draft with changes can be saved and goes live through "Save and go live"; duplicating waits for a save', () => {
    const c = ctx({ dirty: true });
    expect(enabled(c)).toEqual(['delete', 'goLive', 'save']);
    expect(commandLabel('goLive', c)).toBe('Save and go live');
    expect(commandStates(c).duplicate).toMatchObject({ enabled: false });
  });

  it('a live segment can be stopped, exported, duplicated and deleted, never saved or taken live again', () => {
    const s = commandStates(ctx({ status: 'live' }));
    expect(enabled(ctx({ status: 'live' }))).toEqual(['delete', 'duplicate', 'export', 'stop']);
    expect(s.save).toEqual({ enabled: false, reason: 'A live segment is read-only. Stop it to make changes.' });
    expect(s.goLive).toEqual({ enabled: false, reason: 'The segment is already live.' });
  });

  it('a stopped segment can be edited, saved and taken live again', () => {
    expect(enabled(ctx({ status: 'stopped', dirty: true }))).toEqual(['delete', 'goLive', 'save']);
    expect(isEditable('stopped')).toBe(true);
  });

  it('while going live or stopping every command waits, with the reason', () => {
    for (const status of ['goingLive', 'stopping'] as const) {
      const s = commandStates(ctx({ status, dirty: true }));
      for (const state of Object.values(s)) expect(state.enabled).toBe(false);
    }
    expect(commandStates(ctx({ status: 'goingLive' })).delete).toEqual({
      enabled: false,
      reason: 'The segment is going live; wait until it is live.',
    });
    expect(commandStates(ctx({ status: 'stopping' })).stop).toEqual({
      enabled: false,
      reason: 'The segment is stopping; wait until it has stopped.',
    });
  });

  it('while a command runs, nothing else can start', () => {
    expect(enabled(ctx({ busy: true, dirty: true }))).toEqual([]);
  });

  it('drafts and stopped segments allow changes, live or transient ones none', () => {
    expect(isEditable('draft')).toBe(true);
    expect(isEditable('stopping')).toBe(false);
    expect(isEditable('live')).toBe(false);
    expect(isEditable('goingLive')).toBe(false);
  });
});
