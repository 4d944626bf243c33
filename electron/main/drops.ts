/**
 * Files dropped on the window. The page cannot name a path itself: the preload takes the paths with
 * `webUtils.getPathForFile` in its own listener of trusted drop events (a page-made File has no path)
 * and sends them on {@link DROP_FILES_CHANNEL}; here main accepts them only from the app's own page,
 * only as a short list of absolute paths, and hands them to the {@link OsFileRouter}, which checks each
 * file and trusts it for reading.
 */
import path from 'node:path';
import { z } from 'zod';
import { DROP_FILES_CHANNEL } from '../../shared/api/manifest.js';
import type { InvokeEventLike, SenderCheck } from './ipc.js';
import type { OsFileRouter } from './osFiles.js';

/** The part of `ipcMain` used here (one-way messages). */
export interface DropIpcMainLike {
  on(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => void): unknown;
}

const droppedPaths = z
  .array(
    z
      .string()
      .min(1)
      .max(4096)
      .refine((p) => path.isAbsolute(p), 'An absolute path'),
  )
  .min(1)
  .max(20);

/** Listens for dropped paths; returns the function that stops listening. */
export function registerDropHandler(
  ipcMain: DropIpcMainLike,
  o: { isTrustedSender: SenderCheck; router: OsFileRouter; log: (message: string) => void },
): () => void {
  const listener = (event: InvokeEventLike, input: unknown) => {
    if (!o.isTrustedSender(event))
      return o.log(`Refused dropped files from a page that is not Segment Studio (${event.senderFrame?.url ?? 'no frame'}).`);
    const parsed = droppedPaths.safeParse(input);
    if (!parsed.success) return o.log(`Refused a drop message that is not a list of file paths: ${parsed.error.issues[0]?.message ?? ''}`);
    for (const p of parsed.data) o.router.open(p, 'drop');
  };
  ipcMain.on(DROP_FILES_CHANNEL, listener);
  return () => ipcMain.removeListener(DROP_FILES_CHANNEL, listener);
}
