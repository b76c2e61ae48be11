import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { Dispatch } from '../../main/app/dispatch';
import type { ControllerEvent } from '../../shared/run-events';
import type { RunRecord } from '../../shared/run-record';
import { CodedError } from '../../main/core/errors';
import { englishHint } from '../../shared/errors';
import { registerIpc, type SendEvent } from '../../main/ipc';
import { APP_PAGE_URL } from '../../main/app-protocol';
import { isFromMainFrame } from '../../main/window';
import { CALL_NAMES, CALLS, type CallName, type CallRequest, type Result } from '../../preload/api';

// main/window.ts imports Electron at run time; the real module would try to download a binary.
vi.mock('electron', () => ({ BrowserWindow: vi.fn(), session: {} }));

/** One valid request per call: adding a call to the contract without one here fails tsc. */
const VALID: { [K in CallName]: CallRequest<K> } = {
  'inventory:list': {},
  'inventory:add': { name: 'AHU-1', host: '10.0.0.5' },
  'inventory:update': { id: '10.0.0.5:443', patch: { notes: 'roof' } },
  'inventory:remove': { id: '10.0.0.5:443' },
  'inventory:previewCsv': { text: 'name,host\nAHU-1,10.0.0.5' },
  'inventory:importCsv': { text: 'name,host\nAHU-1,10.0.0.5', update: false },
  'inventory:exportCsv': {},
  'inventory:openCsvFile': {},
  'controllers:overview': {},
  'controller:probe': { host: '10.0.0.5', port: 443 },
  'controller:trust': { host: '10.0.0.5', port: 443, fingerprint: 'AA:BB' },
  'controller:envysionProjects': { controllerId: '10.0.0.5:443', credential: { profile: 'site-a' } },
  'credentials:list': {},
  'credentials:set': { profile: 'site-a', username: 'admin', password: 'pw' },
  'credentials:has': { profile: 'site-a' },
  'credentials:delete': { profile: 'site-a' },
  'backup:start': {
    controllerId: '10.0.0.5:443',
    credential: { profile: 'site-a' },
    target: 'Device',
    dataTypes: ['All'],
    envysion: 'all',
  },
  'bulk:preflight': { controllerIds: ['10.0.0.5:443'], trustNew: false },
  'bulk:start': { controllerIds: ['10.0.0.5:443'], target: 'Device', dataTypes: ['All'], trustNew: false },
  'run:cancel': { runId: 'run-1' },
  'runs:list': {},
  'runs:get': { runId: 'run-1' },
  'runs:resume': { runId: 'run-1' },
  'archive:list': {},
  'archive:verify': {},
  'archive:reveal': { path: 'Site A/AHU-1/backup.ecybackup' },
  'report:export': { runId: 'run-1' },
  'report:open': { runId: 'run-1' },
  'settings:get': {},
  'settings:set': { concurrency: 4 },
  'settings:chooseArchiveFolder': {},
  'diagnostics:capture': { controllerId: '10.0.0.5:443', withBackup: false },
  'diagnostics:export': {},
  'logs:openFolder': {},
  'log:write': { level: 'error', source: 'renderer', event: 'render failed', message: 'x is undefined' },
  'demo:start': {},
  'archive:prune': { keep: 3, dryRun: true },
  'archive:compare': { a: 'North/AHU-1/a.ecybackup', b: 'North/AHU-1/b.ecybackup' },
};

const APP_URL = APP_PAGE_URL;
const PASSWORD = 'S3cret-Pa55word!';
const NAME_LIKE_PASSWORD = 'Hunter2Hunter2';

type Handler = (event: IpcMainInvokeEvent, request?: unknown) => Promise<Result<unknown>>;

function fakeDispatch(impl: (channel: CallName, request: unknown) => unknown = (c) => ({ served: c })): Dispatch {
  return Object.fromEntries(CALL_NAMES.map((c) => [c, vi.fn(async (r: unknown) => impl(c, r))])) as unknown as Dispatch;
}

/** The main window as isFromMainFrame sees it, and events from its main frame, a subframe or another page. */
function fakeWindow() {
  const mainFrame = { processId: 7, frameToken: 'main-token', parent: null, url: `${APP_URL}#/runs` };
  const window = { isDestroyed: () => false, webContents: { id: 1, mainFrame } };
  const from = (frame: object | null, senderId = 1) => ({ sender: { id: senderId }, senderFrame: frame });
  return {
    window,
    trusted: from(mainFrame),
    subframe: from({ processId: 7, frameToken: 'sub-token', parent: mainFrame, url: APP_URL }),
    otherUrl: from({ ...mainFrame, url: 'https://evil.example/' }),
    otherFile: from({ ...mainFrame, url: 'file:///tmp/evil.html' }),
    otherContents: from(mainFrame, 2),
    noFrame: from(null),
    disposedFrame: from(
      Object.defineProperty({ processId: 7, frameToken: 'main-token', parent: null }, 'url', {
        get() {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      }),
    ),
  };
}

function serve(dispatch: Dispatch) {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: vi.fn((channel: string, h: Handler) => void handlers.set(channel, h)) };
  const w = fakeWindow();
  registerIpc(ipcMain, dispatch, (event) => isFromMainFrame(event as IpcMainInvokeEvent, w.window as never, APP_URL));
  const call = (channel: CallName, request: unknown, event: object = w.trusted) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event as IpcMainInvokeEvent, request);
  };
  return { handlers, ipcMain, call, events: w };
}

describe('registerIpc', () => {
  it('registers one handler for every call of the contract, and nothing else', () => {
    const { handlers, ipcMain } = serve(fakeDispatch());
    expect([...handlers.keys()].sort()).toEqual(Object.keys(CALLS).sort());
    expect(ipcMain.handle).toHaveBeenCalledTimes(CALL_NAMES.length);
  });

  it('serves every call to the main frame with the parsed request (defaults applied)', async () => {
    const dispatch = fakeDispatch();
    const { call } = serve(dispatch);
    for (const channel of CALL_NAMES) {
      expect(await call(channel, VALID[channel]), channel).toEqual({ ok: true, value: { served: channel } });
      expect(dispatch[channel], channel).toHaveBeenCalledTimes(1);
    }
    expect(dispatch['inventory:add']).toHaveBeenCalledWith(
      expect.objectContaining({ port: 443, site: null, credential: null }),
    );
  });

  it.each([
    ['wrong type', 'controller:probe', { host: '10.0.0.5', port: '443' }, 'port'],
    ['extra key', 'inventory:remove', { id: 'x', deleteAll: true }, 'deleteAll'],
    ['oversized string', 'archive:reveal', { path: 'a'.repeat(5000) }, 'path'],
    ['oversized password', 'credentials:set', { profile: 'p', username: 'u', password: 'x'.repeat(257) }, 'password'],
    ['path traversal in a runId', 'runs:get', { runId: '../../etc/passwd' }, 'runId'],
    ['backslash traversal in a runId', 'report:export', { runId: '..\\..\\Windows' }, 'runId'],
    ['host with a scheme', 'controller:trust', { host: 'https://10.0.0.5/', port: 443, fingerprint: 'AA' }, 'host'],
    ['no request at all', 'runs:list', undefined, 'request'],
    ['an array instead of an object', 'settings:get', [], 'request'],
    [
      'too many controllers',
      'bulk:start',
      { controllerIds: Array(5001).fill('a:443'), target: 'Device', dataTypes: ['All'], trustNew: false },
      'controllerIds',
    ],
  ] as const)('rejects %s with INVALID_INPUT without calling the dispatch', async (_what, channel, request, field) => {
    const dispatch = fakeDispatch();
    const result = await serve(dispatch).call(channel, request);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.hint).toBe(englishHint('INVALID_INPUT'));
    expect(result.error.message).toContain(field);
    expect(result.error.message.length).toBeLessThanOrEqual(500);
    expect(dispatch[channel]).not.toHaveBeenCalled();
  });

  it('names unknown fields only when they look like field names, and bounds the message', async () => {
    const huge = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`field${i}`, 'x'.repeat(1000)]));
    const result = await serve(fakeDispatch()).call('credentials:list', { ...huge, 'evil key <script>': 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/^request: unknown field\(s\) field0, field1/);
    expect(result.error.message).not.toContain('<script>');
    expect(result.error.message.length).toBeLessThanOrEqual(500);
  });

  it.each(['subframe', 'otherUrl', 'otherFile', 'otherContents', 'noFrame', 'disposedFrame'] as const)(
    'refuses a call from a foreign sender (%s) with FORBIDDEN_SENDER',
    async (sender) => {
      const dispatch = fakeDispatch();
      const { call, events } = serve(dispatch);
      const result = await call('credentials:set', VALID['credentials:set'], events[sender]);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      expect(dispatch['credentials:set']).not.toHaveBeenCalled();
    },
  );

  it('refuses every call once the window is gone', async () => {
    const handlers = new Map<string, Handler>();
    registerIpc({ handle: (c: string, h: Handler) => void handlers.set(c, h) }, fakeDispatch(), (e) =>
      isFromMainFrame(e, null, APP_URL),
    );
    const result = await handlers.get('runs:list')!(fakeWindow().trusted as unknown as IpcMainInvokeEvent, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('turns a thrown CodedError into a typed error result', async () => {
    const { call } = serve(
      fakeDispatch(() => {
        throw new CodedError('CERT_CHANGED', 'AHU-1 presented another certificate.', {
          expectedFingerprint: 'AA',
          actualFingerprint: 'BB',
        });
      }),
    );
    expect(await call('controller:probe', VALID['controller:probe'])).toEqual({
      ok: false,
      error: {
        code: 'CERT_CHANGED',
        message: 'AHU-1 presented another certificate.',
        hint: englishHint('CERT_CHANGED'),
        expectedFingerprint: 'AA',
        actualFingerprint: 'BB',
      },
    });
  });

  it('turns foreign errors into INTERNAL_ERROR (our own bug, not the controller) or DISK_ERROR, never a stack', async () => {
    const { call } = serve(
      fakeDispatch((channel) => {
        if (channel === 'archive:verify')
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        throw new TypeError('x is undefined');
      }),
    );
    const disk = await call('archive:verify', {});
    const other = await call('runs:list', {});
    expect(disk).toMatchObject({ ok: false, error: { code: 'DISK_ERROR', hint: englishHint('DISK_ERROR') } });
    expect(other).toMatchObject({
      ok: false,
      error: {
        code: 'INTERNAL_ERROR',
        message: 'Unexpected failure in this tool: x is undefined',
        hint: englishHint('INTERNAL_ERROR'),
      },
    });
    expect(JSON.stringify([disk, other])).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('never echoes a password given to credentials:set into a result, an error or an event', async () => {
    const sent: unknown[] = [];
    const emit: SendEvent = (channel, payload) => sent.push({ channel, payload });
    const seen: unknown[] = [];
    const dispatch = fakeDispatch((channel, request) => {
      // A run going on while the technician saves a credential: its events go out through the same emit.
      emit('run:controller', controllerEvent('run-1', 'a', 0.5));
      emit('run:finished', { runId: 'run-1', record: {} as RunRecord });
      if (channel === 'credentials:set' && (request as { username: string }).username === 'thrower') {
        throw new Error(`keychain refused "${(request as { password: string }).password}"`);
      }
      return { profile: 'site-a', username: 'admin', hasPassword: true };
    });
    const { call, events } = serve(dispatch);
    const requests: unknown[] = [
      { profile: 'site-a', username: 'admin', password: PASSWORD },
      { profile: 'site-a', username: 'thrower', password: PASSWORD },
      { profile: 'site-a', username: 'admin', password: PASSWORD.repeat(20) },
      { profile: 'site-a', username: 'admin', password: PASSWORD, [PASSWORD]: PASSWORD },
      // A password that looks like a field name would otherwise be named as an unknown field.
      { profile: 'site-a', username: 'admin', password: NAME_LIKE_PASSWORD, [NAME_LIKE_PASSWORD]: 1 },
      { profile: 'site-a', username: 'admin', pasword: PASSWORD },
      { profile: 'site-a', username: 42, password: PASSWORD },
      { profile: PASSWORD.repeat(10), username: 'admin', password: PASSWORD },
    ];
    for (const r of requests) seen.push(await call('credentials:set', r));
    seen.push(await call('credentials:set', requests[0], events.otherUrl));
    seen.push(await call('credentials:has', { profile: 'site-a', password: PASSWORD }));
    expect(seen.filter((r) => (r as Result<unknown>).ok)).toHaveLength(1);
    expect(JSON.stringify(seen)).not.toContain(PASSWORD);
    expect(JSON.stringify(seen)).not.toContain(NAME_LIKE_PASSWORD);
    expect(JSON.stringify(seen)).toContain('•••');
    expect(sent.length).toBeGreaterThan(0);
    expect(JSON.stringify(sent)).not.toContain(PASSWORD);
  });
});

function controllerEvent(runId: string, controllerId: string, progress: number): ControllerEvent {
  return {
    type: 'controller',
    runId,
    controllerId,
    status: 'running',
    phase: 'downloading',
    progress,
    bytes: 0,
    totalBytes: null,
    message: '',
    attempt: 1,
  };
}
