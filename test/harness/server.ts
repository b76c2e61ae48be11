import fs from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAppLogs } from '../../main/app/app-log';
import { createDispatch, type Dispatch } from '../../main/app/dispatch';
import { SettingsStore } from '../../main/app/settings-store';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import { serveCall, type SendEvent } from '../../main/ipc';
import { CALL_NAMES, type CallName, type EventName } from '../../preload/api';
import { CONTENT_SECURITY_POLICY } from '../../main/csp';
import { bridgeScript, HARNESS_PATHS } from './bridge-script';
import { createEventStream } from './event-stream';
import { createFakeDesktop, type DesktopChoices, type FakeDesktop } from './fake-desktop';
import { readRendererFile } from './renderer-files';

/** The built renderer that `node scripts/build.mjs app` writes. */
const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

// The contract lets a CSV of 20 MiB through; anything much larger is refused before it is buffered.
const MAX_BODY_BYTES = 25 * 1024 * 1024;
const CLOSE_WAIT_MS = 10_000;

/** What the harness serves from: fresh folders per test, and what the dialogs answer. */
export interface HarnessOptions {
  dataDir: string;
  home: string;
  /** Written into the settings before the page opens, so backups land in the test's folder. */
  archiveFolder?: string;
  choices?: Partial<DesktopChoices>;
  rendererDir?: string;
  /** The app's log folder (default: `logs` in the data folder), written as the app writes its OS log folder. */
  logsFolder?: string;
}

/** A running harness: the page's URL, what reached the page as events, and the fake desktop. */
export interface Harness {
  url: string;
  emitted: Array<{ channel: EventName; payload: unknown }>;
  desktop: FakeDesktop;
  activeRuns(): number;
  /** Where the app's log of this harness is written. */
  logsFolder: string;
  /**
   * Sends an event to the page as main would: for tests of the window's load under event streams larger than
   * the simulator can serve in a test's time (2,000 controllers). Coalescing them as the bulk runner does is the
   * caller's part (test/e2e/support/synthetic-run.ts uses the runner's own ProgressCoalescer).
   */
  inject: SendEvent;
  /** Waits (up to 10 s) for runs to end, then closes the event streams and the server. */
  close(): Promise<void>;
}

/**
 * Serves the built renderer on 127.0.0.1 with the app's CSP and a test-only `window.eclypse` whose calls go
 * over HTTP to the SAME dispatch table (and the same validation and error mapping, serveCall) as main/ipc.ts,
 * with events over server-sent events, sent as main sends them to the app's window (as they come).
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = await snapshotRenderer(options.rendererDir ?? RENDERER_DIR);
  if (options.archiveFolder)
    await (await SettingsStore.load(options.dataDir, options.home)).set({ archiveFolder: options.archiveFolder });
  const headers = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
  const stream = createEventStream(headers);
  const emitted: Harness['emitted'] = [];
  const desktop = createFakeDesktop(options.choices);
  const secrets = new MemoryStore();
  const logs = openAppLogs(options.logsFolder ?? path.join(options.dataDir, 'logs'));
  const emit: SendEvent = (channel, payload) => {
    emitted.push({ channel, payload });
    stream.send(channel, payload);
  };
  const {
    dispatch,
    activeRuns,
    close: closeDispatch,
  } = createDispatch({
    logs,
    dataDir: options.dataDir,
    home: options.home,
    desktop,
    secrets: async () => secrets,
    emit,
  });
  const bridge = bridgeScript();
  let origin = '';

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && pathname === HARNESS_PATHS.events) return stream.attach(req, res);
    if (req.method === 'GET' && pathname === HARNESS_PATHS.bridge)
      return send(res, 200, headers, 'text/javascript; charset=utf-8', bridge);
    if (pathname.startsWith(HARNESS_PATHS.call))
      return serveHttpCall(req, res, pathname.slice(HARNESS_PATHS.call.length), dispatch, origin, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, headers, 'text/plain', 'method not allowed');
    const file = await readRendererFile(rendererDir, pathname);
    // Chromium asks every http page for a favicon; Electron's file:// page never does, so its absence is no error.
    if (!file && pathname === '/favicon.ico') return send(res, 204, headers, 'image/x-icon', '');
    if (!file) return send(res, 404, headers, 'text/plain', 'not found');
    return send(res, 200, headers, file.type, req.method === 'HEAD' ? '' : file.body);
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, headers, 'text/plain', String(err));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  }).catch(async (err: unknown) => {
    await fs.rm(rendererDir, { recursive: true, force: true });
    throw err;
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/`,
    emitted,
    desktop,
    activeRuns,
    logsFolder: logs.folder,
    inject: emit,
    close: async () => {
      // A run still going would race the test's removal of its temp folders; closeDispatch then waits for the
      // reports of the runs that ended.
      for (const until = Date.now() + CLOSE_WAIT_MS; activeRuns() > 0 && Date.now() < until;)
        await new Promise((r) => setTimeout(r, 20));
      stream.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeDispatch();
      await fs.rm(rendererDir, { recursive: true, force: true });
    },
  };
}

/**
 * A private copy of the built renderer: `scripts/build.mjs app` empties dist/renderer before refilling it, so a
 * build started elsewhere (another `npm test` in the same checkout) must not pull the page from under a test.
 */
async function snapshotRenderer(dir: string): Promise<string> {
  await fs.access(path.join(dir, 'index.html')).catch(() => {
    throw new Error(`${path.join(dir, 'index.html')} is missing: build it with node scripts/build.mjs app`);
  });
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'eclypse-harness-renderer-'));
  await fs.cp(dir, copy, { recursive: true });
  return copy;
}

async function serveHttpCall(
  req: IncomingMessage,
  res: ServerResponse,
  channel: string,
  dispatch: Dispatch,
  origin: string,
  headers: Record<string, string>,
): Promise<void> {
  if (req.method !== 'POST') return send(res, 405, headers, 'text/plain', 'POST only');
  if (!(CALL_NAMES as string[]).includes(channel)) return send(res, 404, headers, 'text/plain', `no call ${channel}`);
  const body = await readBody(req);
  if (body === null) return send(res, 413, headers, 'text/plain', 'request too large');
  let request: unknown;
  try {
    request = body.length === 0 ? undefined : JSON.parse(body);
  } catch {
    // Not JSON: the schema sees nothing and refuses it with INVALID_INPUT, as IPC would refuse a non-object.
    request = undefined;
  }
  // The harness's stand-in for the sender check: a page of another origin is a foreign sender.
  const from = req.headers.origin;
  const trusted = from === undefined || from === origin;
  const result = await serveCall(channel as CallName, dispatch, trusted, request);
  send(res, 200, headers, 'application/json; charset=utf-8', JSON.stringify(result));
}

/** The request body as text, or null when it is larger than MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  type: string,
  body: string | Buffer,
): void {
  res.writeHead(status, { ...headers, 'content-type': type });
  res.end(body);
}
