import { vi, type Mock } from 'vitest';
import {
  CALL_NAMES,
  EVENT_NAMES,
  listenerName,
  methodName,
  type ApiError,
  type CallName,
  type CallRequest,
  type CallValue,
  type EclypseApi,
  type EventName,
  type EventPayload,
  type Result,
} from '../../../preload/api';
import { useArchive } from '../../../renderer/src/stores/archive';
import { useInventory } from '../../../renderer/src/stores/inventory';
import { useNavigation } from '../../../renderer/src/stores/navigation';
import { useNotices } from '../../../renderer/src/stores/notices';
import { useRuns } from '../../../renderer/src/stores/runs';
import { useSettings } from '../../../renderer/src/stores/settings';

type Handler<K extends CallName> = (request: CallRequest<K>) => CallValue<K> | Promise<CallValue<K>>;
/** What each call answers: a value (or a function of the request), or an ApiError thrown with `fail()`. */
export type Handlers = { [K in CallName]?: Handler<K> };

/** A fake `window.eclypse` for component tests: calls answered by handlers, events emitted by the test. */
export interface FakeEclypse {
  api: EclypseApi;
  /** Every call made, in order, with its request. */
  calls: Array<{ channel: CallName; request: unknown }>;
  /** The mock behind each call (to assert on or re-program). */
  mocks: Record<CallName, Mock>;
  emit<K extends EventName>(channel: K, payload: EventPayload<K>): void;
  /** Replaces what a call answers. */
  answer<K extends CallName>(channel: K, handler: Handler<K>): void;
  /** Number of listeners subscribed to an event (components must not subscribe themselves). */
  listeners(channel: EventName): number;
}

/** An ApiError a handler throws to make the call answer `{ ok: false }`. */
class FakeFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** Throws an ApiError from a handler. */
export function fail(
  code: ApiError['code'],
  message: string,
  hint = `Hint for ${code}.`,
  extra: Partial<ApiError> = {},
): never {
  throw new FakeFailure({ code, message, hint, ...extra });
}

const DEFAULTS: Handlers = {
  'inventory:list': () => [],
  'controllers:overview': () => [],
  'credentials:list': () => [],
  'runs:list': () => [],
  'archive:list': () => [],
  'settings:get': () => ({
    archiveFolder: '/home/tech/Documents/ECLYPSE Backups',
    concurrency: 4,
    perSite: null,
    connectTimeoutSeconds: 15,
    jobTimeoutMinutes: 30,
    format: 'json',
    language: 'en',
    density: 'comfortable',
    warning: null,
  }),
};

/** Installs a fake `window.eclypse` and resets every store; call in beforeEach. */
export function installFakeEclypse(handlers: Handlers = {}): FakeEclypse {
  resetStores();
  const all: Handlers = { ...DEFAULTS, ...handlers };
  const calls: FakeEclypse['calls'] = [];
  const subscribers = new Map<EventName, Set<(payload: unknown) => void>>(EVENT_NAMES.map((e) => [e, new Set()]));
  const mocks = {} as Record<CallName, Mock>;
  const api: Record<string, unknown> = {};
  for (const channel of CALL_NAMES) {
    const mock = vi.fn(async (request: unknown): Promise<Result<unknown>> => {
      calls.push({ channel, request });
      const handler = all[channel] as ((r: unknown) => unknown) | undefined;
      if (!handler)
        return {
          ok: false,
          error: {
            code: 'INVALID_INPUT',
            message: `No fake answer for ${channel}`,
            hint: 'The test did not program this call.',
          },
        };
      try {
        return { ok: true, value: await handler(request) };
      } catch (err) {
        if (err instanceof FakeFailure) return { ok: false, error: err.error };
        throw err;
      }
    });
    mocks[channel] = mock;
    api[methodName(channel)] = mock;
  }
  for (const channel of EVENT_NAMES) {
    api[listenerName(channel)] = (listener: (payload: unknown) => void) => {
      const forward = (p: unknown): void => listener(p);
      subscribers.get(channel)!.add(forward);
      return () => subscribers.get(channel)!.delete(forward);
    };
  }
  Object.defineProperty(window, 'eclypse', { value: api, configurable: true, writable: true });
  return {
    api: api as unknown as EclypseApi,
    calls,
    mocks,
    emit: (channel, payload) => {
      for (const l of [...subscribers.get(channel)!]) l(payload);
    },
    answer: (channel, handler) => {
      (all as Record<string, unknown>)[channel] = handler;
    },
    listeners: (channel) => subscribers.get(channel)!.size,
  };
}

/** Puts every store back to its first state, so tests do not see one another's data. */
function resetStores(): void {
  for (const store of [useArchive, useInventory, useNavigation, useNotices, useRuns, useSettings]) {
    (store as unknown as { setState(s: unknown, replace: true): void; getInitialState(): unknown }).setState(
      store.getInitialState(),
      true,
    );
  }
}
