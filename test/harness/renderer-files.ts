import fs from 'node:fs/promises';
import path from 'node:path';
import { HARNESS_PATHS } from './bridge-script';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A file of the built renderer, ready to send. */
export interface RendererFile {
  body: Buffer;
  type: string;
}

/**
 * `index.html` with the harness bridge loaded before any of the page's own scripts (as the preload runs before
 * the page in Electron). A file, not inline code: the page keeps its `script-src 'self'`.
 */
function injectBridge(html: string): string {
  const tag = `<script src="${HARNESS_PATHS.bridge}"></script>`;
  const at = html.search(/<script\b/i);
  if (at >= 0) return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
  const head = html.search(/<\/head>/i);
  if (head < 0) throw new Error('index.html has neither a <script> nor a </head> to put the harness bridge before');
  return `${html.slice(0, head)}  ${tag}\n  ${html.slice(head)}`;
}

/** The file at a URL path under the renderer folder, or null (missing, a folder, or outside the folder). */
export async function readRendererFile(root: string, urlPath: string): Promise<RendererFile | null> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(root, `.${relative}`);
  // `..` or an encoded separator must not reach the rest of the disk.
  if (relative.includes('\0') || !file.startsWith(`${path.resolve(root)}${path.sep}`)) return null;
  const body = await fs.readFile(file).catch(() => null);
  if (!body) return null;
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  if (path.basename(file) === 'index.html' && path.dirname(file) === path.resolve(root)) {
    return { body: Buffer.from(injectBridge(body.toString('utf8'))), type };
  }
  return { body, type };
}
