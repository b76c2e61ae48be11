import { CALL_NAMES, EVENT_NAMES, listenerName, methodName } from '../../preload/api';

/** Where the harness serves the bridge, the calls and the event stream. */
export const HARNESS_PATHS = {
  bridge: '/__harness/bridge.js',
  call: '/__harness/call/',
  events: '/__harness/events',
} as const;

/**
 * The browser-side `window.eclypse` of the harness, as JavaScript source. The method and listener names come
 * from the contract's CALL_NAMES / EVENT_NAMES through the same methodName / listenerName the preload uses,
 * so the page sees exactly the shape it sees in Electron and the two cannot drift.
 */
export function bridgeScript(): string {
  const calls = Object.fromEntries(CALL_NAMES.map((channel) => [methodName(channel), channel]));
  const events = Object.fromEntries(EVENT_NAMES.map((channel) => [listenerName(channel), channel]));
  return `// Test-only stand-in for the Electron preload, generated from preload/api.ts by test/harness/bridge-script.ts.
(() => {
  'use strict';
  const CALLS = ${JSON.stringify(calls)};
  const EVENTS = ${JSON.stringify(events)};
  const listeners = new Map();
  // One stream for every event; calls wait until it is open, so an event caused by a call is never missed.
  const source = new EventSource(${JSON.stringify(HARNESS_PATHS.events)});
  const opened = new Promise((resolve) => source.addEventListener('open', resolve, { once: true }));
  for (const channel of Object.values(EVENTS)) {
    listeners.set(channel, new Set());
    source.addEventListener(channel, (message) => {
      const payload = JSON.parse(message.data);
      for (const listener of [...listeners.get(channel)]) listener(payload);
    });
  }
  const api = {};
  for (const [name, channel] of Object.entries(CALLS)) {
    api[name] = async (request) => {
      await opened;
      const response = await fetch(${JSON.stringify(HARNESS_PATHS.call)} + channel, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      return response.json();
    };
  }
  for (const [name, channel] of Object.entries(EVENTS)) {
    api[name] = (listener) => {
      if (typeof listener !== 'function') throw new TypeError(name + ' needs a function');
      // A wrapper per subscription, as the preload does: subscribing one function twice gives two subscriptions.
      const forward = (payload) => listener(payload);
      listeners.get(channel).add(forward);
      return () => {
        listeners.get(channel).delete(forward);
      };
    };
  }
  // Read-only, so no page script can swap the bridge under a test.
  Object.defineProperty(window, 'eclypse', { value: Object.freeze(api), enumerable: true });
})();
`;
}
