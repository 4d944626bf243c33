/**
 * Databases that cannot be opened, at start or when switching: a native dialog says what is wrong and
 * offers to open another database, create a new one, or quit (at start) / keep the current one. Every
 * failure ends in a choice, never in an unhandled rejection.
 */
import path from 'node:path';
import { DatabaseOpenError, toDatabaseOpenError, type DatabaseProblem } from '../backend/db/openCheck.js';
import type { Databases } from './databases.js';

export type FailureChoice = 'openAnother' | 'createNew' | 'quit';

/** The options of `dialog.showMessageBox` set here. */
export interface FailureBoxOptions {
  type: 'error';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

const HEADLINES: Record<DatabaseProblem, string> = {
  locked: 'is open in another Segment Studio',
  notSegmentStudio: 'is not a Segment Studio database',
  corrupt: 'is damaged',
  newerVersion: 'was made by a newer version of Segment Studio',
  unreadable: 'cannot be opened',
};

const ADVICE: Record<DatabaseProblem, string> = {
  locked: 'Close it there (or on the other computer) and try again, or open another database.',
  notSegmentStudio: 'Choose a database made by Segment Studio, or create a new one.',
  corrupt: 'Restore it from a backup, or create a new database and import your data again.',
  newerVersion: 'Update Segment Studio to open it, or open another database.',
  unreadable: 'Check that the file and its folder can be written, or open another database.',
};

/** The dialog for a failure; at start the last button quits, when switching it keeps the current database. */
export function failureBox(err: DatabaseOpenError, atStart: boolean): FailureBoxOptions {
  return {
    type: 'error',
    title: 'Segment Studio',
    message: `“${path.basename(err.file)}” ${HEADLINES[err.problem]}.`,
    detail: `${err.message}\n\n${ADVICE[err.problem]}`,
    buttons: ['Open Another Database…', 'Create New Database…', atStart ? 'Quit' : 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  };
}

/** The dialogs used here (electron's `dialog`, without a parent window). */
export interface RecoveryDialogs {
  showMessageBox(options: FailureBoxOptions): Promise<{ response: number }>;
  /** A database to open; null when cancelled. */
  pickExisting(): Promise<string | null>;
  /** Where to create a new database; null when cancelled. */
  pickNew(): Promise<string | null>;
}

const CHOICES: FailureChoice[] = ['openAnother', 'createNew', 'quit'];

interface RecoveryOptions {
  databases: Databases;
  dialogs: RecoveryDialogs;
  /** At start, giving up quits the app; when switching, the current database stays open. */
  atStart: boolean;
  log: (m: string) => void;
}

/**
 * Opens `first`; on failure shows the dialog and follows the user's choice until a database is open
 * (true) or the user gives up (false). Never rejects.
 */
export async function openWithRecovery(first: string, o: RecoveryOptions): Promise<boolean> {
  let next: string | null = first;
  while (next !== null) {
    try {
      await o.databases.switchTo(next);
      return true;
    } catch (err) {
      const failure = toDatabaseOpenError(err, next);
      o.log(`Database ${failure.file} failed to open (${failure.problem}): ${failure.message}`);
      // A file that is not ours, damaged or gone should not stay in Open Recent; a locked one may come back.
      if (failure.problem !== 'locked') o.databases.forgetRecent(failure.file);
      next = await chooseNext(failure, o);
    }
  }
  return false;
}

/** Asks until the user picks a file to try (a cancelled file dialog asks again) or gives up (null). */
async function chooseNext(failure: DatabaseOpenError, o: RecoveryOptions): Promise<string | null> {
  try {
    for (;;) {
      const choice = CHOICES[(await o.dialogs.showMessageBox(failureBox(failure, o.atStart))).response] ?? 'quit';
      if (choice === 'quit') return null;
      const picked = choice === 'openAnother' ? await o.dialogs.pickExisting() : await o.dialogs.pickNew();
      if (picked !== null) return picked;
    }
  } catch (err) {
    o.log(`A dialog failed while recovering from a database error: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}
