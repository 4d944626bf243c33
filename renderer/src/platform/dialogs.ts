/**
 * Native file dialogs, when the host has them (the Electron app, through the preload bridge). The
 * browser preview has none: features then use a file input and downloads instead.
 */
import type { OpenDialogRequest, SaveDialogRequest } from '../../../shared/api/manifest';
import type { ApiResult } from '../../../shared/api/result';

/** What the preload adds to `window.bridge` in the desktop app (electron/preload/bridge.ts). */
export interface DialogBridge {
  saveDialog(request: SaveDialogRequest): Promise<unknown>;
  openDialog(request: OpenDialogRequest): Promise<unknown>;
}

/** Native dialogs as features use them. Each rejects with a readable Error when the host refuses. */
export interface PlatformDialogs {
  /** Asks where to save; resolves the chosen path, or null when the user cancels. */
  save(request: SaveDialogRequest): Promise<string | null>;
  /** Asks for files to open; resolves the chosen paths, [] when the user cancels. */
  open(request: OpenDialogRequest): Promise<string[]>;
}

function unwrap<T>(answer: unknown, isValue: (v: unknown) => v is T): T {
  const r = answer as ApiResult<unknown> | null;
  if (r && typeof r === 'object' && r.ok === true && isValue(r.value)) return r.value;
  if (r && typeof r === 'object' && r.ok === false) throw new Error(r.error.message);
  throw new Error('The file dialog gave no answer.');
}

const isPathOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isPaths = (v: unknown): v is string[] => Array.isArray(v) && v.every((p) => typeof p === 'string');

/** Dialogs over the preload bridge. */
export function bridgeDialogs(bridge: DialogBridge): PlatformDialogs {
  return {
    save: async (request) => unwrap(await bridge.saveDialog(request), isPathOrNull),
    open: async (request) => unwrap(await bridge.openDialog(request), isPaths),
  };
}

/** The file name part of a path (either separator). */
export function baseName(p: string): string {
  return p.replace(/^.*[\\/]/, '');
}
