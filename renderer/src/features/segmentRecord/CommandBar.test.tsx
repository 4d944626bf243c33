// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandBar, RECORD_HEADING_ID } from './CommandBar';
import type { CommandContext } from './commandRules';

afterEach(cleanup);

function Record({ ctx }: { ctx: CommandContext }) {
  return (
    <>
      <h1 id={RECORD_HEADING_ID} tabIndex={-1}>
        Seattle
      </h1>
      <CommandBar ctx={ctx} onCommand={() => undefined} />
      <input aria-label="Elsewhere" />
    </>
  );
}

const draft = (p: Partial<CommandContext>): CommandContext => ({ status: 'draft', type: 'dynamic', dirty: false, busy: false, ...p });

describe('command bar focus', () => {
  it('after Save disables itself, focus goes to the next command (Go live), not the page body', async () => {
    const { rerender } = render(<Record ctx={draft({ dirty: true })} />);
    const save = screen.getByRole('button', { name: 'Save' });
    save.focus();
    // Saving: every command is disabled for a moment; focus waits for the outcome.
    rerender(<Record ctx={draft({ dirty: true, busy: true })} />);
    expect(document.activeElement).toBe(document.body);
    rerender(<Record ctx={draft({ dirty: false })} />);
    expect(screen.getByRole('button', { name: 'Go live' })).toHaveFocus();
  });

  it('does not take focus back once the user has moved on', async () => {
    const { rerender } = render(<Record ctx={draft({ dirty: true })} />);
    screen.getByRole('button', { name: 'Save' }).focus();
    await userEvent.click(screen.getByRole('textbox', { name: 'Elsewhere' }));
    rerender(<Record ctx={draft({ dirty: false })} />);
    expect(screen.getByRole('textbox', { name: 'Elsewhere' })).toHaveFocus();
  });

  it('with no enabled command left, focus goes to the record heading', () => {
    const { rerender } = render(<Record ctx={draft({ dirty: true })} />);
    screen.getByRole('button', { name: 'Save' }).focus();
    rerender(<Record ctx={{ status: 'goingLive', type: 'dynamic', dirty: false, busy: false }} />);
    expect(screen.getByRole('heading', { name: 'Seattle' })).toHaveFocus();
  });
});
