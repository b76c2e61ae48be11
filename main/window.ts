import {
  BrowserWindow,
  dialog,
  session,
  type BrowserWindowConstructorOptions,
  type IpcMainInvokeEvent,
  type Session,
  type WebContents,
} from 'electron';

import { CONTENT_SECURITY_POLICY } from './csp';

export { CONTENT_SECURITY_POLICY };

/** The options of every app window: isolated, sandboxed, no Node, no webviews (VS Code's one-function rule). */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'ECLYPSE Field Backup',
    // Shown on ready-to-show, so the technician never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

/** Whether `url` is the app's page (ignoring query and fragment, which the renderer may use for its state). */
function isAppPage(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    // The app's own scheme only: a file:// page (the way pages used to be loaded) is never the app's.
    return u.protocol === new URL(appUrl).protocol && u.protocol !== 'file:' && u.href === appUrl;
  } catch {
    return false;
  }
}

/** Creates the main window, hardened, with the strict CSP, loading the app's page from its app:// URL. */
export function createMainWindow(preloadPath: string, appUrl: string): BrowserWindow {
  installContentSecurityPolicy(session.defaultSession);
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  hardenWebContents(window.webContents, appUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl);
  return window;
}

/** Closing the window while runs go on asks first; the runs' journals let them be resumed later either way. */
export function askBeforeClosingDuringRuns(window: BrowserWindow, activeRuns: () => number): void {
  window.on('close', (event) => {
    if (activeRuns() === 0) return;
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      title: 'Backup run in progress',
      message: 'A backup run is in progress. Close anyway?',
      detail:
        'Closing stops the run now. Controllers already backed up are kept, and the run can be resumed later from the list of runs.',
      buttons: ['Cancel', 'Close anyway'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    if (choice !== 1) event.preventDefault();
  });
}

const hardened = new WeakSet<WebContents>();

/**
 * Denies everything a page could do to leave the app: navigating elsewhere, opening windows, attaching
 * webviews, asking for permissions. Safe to call twice (web-contents-created and createMainWindow both do).
 */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  // will-navigate sees the main frame only; will-frame-navigate adds subframes.
  contents.on('will-navigate', (event) => {
    if (!isAppPage(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppPage(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  denyPermissions(contents.session);
}

/** Refuses every permission (camera, notifications from the page, USB, …): the app needs none of them. */
function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Sets the CSP header on every response of the session, so a page cannot weaken it with its own markup. */
export function installContentSecurityPolicy(ses: Session): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    // Ours replaces a same-named header; a differently cased one still applies, and policies only intersect.
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** Whether an IPC call comes from the main frame of `window` showing the app's page (and not a subframe or a foreign page). */
export function isFromMainFrame(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  window: BrowserWindow | null,
  appUrl: string,
): boolean {
  try {
    const frame = event.senderFrame;
    if (!window || window.isDestroyed() || !frame) return false;
    const main = window.webContents.mainFrame;
    // Frames are compared by identity tokens, not object identity: Electron may hand out a new wrapper.
    const sameFrame = frame.processId === main.processId && frame.frameToken === main.frameToken;
    return (
      event.sender.id === window.webContents.id && sameFrame && frame.parent === null && isAppPage(frame.url, appUrl)
    );
  } catch {
    // A frame that navigated or was destroyed throws on access: it is not a sender we trust.
    return false;
  }
}
