import path from 'node:path';
import { app, dialog, ipcMain, Menu, protocol, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { APP_PAGE_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppFile } from './app-protocol';
import { openAppLogs, type AppLogs } from './app/app-log';
import { createDispatch, type Dispatch } from './app/dispatch';
import { resolveDataDir } from './core/inventory/data-dir';
import { openKeychain } from './core/secrets/keychain-store';
import type { SecretStore } from './core/secrets/secret-store';
import { createDesktop } from './desktop';
import type { MenuAction } from '../preload/api';
import { registerIpc, type SendEvent } from './ipc';
import { askBeforeClosingDuringRuns, createMainWindow, hardenWebContents, isFromMainFrame } from './window';

// Must match electron-builder.yml: Windows shows notifications only for an app with this id.
const APP_ID = 'com.eclypse-field-backup.app';

// The bundle is dist/main/index.cjs; the preload and the renderer are built beside it.
const PRELOAD = path.join(__dirname, '../preload/index.cjs');
const RENDERER_DIR = path.join(__dirname, '../renderer');

let mainWindow: BrowserWindow | null = null;
let logs: AppLogs | undefined;

/** Starts the desktop app: one instance, hardened windows, the contract served over IPC. */
function main(): void {
  // The CLI finds pins, inventory and journals through resolveDataDir (ECLYPSE_BACKUP_HOME or the OS app-data
  // folder); the app uses the very same folder, whatever name an unpackaged Electron would give itself. Set
  // before the single-instance lock, which lives in that folder: one app per data folder.
  app.setPath('userData', resolveDataDir());
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // The OS log folder, named as the README says whatever name Electron gives the app: macOS
  // ~/Library/Logs/ECLYPSE Field Backup, elsewhere the data folder's logs/. Opened before anything can fail.
  app.setAppLogsPath(
    process.platform === 'darwin'
      ? path.join(app.getPath('home'), 'Library', 'Logs', 'ECLYPSE Field Backup')
      : path.join(app.getPath('userData'), 'logs'),
  );
  logs = openAppLogs(app.getPath('logs'));
  logUnexpected(logs);
  logs.logger.info('app started', {
    version: app.getVersion(),
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    packaged: app.isPackaged,
  });
  // Every renderer sandboxed, not just the windows built by createMainWindow.
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  // Only possible before ready: the page's own scheme, standard and secure (see app-protocol.ts), no file://.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

  const appUrl = APP_PAGE_URL;
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, appUrl);
    contents.on('render-process-gone', (_e, details) =>
      logs?.logger.error('window process gone', { reason: details.reason, exitCode: details.exitCode }),
    );
    contents.on('preload-error', (_e, preloadPath, error) =>
      logs?.logger.error('preload failed', { source: 'preload', preload: path.basename(preloadPath), error }),
    );
  });
  app.on('child-process-gone', (_event, details) =>
    logs?.logger.error('child process gone', {
      type: details.type,
      reason: details.reason,
      exitCode: details.exitCode,
    }),
  );
  app.on('second-instance', () => focus(mainWindow));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(() => start(appUrl))
    .catch(failedToStart);
}

function start(appUrl: string): void {
  // Run events come coalesced by the bulk runner (ProgressCoalescer: status changes at once, progress at most
  // once per 100 ms per controller): a second throttle here was measured to save 4-8 % of the messages
  // (docs/architecture.md, "Measured decisions").
  const emit = sendToWindow;
  const { dispatch, activeRuns, close } = createDispatch({
    dataDir: app.getPath('userData'),
    home: app.getPath('home'),
    desktop: createDesktop(() => mainWindow),
    emit,
    secrets: keychainOnFirstUse(),
    ...(logs ? { logs } : {}),
    versions: {
      electron: process.versions.electron,
      chrome: process.versions.chrome,
      node: process.versions.node,
      app: app.getVersion(),
    },
  });
  // Handlers first: the page's first calls may come before loadURL resolves.
  registerIpc(ipcMain, dispatch, (event) => isFromMainFrame(event, mainWindow, appUrl));
  protocol.handle(APP_SCHEME, (request) => serveAppFile(request, RENDERER_DIR));
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(emit, dispatch)));

  quitAfter(close);

  const window = createMainWindow(PRELOAD, appUrl);
  askBeforeClosingDuringRuns(window, activeRuns);
  window.on('closed', () => {
    mainWindow = null;
  });
  mainWindow = window;
}

/**
 * Quitting waits (10 s at most) for what `close` finishes: a run that has just said it is over is still
 * writing its reports, and closing the window at once must not leave a report cut short.
 */
function quitAfter(close: () => Promise<void>): void {
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    const limit = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
    void Promise.race([close(), limit])
      .catch((error: unknown) => logs?.logger.error('not closed cleanly', { error }))
      .finally(() => app.quit());
  });
}

const sendToWindow: SendEvent = (channel, payload) => {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
};

/** The keychain, proved once; a failure (locked, missing) is retried on the next use, never cached. */
function keychainOnFirstUse(): () => Promise<SecretStore> {
  let opening: Promise<SecretStore> | undefined;
  return () =>
    (opening ??= openKeychain().catch((err: unknown) => {
      opening = undefined;
      throw err;
    }));
}

function menuTemplate(emit: SendEvent, dispatch: Dispatch): MenuItemConstructorOptions[] {
  const menu = (action: MenuAction) => () => emit('app:menu', { action });
  const mac = process.platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Import inventory…', accelerator: 'CmdOrCtrl+I', click: menu('import-inventory') },
        { label: 'Open archive folder', accelerator: 'CmdOrCtrl+Shift+O', click: menu('open-archive') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Without the Edit roles, copy and paste do not work in text fields on macOS.
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      ],
    },
    ...(mac ? [{ role: 'windowMenu' } as const] : []),
    {
      label: '&Help',
      role: 'help',
      submenu: [
        { label: 'Export diagnostics…', click: menu('export-diagnostics') },
        // Straight from main: it must work when the window is the thing that broke.
        {
          label: 'Open logs folder',
          click: () =>
            void dispatch['logs:openFolder']({}).catch((err: unknown) =>
              dialog.showErrorBox(
                'The logs folder could not be opened',
                err instanceof Error ? err.message : String(err),
              ),
            ),
        },
        { type: 'separator' },
        { label: 'About ECLYPSE Field Backup', click: menu('about') },
      ],
    },
  ];
}

function focus(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** Unexpected exceptions of main are logged with their stack; Node and Electron then do what they always do. */
function logUnexpected(l: AppLogs): void {
  process.on('uncaughtExceptionMonitor', (error, origin) => l.logger.error('unexpected exception', { origin, error }));
  process.on('unhandledRejection', (reason) => l.logger.error('unhandled rejection', { error: reason }));
}

function failedToStart(err: unknown): void {
  logs?.logger.error('start failed', { error: err });
  dialog.showErrorBox('ECLYPSE Field Backup could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
}

main();
