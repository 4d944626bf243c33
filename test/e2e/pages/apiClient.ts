import { WebSocket } from 'ws';

/**
 * The web host's API from the test process (WebSocket `/api`, the frames the renderer sends), for
 * setting up large data fast — e.g. 1,000 segments — instead of clicking through the UI.
 */
export class E2eApi {
  private next = 1;
  private readonly waiting = new Map<number, (result: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as { id?: number; result?: { ok: boolean } };
      if (typeof msg.id === 'number' && msg.result) {
        this.waiting.get(msg.id)?.(msg.result);
        this.waiting.delete(msg.id);
      }
    });
  }

  /** Connects with the Origin a page served by the host would send (the host refuses others). */
  static async connect(baseURL: string): Promise<E2eApi> {
    const origin = baseURL.replace(/\/$/, '');
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api`, { origin });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new E2eApi(ws);
  }

  /** Calls a method; throws with the backend's message when it answers ok:false. */
  call<T>(channel: string, input: unknown): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, (r) => (r.ok ? resolve(r.value as T) : reject(new Error(`${channel}: ${r.error?.message ?? 'failed'}`))));
      this.ws.send(JSON.stringify({ id, channel, input }));
    });
  }

  /** Runs `calls` with at most `width` in flight. */
  async all<T>(calls: (() => Promise<T>)[], width = 50): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < calls.length; i += width) out.push(...(await Promise.all(calls.slice(i, i + width).map((c) => c()))));
    return out;
  }

  close(): void {
    this.ws.close();
  }
}
