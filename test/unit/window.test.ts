import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  /** A session as the window code uses it: permission handlers and the header hook, recorded. */
  const fakeSession = () => ({
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  });
  const windows: Array<{
    options: unknown;
    webContents: unknown;
    loadURL: ReturnType<typeof vi.fn>;
    loadFile: ReturnType<typeof vi.fn>;
  }> = [];
  return { fakeSession, windows, defaultSession: fakeSession(), showMessageBoxSync: vi.fn(() => 0) };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    session = electron.fakeSession();
    setWindowOpenHandler = vi.fn();
  }
  class BrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    loadURL = vi.fn(async () => undefined);
    loadFile = vi.fn(async () => undefined);
    show = vi.fn();
    constructor(readonly options: unknown) {
      super();
      electron.windows.push(this);
    }
  }
  return {
    BrowserWindow,
    dialog: { showMessageBoxSync: electron.showMessageBoxSync },
    session: { defaultSession: electron.defaultSession },
  };
});

const { APP_PAGE_URL } = await import('../../main/app-protocol');
const {
  CONTENT_SECURITY_POLICY,
  askBeforeClosingDuringRuns,
  createMainWindow,
  hardenWebContents,
  installContentSecurityPolicy,
  mainWindowOptions,
} = await import('../../main/window');

const PRELOAD = '/app/dist/preload/index.cjs';

type FakeContents = EventEmitter & {
  session: ReturnType<typeof electron.fakeSession>;
  setWindowOpenHandler: ReturnType<typeof vi.fn>;
};

function newContents(): FakeContents {
  return Object.assign(new EventEmitter(), { session: electron.fakeSession(), setWindowOpenHandler: vi.fn() });
}

/** Emits `name` as Electron would and tells whether a listener prevented it. */
function prevented(contents: EventEmitter, name: string, url: string): boolean {
  const event = { url, preventDefault: vi.fn() };
  contents.emit(name, event, url);
  return event.preventDefault.mock.calls.length > 0;
}

beforeEach(() => {
  electron.windows.length = 0;
});

describe('window options', () => {
  it('are the secure ones, with the preload given', () => {
    const options = mainWindowOptions(PRELOAD);
    expect(options.webPreferences).toMatchObject({
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('are what createMainWindow builds its window with, and it loads the app page from app://, never file://', () => {
    const window = createMainWindow(PRELOAD, APP_PAGE_URL);
    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0]!.options).toEqual(mainWindowOptions(PRELOAD));
    expect(electron.windows[0]!.loadURL).toHaveBeenCalledWith('app://eclypse/index.html');
    expect(electron.windows[0]!.loadFile).not.toHaveBeenCalled();
    // Shown only when painted.
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledTimes(1);
  });

  it('hardens the window it creates', () => {
    createMainWindow(PRELOAD, APP_PAGE_URL);
    const contents = electron.windows[0]!.webContents as FakeContents;
    expect(prevented(contents, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.session.setPermissionRequestHandler).toHaveBeenCalled();
  });
});

describe('hardenWebContents', () => {
  const appUrl = APP_PAGE_URL;

  it('prevents navigation to any other URL, and allows the app page itself', () => {
    const contents = newContents();
    hardenWebContents(contents as never, appUrl);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'file:///app/dist/renderer/index.html',
      'app://eclypse/other.html',
      'app://elsewhere/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(prevented(contents, 'will-navigate', url), url).toBe(true);
      expect(prevented(contents, 'will-frame-navigate', url), url).toBe(true);
    }
    expect(prevented(contents, 'will-navigate', appUrl)).toBe(false);
    expect(prevented(contents, 'will-navigate', `${appUrl}#/runs`)).toBe(false);
  });

  it('denies window.open, webviews and redirects', () => {
    const contents = newContents();
    hardenWebContents(contents as never, appUrl);
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: appUrl })).toEqual({ action: 'deny' });
    expect(prevented(contents, 'will-attach-webview', 'https://example.com/')).toBe(true);
    expect(prevented(contents, 'will-redirect', 'https://example.com/')).toBe(true);
  });

  it('denies every permission request and check', () => {
    const contents = newContents();
    hardenWebContents(contents as never, appUrl);
    const request = contents.session.setPermissionRequestHandler.mock.calls[0]![0] as (
      c: unknown,
      p: string,
      cb: (ok: boolean) => void,
    ) => void;
    const check = contents.session.setPermissionCheckHandler.mock.calls[0]![0] as (...a: unknown[]) => boolean;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request(contents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check(contents, permission, appUrl)).toBe(false);
    }
  });

  it('registers its listeners once, however often it is called', () => {
    const contents = newContents();
    hardenWebContents(contents as never, appUrl);
    hardenWebContents(contents as never, appUrl);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
  });
});

describe('content security policy', () => {
  it('is strict', () => {
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|\*|https?:/);
  });

  it('is set as a header on every response of the default session by createMainWindow', () => {
    electron.defaultSession.webRequest.onHeadersReceived.mockClear();
    createMainWindow(PRELOAD, APP_PAGE_URL);
    expect(electron.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledTimes(1);
  });

  it('replaces a weaker policy of the same name and keeps the other headers', () => {
    const ses = electron.fakeSession();
    installContentSecurityPolicy(ses as never);
    const listener = ses.webRequest.onHeadersReceived.mock.calls[0]![0] as (
      d: unknown,
      cb: (r: unknown) => void,
    ) => void;
    const callback = vi.fn();
    listener(
      {
        url: 'file:///app/index.html',
        responseHeaders: { 'Content-Security-Policy': ['default-src *'], 'X-Other': ['1'] },
      },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Other': ['1'] },
    });
    listener({ url: 'file:///app/index.html' }, callback);
    expect(callback).toHaveBeenLastCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
});

describe('closing during a run', () => {
  /** Emits the window's close as Electron does and tells whether the close was cancelled. */
  function close(runs: number, answer: number): boolean {
    electron.showMessageBoxSync.mockClear().mockReturnValue(answer);
    const window = new EventEmitter();
    askBeforeClosingDuringRuns(window as never, () => runs);
    const event = { preventDefault: vi.fn() };
    window.emit('close', event);
    return event.preventDefault.mock.calls.length > 0;
  }

  it('closes without asking when no run is going', () => {
    expect(close(0, 0)).toBe(false);
    expect(electron.showMessageBoxSync).not.toHaveBeenCalled();
  });

  it('asks first, and stays open on Cancel (or Escape)', () => {
    expect(close(2, 0)).toBe(true);
    const [, options] = electron.showMessageBoxSync.mock.calls[0] as unknown as [
      unknown,
      { message: string; buttons: string[]; cancelId: number },
    ];
    expect(options.message).toMatch(/A backup run is in progress/);
    expect(options.buttons).toEqual(['Cancel', 'Close anyway']);
    expect(options.cancelId).toBe(0);
  });

  it('closes on Close anyway', () => {
    expect(close(1, 1)).toBe(false);
    expect(electron.showMessageBoxSync).toHaveBeenCalledTimes(1);
  });
});
