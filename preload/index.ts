import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, listenerName, methodName, type EclypseApi, type RendererLogRecord } from './api';

/** Reports an exception of the preload's world to the app's log through the contract's own log call. */
export function reportPreloadError(event: string, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  const record: RendererLogRecord = {
    level: 'error',
    source: 'preload',
    event,
    message: e.message.slice(0, 4000),
    ...(e.stack ? { stack: e.stack.slice(0, 20_000) } : {}),
  };
  ipcRenderer.invoke('log:write', record).catch(() => undefined);
}

/**
 * `window.eclypse`: one function per contract call and one subscription per event, nothing else. There is
 * deliberately no generic invoke(channel): the page can reach only what the contract names.
 */
export function buildBridge(): EclypseApi {
  const api: Record<string, unknown> = {};
  for (const channel of CALL_NAMES) {
    api[methodName(channel)] = (request: unknown) => ipcRenderer.invoke(channel, request);
  }
  for (const channel of EVENT_NAMES) {
    api[listenerName(channel)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${listenerName(channel)} needs a function`);
      // The IPC event object (with its sender and ports) never reaches the page: only the payload does.
      const forward = (_event: IpcRendererEvent, payload: unknown): void => {
        try {
          listener(payload);
        } catch (err) {
          // A page listener that throws would surface here, in the preload's world, where nobody sees it.
          reportPreloadError(`${channel} listener failed`, err);
        }
      };
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    };
  }
  return api as EclypseApi;
}

try {
  contextBridge.exposeInMainWorld('eclypse', buildBridge());
} catch (err) {
  reportPreloadError('preload failed', err);
  throw err;
}
