/**
 * Running exports by the id their caller chose, so that `exports.cancel` can stop one between two
 * batches. An export without an id cannot be cancelled (the CLI, scripts).
 */
import { ApiFailure } from '../../../../shared/api/result.js';

export class ExportJobs {
  private readonly running = new Map<string, AbortController>();

  /** Registers an export; `done` must be called when it ends (in a finally). */
  start(exportId: string | undefined): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    if (exportId === undefined) return { signal: controller.signal, done: () => undefined };
    if (this.running.has(exportId)) throw new ApiFailure('conflict', `An export with id "${exportId}" is already running.`);
    this.running.set(exportId, controller);
    return { signal: controller.signal, done: () => this.running.delete(exportId) };
  }

  /** Asks a running export to stop; false when none runs under that id (it may have finished). */
  cancel(exportId: string): boolean {
    const c = this.running.get(exportId);
    if (!c) return false;
    c.abort();
    return true;
  }
}
