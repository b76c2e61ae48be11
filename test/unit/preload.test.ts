import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_NAMES, listenerName, methodName, type EclypseApi } from '../../preload/api';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } })),
      on: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      }),
      removeListener: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(l);
      }),
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => electron.exposed.set(key, api)) },
  ipcRenderer: electron.ipcRenderer,
}));

await import('../../preload/index');
const api = electron.exposed.get('eclypse') as EclypseApi & Record<string, unknown>;

/** Delivers an event the way ipcRenderer does: the IPC event object first, then the payload. */
function deliver(channel: string, payload: unknown): void {
  const ipcEvent = { sender: electron.ipcRenderer, senderId: 0, ports: [] };
  for (const l of electron.listeners.get(channel) ?? []) l(ipcEvent, payload);
}

describe('preload bridge', () => {
  it('exposes window.eclypse and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['eclypse']);
  });

  it('has exactly one function per call and one subscription per event, no other keys', () => {
    const expected = [...CALL_NAMES.map(methodName), ...EVENT_NAMES.map(listenerName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(new Set(expected).size).toBe(CALL_NAMES.length + EVENT_NAMES.length);
    for (const key of expected) expect(typeof api[key], key).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
    expect(api).not.toHaveProperty('on');
  });

  it('invokes the channel of each call with the request as given', async () => {
    for (const channel of CALL_NAMES) {
      const request = { probe: channel };
      const call = api[methodName(channel)] as (r: unknown) => Promise<unknown>;
      expect(await call(request)).toEqual({ ok: true, value: { channel, request } });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, request);
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(CALL_NAMES.length);
    await api.runsGet({ runId: 'run-7' });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('runs:get', { runId: 'run-7' });
  });

  it('hands a subscriber the payload only, never the IPC event object', () => {
    const listener = vi.fn();
    const off = api.onRunProgress(listener);
    deliver('run:progress', { runId: 'r', done: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ runId: 'r', done: 1 }]);
    off();
  });

  it('subscribes each event on its own channel, and the unsubscribe removes exactly that listener', () => {
    for (const channel of EVENT_NAMES) {
      const mine = vi.fn();
      const other = vi.fn();
      const subscribe = api[listenerName(channel)] as (l: (p: unknown) => void) => () => void;
      const off = subscribe(mine);
      const offOther = subscribe(other);
      deliver(channel, { n: 1 });
      off();
      expect(electron.ipcRenderer.removeListener).toHaveBeenLastCalledWith(channel, expect.any(Function));
      deliver(channel, { n: 2 });
      expect(mine.mock.calls, channel).toEqual([[{ n: 1 }]]);
      expect(other.mock.calls, channel).toEqual([[{ n: 1 }], [{ n: 2 }]]);
      offOther();
      expect(electron.listeners.get(channel)?.size ?? 0, channel).toBe(0);
    }
  });

  it('refuses a subscription without a function', () => {
    expect(() => (api.onAppMenu as (l: unknown) => unknown)('not a function')).toThrow(TypeError);
  });
});

describe('preload errors', () => {
  it('a page listener that throws is reported to the log through log:write, and the other listeners still run', () => {
    electron.ipcRenderer.invoke.mockClear();
    const seen: unknown[] = [];
    const offBad = api.onRunProgress(() => {
      throw new Error('listener broke: total is undefined');
    });
    const offGood = api.onRunProgress((p) => seen.push(p));
    expect(() => deliver('run:progress', { done: 1 })).not.toThrow();
    expect(seen).toEqual([{ done: 1 }]);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(
      'log:write',
      expect.objectContaining({
        level: 'error',
        source: 'preload',
        event: 'run:progress listener failed',
        message: 'listener broke: total is undefined',
        stack: expect.stringContaining('preload.test.ts'),
      }),
    );
    offBad();
    offGood();
  });
});
