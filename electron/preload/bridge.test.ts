import { describe, expect, it } from 'vitest';
import { DIALOG_OPEN_CHANNEL, DIALOG_SAVE_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/manifest.js';
import { exposeBridge, makeBridge, type IpcRendererLike } from './bridge.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** A stand-in for ipcRenderer: records invokes and lets the test push messages. */
function fakeIpcRenderer() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args[0]]);
      return { ok: true, value: 'answered' };
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const push = (channel: string, message: unknown) => listeners.get(channel)?.forEach((l) => l({ sender: 'secret' }, message));
  return { ipc, invoked, listeners, push };
}

describe('preload bridge', () => {
  it('exposes exactly invoke, subscribe and the two dialogs as window.bridge', () => {
    const exposed: Record<string, unknown> = {};
    exposeBridge({ exposeInMainWorld: (key, api) => (exposed[key] = api) }, fakeIpcRenderer().ipc);
    expect(Object.keys(exposed)).toEqual(['bridge']);
    expect(Object.keys(exposed.bridge as object).sort()).toEqual(['invoke', 'openDialog', 'saveDialog', 'subscribe']);
    expect(Object.isFrozen(exposed.bridge)).toBe(true);
  });

  it('forwards manifest channels to ipcRenderer.invoke', async () => {
    const f = fakeIpcRenderer();
    const bridge = makeBridge(f.ipc);
    expect(await bridge.invoke('segments.list', { search: 'x' })).toEqual({ ok: true, value: 'answered' });
    expect(f.invoked).toEqual([['segments.list', { search: 'x' }]]);
  });

  it('refuses a channel outside the manifest without touching IPC', async () => {
    const f = fakeIpcRenderer();
    const bridge = makeBridge(f.ipc);
    expect(await bridge.invoke('api:event', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await bridge.invoke('ELECTRON_BROWSER_REQUIRE', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(f.invoked).toEqual([]);
  });

  it('refuses to subscribe to an event outside the manifest', () => {
    const f = fakeIpcRenderer();
    expect(() => makeBridge(f.ipc).subscribe('segments.list', () => {})).toThrow(/not an API event/);
    expect(f.listeners.size).toBe(0);
  });

  it('delivers only the payload of the subscribed event, and stops after unsubscribe', () => {
    const f = fakeIpcRenderer();
    const got: unknown[] = [];
    const unsubscribe = makeBridge(f.ipc).subscribe('segment.changed', (p) => got.push(p));
    f.push(IPC_EVENT_CHANNEL, { event: 'segment.changed', payload: { id: 's1', change: 'created' } });
    f.push(IPC_EVENT_CHANNEL, { event: 'other.happened', payload: 1 });
    f.push(IPC_EVENT_CHANNEL, 'garbage');
    expect(got).toEqual([{ id: 's1', change: 'created' }]);
    unsubscribe();
    f.push(IPC_EVENT_CHANNEL, { event: 'segment.changed', payload: { id: 's2', change: 'deleted' } });
    expect(got).toHaveLength(1);
  });

  it('sends dialog requests only on the two dialog channels, with the request as the one argument', async () => {
    const f = fakeIpcRenderer();
    const bridge = makeBridge(f.ipc);
    const save = { title: 'Export', defaultPath: 'a.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] };
    const open = { title: 'Open', multi: true };
    expect(await bridge.saveDialog(save)).toEqual({ ok: true, value: 'answered' });
    expect(await bridge.openDialog(open)).toEqual({ ok: true, value: 'answered' });
    expect(f.invoked).toEqual([
      [DIALOG_SAVE_CHANNEL, save],
      [DIALOG_OPEN_CHANNEL, open],
    ]);
  });

  it('keeps the dialog channels out of invoke (they are not API methods)', async () => {
    const f = fakeIpcRenderer();
    const bridge = makeBridge(f.ipc);
    expect(await bridge.invoke(DIALOG_SAVE_CHANNEL, { title: 'x' })).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await bridge.invoke(DIALOG_OPEN_CHANNEL, { title: 'x' })).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(f.invoked).toEqual([]);
  });
});
