/**
 * Quitting waits for the database: `before-quit` is held (preventDefault) until every backend has
 * closed (running imports stop after their batch, the live engine goes idle, the WAL is checkpointed),
 * then the app quits for real. macOS apps keep running with no window; the others quit with the last.
 */

/** The part of `app` used here. */
export interface QuitAppLike {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Holds the first quit until `closeAll` settles, then quits again. Later quit requests while closing
 * are held too (one close, one quit). A failing close is logged and the app still quits.
 */
export function holdQuitUntilClosed(app: QuitAppLike, closeAll: () => Promise<void>, log: (message: string) => void): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    log('Quitting: closing the database…');
    closeAll()
      .catch((err: unknown) =>
        log(`Closing the database failed while quitting: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
      )
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}

/** Whether closing the last window quits the app: not on macOS, where the app stays in the Dock. */
export function quitsWithLastWindow(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}
