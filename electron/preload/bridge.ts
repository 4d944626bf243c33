/**
 * The bridge the preload exposes as `window.bridge`: `invoke` and `subscribe`, allow-listed by the
 * API manifest, and the two native file dialogs (each bound to its one fixed channel). Takes
 * `ipcRenderer` as a parameter so it is tested under plain Node.
 */
import { DIALOG_OPEN_CHANNEL, DIALOG_SAVE_CHANNEL, IPC_EVENT_CHANNEL, isEventName, isMethodName } from '../../shared/api/manifest.js';

/** The part of `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** What the renderer sees as `window.bridge` (same shape as shared/api/client's ApiTransport). */
export interface Bridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  /** Native save dialog (a SaveDialogRequest); main validates it and answers ApiResult<string | null>. */
  saveDialog(request: unknown): Promise<unknown>;
  /** Native open dialog (an OpenDialogRequest); main validates it and answers ApiResult<string[]>. */
  openDialog(request: unknown): Promise<unknown>;
}

export function makeBridge(ipcRenderer: IpcRendererLike): Bridge {
  return Object.freeze({
    invoke(channel: string, input: unknown): Promise<unknown> {
      // A value, like every other API error; the channel never reaches ipcRenderer.
      if (!isMethodName(channel))
        return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `"${String(channel)}" is not an API method.` } });
      return ipcRenderer.invoke(channel, input);
    },
    subscribe(event: string, listener: (payload: unknown) => void): () => void {
      if (!isEventName(event)) throw new Error(`"${String(event)}" is not an API event.`);
      if (typeof listener !== 'function') throw new Error('subscribe needs a listener function.');
      // The IpcRendererEvent (with `sender`) is never handed to the page, only the payload.
      const onMessage = (_e: unknown, message: unknown) => {
        if (typeof message === 'object' && message !== null && (message as { event?: unknown }).event === event) {
          listener((message as { payload?: unknown }).payload);
        }
      };
      ipcRenderer.on(IPC_EVENT_CHANNEL, onMessage);
      return () => {
        ipcRenderer.removeListener(IPC_EVENT_CHANNEL, onMessage);
      };
    },
    // Only the request object crosses; the channel is fixed here, so the page cannot pick another.
    saveDialog(request: unknown): Promise<unknown> {
      return ipcRenderer.invoke(DIALOG_SAVE_CHANNEL, request);
    },
    openDialog(request: unknown): Promise<unknown> {
      return ipcRenderer.invoke(DIALOG_OPEN_CHANNEL, request);
    },
  });
}

/** The part of `contextBridge` the preload uses. */
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export function exposeBridge(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): void {
  contextBridge.exposeInMainWorld('bridge', makeBridge(ipcRenderer));
}
