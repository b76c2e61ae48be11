import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, EVENT_NAMES, listenerName, methodName } from '../../preload/api';

// The Electron binary cannot be downloaded here, so the BUILT main bundle runs under plain Node with a
// stand-in 'electron' that records what the app asks of it. The bundle is copied into a temp folder beside a
// node_modules/electron of our own, so Node's ordinary resolution finds the stand-in and nothing is patched.

/** The stand-in: just enough of Electron's main-process API, every use recorded. */
const STAND_IN = String.raw`
const { EventEmitter } = require('node:events');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const record = { steps: [], paths: {}, windows: [], menu: null, dialogs: 0, fileDialogs: [], schemes: null, opened: [] };
const protocolHandlers = new Map();
const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record.steps.push('registerSchemesAsPrivileged');
    record.schemes = schemes;
  },
  handle(scheme, handler) {
    record.steps.push('protocol.handle ' + scheme);
    protocolHandlers.set(scheme, handler);
  },
};
let fireReady;
const ready = new Promise((resolve) => (fireReady = resolve));
const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: () => (record.steps.push('requestSingleInstanceLock'), true),
  setPath: (name, p) => (record.paths[name] = p),
  getPath: (name) => record.paths[name] ?? path.join(process.env.STAND_IN_HOME, name),
  setAppUserModelId: () => {},
  setAppLogsPath: (p) => (record.paths.logs = p),
  getVersion: () => '0.1.0',
  enableSandbox: () => record.steps.push('enableSandbox'),
  whenReady: () => (record.steps.push('whenReady'), ready),
  quit: () => record.steps.push('quit'),
  exit: (code) => record.steps.push('exit ' + code),
});
const newSession = () => ({
  setPermissionRequestHandler(h) { this.permissionRequest = h; },
  setPermissionCheckHandler(h) { this.permissionCheck = h; },
  webRequest: { onHeadersReceived(l) { this.headers = l; } },
});
const defaultSession = newSession();
let ids = 0;
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = ++ids;
    this.session = defaultSession;
    this.mainFrame = { processId: 1, frameToken: 'main-' + this.id, parent: null, url: 'about:blank' };
    this.sent = [];
  }
  setWindowOpenHandler(h) { this.windowOpen = h; }
  send(channel, payload) { this.sent.push({ channel, payload }); }
}
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    record.windows.push(this);
    record.steps.push('BrowserWindow');
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadFile(file) {
    this.loadedFile = file;
    this.webContents.mainFrame.url = pathToFileURL(file).href;
    return Promise.resolve();
  }
  loadURL(url) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  isDestroyed() { return false; }
  isMinimized() { return false; }
  show() {} focus() {} restore() {} setProgressBar() {}
}
const handlers = new Map();
const ipcMain = {
  handle(channel, fn) {
    if (handlers.has(channel)) throw new Error('Attempted to register a second handler for ' + channel);
    handlers.set(channel, fn);
  },
};
module.exports = {
  app, BrowserWindow, ipcMain, protocol,
  Menu: { buildFromTemplate: (template) => ({ template }), setApplicationMenu: (m) => (record.menu = m) },
  dialog: {
    showMessageBoxSync: () => (record.dialogs++, 0),
    showErrorBox: (title, message) => record.steps.push('showErrorBox ' + message),
    showOpenDialog: async (parent, options) => {
      record.fileDialogs.push({ modal: parent instanceof BrowserWindow, ...options });
      return { canceled: false, filePaths: [process.env.STAND_IN_CHOICE] };
    },
    showSaveDialog: async (parent, options) => {
      record.fileDialogs.push({ modal: parent instanceof BrowserWindow, ...options });
      return { canceled: true };
    },
  },
  shell: { showItemInFolder() {}, openPath: async (p) => (record.opened.push(p), '') },
  Notification: class { static isSupported() { return false; } show() {} },
  session: { defaultSession },
  __fireReady: () => fireReady(),
  __record: record,
  __handlers: handlers,
  __protocolHandlers: protocolHandlers,
};
`;

/** Loads the bundle, fires ready, exercises what it registered, and prints one JSON line of findings. */
const DRIVER = String.raw`
const electron = require('./node_modules/electron');
require('./dist/main/index.cjs');
const tick = () => new Promise((r) => setTimeout(r, 10));
// Runs the built preload as a sandboxed renderer would: a fresh context whose require knows only 'electron'.
function sandboxedPreload(file) {
  const exposed = {};
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (key, api) => (exposed[key] = Object.keys(api)) },
    ipcRenderer: { invoke: async () => undefined, on() {}, removeListener() {} },
  };
  const sandboxRequire = (name) => {
    if (name !== 'electron') throw new Error('a sandboxed preload cannot require ' + name);
    return fakeElectron;
  };
  const source = require('node:fs').readFileSync(file, 'utf8');
  const wrapped = require('node:vm').runInNewContext('(function (require, module, exports) {' + source + '\n})', { console });
  const mod = { exports: {} };
  wrapped(sandboxRequire, mod, mod.exports);
  return exposed;
}
(async () => {
  const before = [...electron.__record.steps];
  electron.__fireReady();
  for (let i = 0; i < 500 && electron.__record.windows.length === 0; i++) await tick();
  const win = electron.__record.windows[0];
  const wc = win.webContents;
  const trusted = { sender: wc, senderFrame: wc.mainFrame };
  const foreign = { sender: wc, senderFrame: { ...wc.mainFrame, url: 'https://evil.example/' } };
  const call = (channel, event, request) => electron.__handlers.get(channel)(event, request);
  const navigation = (url) => {
    const e = { url, prevented: false, preventDefault() { this.prevented = true; } };
    wc.emit('will-navigate', e, url);
    return e.prevented;
  };
  const headers = await new Promise((resolve) => electron.session.defaultSession.webRequest.headers({ responseHeaders: {} }, resolve));
  const permission = await new Promise((resolve) => wc.session.permissionRequest(wc, 'media', resolve));
  const menu = electron.__record.menu;
  const items = menu.template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
  for (const item of items) if (/Import inventory|Open archive|About|Open logs folder/.test(item.label ?? '')) item.click();
  const close = { prevented: false, preventDefault() { this.prevented = true; } };
  win.emit('close', close);
  // The page as the window would load it, through the app:// handler the bundle registered.
  const serve = electron.__protocolHandlers.get('app');
  const fetchApp = async (url, method = 'GET') => {
    const res = await serve(new Request(url, { method }));
    const text = await res.text();
    // Bodies stay out of the findings line (a bundle is hundreds of kB): the page's own text, the rest by size.
    return { status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), body: text.length < 20000 ? text : null, bytes: Buffer.byteLength(text) };
  };
  const page = win.loadedUrl ? await fetchApp(win.loadedUrl) : null;
  const scripts = page ? [...page.body.matchAll(/src="\.\/([^"]+)"/g)].map((m) => m[1]) : [];
  const served = {
    page,
    script: scripts[0] ? await fetchApp(new URL(scripts[0], win.loadedUrl).href) : null,
    climbing: (await fetchApp('app://eclypse/..%2f..%2fpreload%2findex.cjs')).status,
    preload: (await fetchApp('app://eclypse/../preload/index.cjs')).status,
    otherHost: (await fetchApp('app://elsewhere/index.html')).status,
    post: (await fetchApp('app://eclypse/index.html', 'POST')).status,
  };
  const out = {
    before,
    steps: [...electron.__record.steps],
    userData: electron.app.getPath('userData'),
    options: win.options,
    loadedFile: win.loadedFile ?? null,
    loadedUrl: win.loadedUrl ?? null,
    schemes: electron.__record.schemes,
    served,
    handlers: [...electron.__handlers.keys()],
    appEvents: electron.app.eventNames(),
    navigation: { foreign: navigation('https://example.com/'), own: navigation(wc.mainFrame.url) },
    windowOpen: wc.windowOpen({ url: 'https://example.com/' }),
    headers: headers.responseHeaders,
    permission,
    permissionCheck: wc.session.permissionCheck(wc, 'media'),
    menuLabels: items.map((i) => i.label).filter(Boolean),
    sent: wc.sent.map((s) => s.channel + ' ' + JSON.stringify(s.payload)),
    closePrevented: close.prevented,
    dialogs: electron.__record.dialogs,
    settings: await call('settings:get', trusted, {}),
    runs: await call('runs:list', trusted, {}),
    foreign: await call('settings:get', foreign, {}),
    invalid: await call('runs:get', trusted, { runId: '../../etc/passwd' }),
    chooseFolder: await call('settings:chooseArchiveFolder', trusted, {}),
    exportCsv: await call('inventory:exportCsv', trusted, {}),
    settingsAfter: await call('settings:get', trusted, {}),
    fileDialogs: electron.__record.fileDialogs,
    preloadKeys: sandboxedPreload(win.options.webPreferences.preload),
    logWrite: await call('log:write', trusted, { level: 'error', source: 'renderer', event: 'render failed', message: 'smoke: x is undefined', stack: 'TypeError: x is undefined\n    at Smoke (app://eclypse/index.js:1:1)' }),
    opened: electron.__record.opened,
  };
  // Quitting: the first will-quit is held until the dispatch has closed (a run's reports), then quit is asked again.
  const quitEvent = () => ({ prevented: false, preventDefault() { this.prevented = true; } });
  const quits = () => electron.__record.steps.filter((s) => s === 'quit').length;
  const firstQuit = quitEvent();
  electron.app.emit('will-quit', firstQuit);
  const quitsRightAway = quits();
  for (let i = 0; i < 500 && quits() === 0; i++) await tick();
  const secondQuit = quitEvent();
  electron.app.emit('will-quit', secondQuit);
  out.quit = { firstPrevented: firstQuit.prevented, quitsRightAway, quitsAfterClose: quits(), secondPrevented: secondQuit.prevented };
  const logFile = require('node:path').join(electron.app.getPath('logs'), 'eclypse-field-backup.log');
  out.logsFolder = electron.app.getPath('logs');
  out.logLines = require('node:fs').readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  console.log('SMOKE ' + JSON.stringify(out));
  process.exit(0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

const ROOT = process.cwd();
let tmp = '';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stand-in's JSON report, each field asserted below
let found: Record<string, any>;

/** Copies the app bundles (built once by test/support/build-once.ts) beside the stand-in. */
function buildAndCopy(into: string): void {
  for (const part of ['main', 'preload', 'renderer'])
    fs.cpSync(path.join(ROOT, 'dist', part), path.join(into, 'dist', part), { recursive: true });
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eclypse-main-smoke-'));
  buildAndCopy(tmp);
  fs.mkdirSync(path.join(tmp, 'node_modules', 'electron'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'node_modules', 'electron', 'index.js'), STAND_IN);
  fs.writeFileSync(path.join(tmp, 'driver.cjs'), DRIVER);
  const stdout = execFileSync(process.execPath, [path.join(tmp, 'driver.cjs')], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      ...process.env,
      ECLYPSE_BACKUP_HOME: path.join(tmp, 'data'),
      STAND_IN_HOME: path.join(tmp, 'home'),
      STAND_IN_CHOICE: path.join(tmp, 'chosen-archive'),
      // Packages the build leaves outside the bundle (the keyring addon) still resolve from the project.
      NODE_PATH: path.join(ROOT, 'node_modules'),
    },
  });
  const line = stdout.split('\n').find((l) => l.startsWith('SMOKE '));
  if (!line) throw new Error(`the driver printed no findings:\n${stdout}`);
  found = JSON.parse(line.slice('SMOKE '.length)) as typeof found;
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the built main bundle under a stand-in Electron', () => {
  it('logs to the OS log folder as JSON lines: its start, and a record sent by the window through log:write', () => {
    // The data folder's logs/ (ECLYPSE_BACKUP_HOME here), as the README says for Windows and Linux.
    expect(found.logsFolder).toBe(path.join(tmp, 'data', 'logs'));
    expect(found.logWrite).toEqual({ ok: true, value: null });
    const events = found.logLines.map((l: { event: string }) => l.event);
    expect(events[0]).toBe('app started');
    expect(found.logLines[0]).toMatchObject({ level: 'info', source: 'main', version: '0.1.0' });
    expect(found.logLines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        source: 'renderer',
        event: 'render failed',
        message: 'smoke: x is undefined',
        stack: expect.stringContaining('at Smoke'),
      }),
    );
  });

  it('Help → Open logs folder opens the log folder from main', () => {
    expect(found.menuLabels).toContain('Open logs folder');
    expect(found.opened).toEqual([path.join(tmp, 'data', 'logs')]);
  });

  it('takes the single-instance lock, sandboxes every renderer and waits for ready before creating a window', () => {
    expect(found.before).toEqual([
      'requestSingleInstanceLock',
      'enableSandbox',
      'registerSchemesAsPrivileged',
      'whenReady',
    ]);
    expect(found.steps).toContain('BrowserWindow');
    expect(found.steps.filter((s: string) => /quit|exit|showErrorBox/.test(s))).toEqual([]);
  });

  it('keeps its data in ECLYPSE_BACKUP_HOME', () => {
    expect(found.userData).toBe(path.join(tmp, 'data'));
  });

  it('creates the window with the secure web preferences', () => {
    expect(found.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('points the window at a preload that exists in the build output, and at the app:// page (never file://)', () => {
    const preload = found.options.webPreferences.preload as string;
    expect(path.relative(tmp, preload)).toBe(path.join('dist', 'preload', 'index.cjs'));
    expect(fs.existsSync(preload)).toBe(true);
    expect(fs.readFileSync(preload, 'utf8')).toContain('exposeInMainWorld');
    expect(found.loadedUrl).toBe('app://eclypse/index.html');
    expect(found.loadedFile).toBeNull();
  });

  it('registers app:// as a privileged standard, secure scheme before ready, and serves the built page through protocol.handle', () => {
    expect(found.before).toContain('registerSchemesAsPrivileged');
    expect(found.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(found.schemes[0].privileges.bypassCSP).toBeFalsy();
    expect(found.steps).toContain('protocol.handle app');
    expect(found.steps.indexOf('protocol.handle app')).toBeLessThan(found.steps.indexOf('BrowserWindow'));
    const { page, script } = found.served;
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.body).toBe(fs.readFileSync(path.join(tmp, 'dist', 'renderer', 'index.html'), 'utf8'));
    expect(page.csp).toContain("style-src 'self'");
    expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    const bundle = fs.readdirSync(path.join(tmp, 'dist', 'renderer', 'assets')).find((f) => f.endsWith('.js'))!;
    expect(script.bytes).toBe(fs.statSync(path.join(tmp, 'dist', 'renderer', 'assets', bundle)).size);
    // Nothing outside the renderer's folder, nothing from another host, nothing but reads.
    expect([found.served.climbing, found.served.preload, found.served.otherHost]).toEqual([404, 404, 404]);
    expect(found.served.post).toBe(405);
  });

  it('ships a preload that runs with nothing but electron to require and exposes exactly the contract', () => {
    const expected = [...CALL_NAMES.map(methodName), ...EVENT_NAMES.map(listenerName)].sort();
    expect(Object.keys(found.preloadKeys)).toEqual(['eclypse']);
    expect([...found.preloadKeys.eclypse].sort()).toEqual(expected);
  });

  it('registers a handler for every call of the contract', () => {
    expect([...found.handlers].sort()).toEqual([...CALL_NAMES].sort());
  });

  it('serves calls from its own page only, validated', () => {
    expect(found.settings).toMatchObject({ ok: true, value: { concurrency: expect.any(Number) } });
    expect(found.runs).toEqual({ ok: true, value: [] });
    expect(found.foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(found.invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('asks the technician through native dialogs, modal to the window', () => {
    const chosen = path.join(tmp, 'chosen-archive');
    expect(found.chooseFolder).toEqual({ ok: true, value: { path: chosen } });
    expect(found.settingsAfter).toMatchObject({ ok: true, value: { archiveFolder: chosen } });
    expect(found.exportCsv).toEqual({ ok: true, value: { path: null } });
    expect(found.fileDialogs).toEqual([
      expect.objectContaining({
        modal: true,
        title: 'Choose the archive folder',
        properties: expect.arrayContaining(['openDirectory']),
      }),
      expect.objectContaining({ modal: true, defaultPath: 'eclypse-inventory.csv' }),
    ]);
  });

  it('hardens every web contents: navigation, new windows, permissions, CSP', () => {
    expect(found.appEvents).toEqual(
      expect.arrayContaining(['web-contents-created', 'second-instance', 'window-all-closed']),
    );
    expect(found.navigation).toEqual({ foreign: true, own: false });
    expect(found.windowOpen).toEqual({ action: 'deny' });
    expect(found.permission).toBe(false);
    expect(found.permissionCheck).toBe(false);
    const [csp] = found.headers['Content-Security-Policy'] as string[];
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe');
  });

  it('has the application menu, whose items reach the page as app:menu events', () => {
    expect(found.menuLabels).toEqual(
      expect.arrayContaining(['Import inventory…', 'Open archive folder', 'About ECLYPSE Field Backup']),
    );
    expect(found.sent).toEqual([
      'app:menu {"action":"import-inventory"}',
      'app:menu {"action":"open-archive"}',
      'app:menu {"action":"about"}',
    ]);
  });

  it('holds the first quit until the dispatch has closed (the reports of a run that just ended), then quits once', () => {
    expect(found.quit).toEqual({ firstPrevented: true, quitsRightAway: 0, quitsAfterClose: 1, secondPrevented: false });
  });

  it('closes without asking when no run is going', () => {
    expect(found.closePrevented).toBe(false);
    expect(found.dialogs).toBe(0);
  });
});
