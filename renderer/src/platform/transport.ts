/**
 * The only renderer code that knows how the backend is reached: the Electron preload bridge
 * (`window.bridge`) when present, otherwise a WebSocket to the web host at `ws://<host>/api`.
 */
import type { ApiTransport } from '../../../shared/api/client';
import { fail, type ApiResult } from '../../../shared/api/result';
import type { DialogBridge } from './dialogs';

declare global {
  interface Window {
    /** Exposed by electron/preload in the desktop app (API transport and native dialogs); absent in a browser. */
    bridge?: ApiTransport & Partial<DialogBridge>;
  }
}

/** The subset of the WebSocket constructor this module uses (the browser's, or `ws` in Node tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  /** 'open' | 'close' | 'error' | 'message'; only message events carry `data`. */
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

const OPEN = 1;

export interface WebSocketTransportOptions {
  /** Creates the socket; default: the browser's WebSocket. */
  connect?: WebSocketFactory;
  /** First reconnect delay; doubles up to 5 s. */
  reconnectDelayMs?: number;
  /** Called when the connection goes up or down (for a "reconnecting…" banner). */
  onStatus?: (status: 'connected' | 'disconnected') => void;
}

export interface WebSocketTransport extends ApiTransport {
  /** Stops reconnecting and closes the socket. */
  close(): void;
}

interface Pending {
  resolve: (result: ApiResult<unknown>) => void;
  frame: string;
  sent: boolean;
}

/**
 * API over a WebSocket, with reconnect. Calls made while disconnected wait for the connection;
 * calls in flight when it drops answer `internal` (we cannot know whether they ran).
 */
export function createWebSocketTransport(url: string, options: WebSocketTransportOptions = {}): WebSocketTransport {
  const connect = options.connect ?? ((u: string) => new WebSocket(u));
  const baseDelay = options.reconnectDelayMs ?? 250;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocketLike | undefined;
  let delay = baseDelay;
  let closed = false;
  let connected = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    if (!socket || socket.readyState !== OPEN) return;
    for (const p of pending.values()) {
      if (!p.sent) {
        socket.send(p.frame);
        p.sent = true;
      }
    }
  };

  const onMessage = (event: { data?: unknown }) => {
    let message: unknown;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof m.event === 'string') {
      for (const l of listeners.get(m.event) ?? []) l(m.payload);
      return;
    }
    if (typeof m.id === 'number') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      p.resolve(m.result as ApiResult<unknown>);
    }
  };

  /** Connects unless connected or connecting; a call during the back-off wait retries at once. */
  const open = () => {
    if (closed || socket) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const s = connect(url);
    socket = s;
    s.addEventListener('open', () => {
      delay = baseDelay;
      connected = true;
      options.onStatus?.('connected');
      flush();
    });
    s.addEventListener('message', onMessage);
    s.addEventListener('close', () => {
      if (socket !== s) return;
      socket = undefined;
      for (const [id, p] of pending) {
        if (!p.sent) continue;
        pending.delete(id);
        p.resolve(
          fail(
            'internal',
            'The connection to the backend was lost during the call; it may or may not have been applied. Reload to see the current state.',
          ),
        );
      }
      // Report transitions only, not every failed reconnect attempt.
      if (connected) options.onStatus?.('disconnected');
      connected = false;
      if (closed) return;
      timer = setTimeout(() => {
        timer = undefined;
        open();
      }, delay);
      delay = Math.min(delay * 2, 5000);
    });
    // 'error' is always followed by 'close', which handles it.
    s.addEventListener('error', () => {});
  };

  return {
    invoke(channel, input) {
      if (closed) return Promise.resolve(fail('internal', 'The connection to the backend is closed.'));
      open();
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve, frame: JSON.stringify({ id, channel, input }), sent: false });
        flush();
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      // Events only flow on an open socket.
      open();
      return () => {
        set.delete(listener);
      };
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}

/** The transport for this page: the preload bridge in Electron, the web host's WebSocket in a browser. */
export function createPlatformTransport(options: Pick<WebSocketTransportOptions, 'onStatus'> = {}): ApiTransport {
  if (window.bridge) return window.bridge;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebSocketTransport(`${scheme}://${window.location.host}/api`, options);
}
