/**
 * The bridge the preload exposes as `window.bridge`: `invoke` and `subscribe`, allow-listed by the
 * API manifest. Takes `ipcRenderer` as a parameter so it is tested under plain Node.
 */
import { IPC_EVENT_CHANNEL, isEventName, isMethodName } from '../../shared/api/manifest.js';

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
}

export function makeBridge(ipcRenderer: IpcRendererLike): Bridge {
  return Object.freeze({
    invoke(channel: string, input: unknown): Promise<unknown> {
      // A value, like every other API error; the channel never reaches ipcRenderer.
      if (!isMethodName(channel)) return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `"${String(channel)}" is not an API method.` } });
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
  });
}

/** The part of `contextBridge` the preload uses. */
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export function exposeBridge(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): void {
  contextBridge.exposeInMainWorld('bridge', makeBridge(ipcRenderer));
}
