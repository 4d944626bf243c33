/**
 * Native open/save dialogs for the renderer: `dialog:save` and `dialog:open` (channel names and request
 * types in shared/api/manifest.ts), shown on the window that asked, refused to foreign senders like the
 * API handlers. Chosen paths are remembered in {@link ChosenPaths}. Takes electron objects as
 * parameters so it runs (and is tested) under plain Node.
 */
import path from 'node:path';
import { z } from 'zod';
import { DIALOG_OPEN_CHANNEL, DIALOG_SAVE_CHANNEL } from '../../shared/api/manifest.js';
import { fail, ok, type ApiResult } from '../../shared/api/result.js';
import type { ChosenPaths } from './chosenPaths.js';
import type { InvokeEventLike, SenderCheck } from './ipc.js';

/** The options of `dialog.showSaveDialog` this module sets. */
export interface SaveOptions {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('createDirectory' | 'showOverwriteConfirmation')[];
}

/** The options of `dialog.showOpenDialog` this module sets. */
export interface OpenOptions {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('openFile' | 'multiSelections')[];
}

/** The part of electron's `dialog` this module uses; `W` is the BrowserWindow type. */
export interface DialogLike<W> {
  showSaveDialog(window: W, options: SaveOptions): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  showOpenDialog(window: W, options: OpenOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** The part of `ipcMain` this module uses (`E` is the invoke event type). */
export interface DialogIpcMainLike<E extends InvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface DialogHandlerOptions<E extends InvokeEventLike, W> {
  dialog: DialogLike<W>;
  /** The window whose page sent the request (BrowserWindow.fromWebContents(event.sender)). */
  windowOf: (event: E) => W | null;
  isTrustedSender: SenderCheck;
  chosen: ChosenPaths;
  /** The folder dialogs open in (the user's documents folder). */
  defaultDir: string;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const filters = z
  .array(
    z.strictObject({
      name: text(100),
      extensions: z
        .array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/, 'An extension is letters and digits, without a dot'))
        .min(1)
        .max(20),
    }),
  )
  .max(20);
// A bare file name: the renderer suggests a name, never a folder.
const fileName = z
  .string()
  .max(255)
  .refine((s) => s === path.basename(s) && !/[\\/]/.test(s) && s !== '.' && s !== '..', 'A file name without folders');

// The shapes of SaveDialogRequest / OpenDialogRequest (shared/api/manifest.ts), checked here in main.
const saveRequest = z.strictObject({ title: text(200), defaultPath: fileName.optional(), filters: filters.optional() });
const openRequest = z.strictObject({ title: text(200), filters: filters.optional(), multi: z.boolean().optional() });

function invalid(error: z.ZodError): ApiResult<never> {
  return fail(
    'invalid_input',
    'The dialog request is not valid.',
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/**
 * Registers the two dialog handlers. Returns a function that removes them. A cancelled dialog answers
 * `null` (save) or `[]` (open); a dialog that fails answers an `internal` error.
 */
export function registerDialogHandlers<E extends InvokeEventLike, W>(
  ipcMain: DialogIpcMainLike<E>,
  o: DialogHandlerOptions<E, W>,
): () => void {
  const guard = (channel: string, event: E): { window: W } | ApiResult<never> => {
    if (!o.isTrustedSender(event))
      return fail('forbidden', `${channel} was called from a page that is not Segment Studio (${event.senderFrame?.url ?? 'no frame'}).`);
    const window = o.windowOf(event);
    if (window === null) return fail('forbidden', `${channel} was called from no window of Segment Studio.`);
    return { window };
  };

  ipcMain.handle(DIALOG_SAVE_CHANNEL, async (event, input): Promise<ApiResult<string | null>> => {
    const g = guard(DIALOG_SAVE_CHANNEL, event);
    if ('ok' in g) return g;
    const request = saveRequest.safeParse(input);
    if (!request.success) return invalid(request.error);
    const { title, defaultPath, filters: f = [] } = request.data;
    try {
      const answer = await o.dialog.showSaveDialog(g.window, {
        title,
        defaultPath: path.join(o.defaultDir, defaultPath ?? ''),
        filters: f,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (answer.canceled || !answer.filePath) return ok(null);
      o.chosen.add('write', [answer.filePath]);
      return ok(answer.filePath);
    } catch (err) {
      return fail('internal', `The save dialog failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });

  ipcMain.handle(DIALOG_OPEN_CHANNEL, async (event, input): Promise<ApiResult<string[]>> => {
    const g = guard(DIALOG_OPEN_CHANNEL, event);
    if ('ok' in g) return g;
    const request = openRequest.safeParse(input);
    if (!request.success) return invalid(request.error);
    const { title, filters: f = [], multi = false } = request.data;
    try {
      const answer = await o.dialog.showOpenDialog(g.window, {
        title,
        defaultPath: o.defaultDir,
        filters: f,
        properties: multi ? ['openFile', 'multiSelections'] : ['openFile'],
      });
      if (answer.canceled) return ok([]);
      o.chosen.add('read', answer.filePaths);
      return ok(answer.filePaths);
    } catch (err) {
      return fail('internal', `The open dialog failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });

  return () => {
    ipcMain.removeHandler(DIALOG_SAVE_CHANNEL);
    ipcMain.removeHandler(DIALOG_OPEN_CHANNEL);
  };
}
