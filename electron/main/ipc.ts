/**
 * IPC binding of the backend: one `ipcMain.handle` per manifest channel, each refusing senders that are
 * not the app's own page, and forwarding of backend events to the window. Takes electron objects as
 * parameters so it runs (and is tested) under plain Node.
 */
import { API_METHODS, IPC_EVENT_CHANNEL } from '../../shared/api/manifest.js';
import type { EventName } from '../../shared/api/contract.js';
import { applyPathPolicy, type PathPolicy } from '../../shared/api/pathPolicy.js';
import { fail, type ApiResult } from '../../shared/api/result.js';
import { ChosenPaths } from './chosenPaths.js';

/** The part of an `IpcMainInvokeEvent` the sender check reads. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of `ipcMain` this module uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type BackendDispatch = (channel: unknown, input: unknown) => Promise<ApiResult<unknown>>;
export type SenderCheck = (event: InvokeEventLike) => boolean;

/**
 * True when `url` is the app's own page (`appUrl`), ignoring the hash and query the router may add.
 * Anything else (another file, http(s), about:blank, devtools) is foreign.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(appUrl);
  } catch {
    return false;
  }
  return actual.protocol === expected.protocol && actual.host === expected.host && actual.pathname === expected.pathname;
}

/** A sender check that accepts only frames showing the app's own page. */
export function appSenderCheck(appUrl: string): SenderCheck {
  return (event) => event.senderFrame !== null && isAppUrl(event.senderFrame.url, appUrl);
}

/**
 * Registers one handler per API method. Channels outside the manifest get no handler at all, so
 * Electron refuses them before any of our code runs. Every path field of the contract (its `filePath`
 * marks) goes through `paths` first: the app passes its {@link ChosenPaths}, so only files the user
 * picked in a native dialog (or the OS opened) get through; the default, an empty one, refuses every
 * path. Returns a function that removes the handlers.
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  dispatch: BackendDispatch,
  isTrustedSender: SenderCheck,
  paths: PathPolicy = new ChosenPaths(),
): () => void {
  for (const channel of API_METHODS) {
    ipcMain.handle(channel, async (event, input) => {
      if (!isTrustedSender(event)) {
        return fail('forbidden', `${channel} was called from a page that is not Segment Studio (${event.senderFrame?.url ?? 'no frame'}).`);
      }
      const allowed = applyPathPolicy(paths, channel, input);
      if (!allowed.ok) return allowed;
      return dispatch(channel, allowed.input);
    });
  }
  return () => {
    for (const channel of API_METHODS) ipcMain.removeHandler(channel);
  };
}

/** Message shape on {@link IPC_EVENT_CHANNEL}. */
export interface IpcEventMessage {
  event: EventName;
  payload: unknown;
}

/** Something that emits backend events (the backend's EventBus). */
export interface EventSource {
  onAny(listener: (event: EventName, payload: unknown) => void): () => void;
}

/**
 * Forwards every backend event to `send` (the window's `webContents.send`) on the events channel.
 * Returns the unsubscribe function.
 */
export function forwardEvents(events: EventSource, send: (channel: string, message: IpcEventMessage) => void): () => void {
  return events.onAny((event, payload) => send(IPC_EVENT_CHANNEL, { event, payload }));
}
