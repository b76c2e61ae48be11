import fs from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';

// The page is served from app://eclypse/, a custom scheme, never file://: a file:// page gets privileges a web
// page would not (fetch of other file:// URLs, universal access for file:// frames), and every file of the disk
// shares its origin. Here only the files of the built renderer exist, under one origin of their own. Plain
// Node (Request and Response are web standards), so it is tested without Electron; main/index.ts registers it.

/** The scheme of the app's page. */
export const APP_SCHEME = 'app';
/** Host of every app:// URL (a standard scheme needs one; it also keeps the origin fixed). */
const APP_HOST = 'eclypse';
/** The address of the app's page, the only page a window may show. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * How the scheme is registered (before the app is ready): standard (relative URLs, an origin, 'self' in the
 * CSP) and secure (like https, so module scripts load), no CSP bypass, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * Answers one app:// request from the files under `rootDir` (the built renderer): GET or HEAD of a file that is
 * inside it, with its content type, the app's CSP and nosniff. Anything else — another host, a path that climbs
 * out (`..`, encoded or not), a link leading out, a folder, a missing file, another method — gets an error
 * status and no file.
 */
export async function serveAppFile(request: Request, rootDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refuse(400);
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404);
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return refuse(400);
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  // URL parsing already removed plain `..`; an encoded one, a backslash or a NUL is never a file of ours.
  if (relative.includes('\0') || relative.includes('\\') || relative.split('/').some((part) => part === '..'))
    return refuse(404);
  const root = await fs.realpath(rootDir);
  const file = path.resolve(root, `.${relative}`);
  try {
    // Where the file really is must be inside the renderer: a link there leads nowhere else.
    const real = await fs.realpath(file);
    if (!isInside(root, real)) return refuse(404);
    const stat = await fs.stat(real);
    if (!stat.isFile()) return refuse(404);
    const type = CONTENT_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
    const body = request.method === 'HEAD' ? null : new Uint8Array(await fs.readFile(real));
    return new Response(body, {
      status: 200,
      headers: { ...securityHeaders(), 'Content-Type': type, 'Content-Length': String(stat.size) },
    });
  } catch {
    return refuse(404);
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

function refuse(status: number): Response {
  return new Response(null, { status, headers: securityHeaders() });
}
