/**
 * A typed API client over any transport (preload bridge, WebSocket, in-memory). Components reach
 * it through RTK Query; tests use it directly.
 */
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './contract.js';
import type { ApiResult } from './result.js';

/** What a host must provide: request/response calls and event subscriptions. */
export interface ApiTransport {
  invoke(channel: string, input: unknown): Promise<ApiResult<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export interface ApiClient {
  call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<ApiResult<MethodOutput<K>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createApiClient(transport: ApiTransport): ApiClient {
  return {
    async call(method, input) {
      try {
        return (await transport.invoke(method, input)) as never;
      } catch (err) {
        // A transport failure (connection lost, bridge missing) is still a value, never a throw.
        const message = err instanceof Error ? err.message : String(err);
        return { ok: false, error: { code: 'internal', message: `The app's backend could not be reached: ${message}` } } as never;
      }
    },
    on(event, listener) {
      return transport.subscribe(event, listener as (payload: unknown) => void);
    },
  };
}
