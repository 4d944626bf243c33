import type { EventName, EventPayload } from '../../shared/api/contract.js';

type Listener = (event: EventName, payload: unknown) => void;

/** The backend's outbound events; hosts forward them to IPC / WebSocket subscribers. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // One broken subscriber must not stop the others or the service that emitted.
      }
    }
  }

  /** Listen to every event; returns an unsubscribe function. */
  onAny(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
