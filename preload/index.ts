import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, listenerName, methodName, type EclypseApi } from './api';

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
      const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    };
  }
  return api as EclypseApi;
}

contextBridge.exposeInMainWorld('eclypse', buildBridge());
