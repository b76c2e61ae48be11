import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PAGE_URL, serveAppFile } from '../../main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../main/csp';
import { tempDir } from '../support/fixtures';

// The app:// handler is the page's whole file system: the built renderer's files, read-only, and nothing else
// of the disk, however a URL is spelled.

let work: string;
let renderer: string;

beforeAll(async () => {
  work = await tempDir('eclypse-app-protocol-');
  renderer = path.join(work, 'dist', 'renderer');
  await fs.mkdir(path.join(renderer, 'assets'), { recursive: true });
  await fs.writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>app</title>');
  await fs.writeFile(path.join(renderer, 'assets', 'index-1.js'), 'console.log(1)');
  await fs.writeFile(path.join(renderer, 'assets', 'index-1.css'), 'body{}');
  await fs.writeFile(path.join(work, 'dist', 'secret.txt'), 'not for the page');
  await fs.symlink(path.join(work, 'dist', 'secret.txt'), path.join(renderer, 'assets', 'link.js'));
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serveAppFile(new Request(url, { method }), renderer);

describe('app:// serving', () => {
  it('serves the page and its assets with their type, the strict CSP and nosniff', async () => {
    expect(APP_PAGE_URL).toBe('app://eclypse/index.html');
    const page = await get(APP_PAGE_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<!doctype html><title>app</title>');
    expect((await get('app://eclypse/')).status).toBe(200);
    const js = await get('app://eclypse/assets/index-1.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect((await get('app://eclypse/assets/index-1.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const head = await get(APP_PAGE_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves nothing outside the renderer folder, however the path is spelled', async () => {
    for (const url of [
      'app://eclypse/../secret.txt',
      'app://eclypse/%2e%2e/secret.txt',
      'app://eclypse/..%2fsecret.txt',
      'app://eclypse/assets/..%2f..%2fsecret.txt',
      'app://eclypse/..%5csecret.txt',
      'app://eclypse/assets/link.js',
      'app://eclypse/index.html%00.js',
      'app://eclypse/assets',
      'app://eclypse/missing.js',
      'app://other/index.html',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).toBe('');
    }
  });

  it('answers only reads', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await get(APP_PAGE_URL, method)).status, method).toBe(405);
  });
});
