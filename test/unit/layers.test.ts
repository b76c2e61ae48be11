import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors';

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('layers', () => {
  it('main/core imports neither Electron, the DOM, the CLI nor test code', () => {
    const offenders = sources('main/core').flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            i === 'electron' ||
            i.startsWith('electron/') ||
            /(^|\/)(cli|test|renderer|preload)\//.test(i) ||
            i === 'react',
        )
        .map((i) => `${f}: ${i}`),
    );
    expect(offenders).toEqual([]);
    const domUse = sources('main/core').filter((f) =>
      /^(?!\s*(\*|\/\/)).*\b(window|document)\.\w/m.test(fs.readFileSync(f, 'utf8')),
    );
    expect(domUse).toEqual([]);
  });

  it('main/core reads as the data flows: a folder imports only from the folders before it, never the other way round', () => {
    // Talk to one controller → files on disk → the laptop's inventory and keychain → one controller's backup →
    // many controllers (runs) and the field capture → what is handed over (reports). The files at the root of
    // main/core (errors, units, version) and the log come first.
    const ORDER: Record<string, number> = {
      '.': 0,
      log: 0,
      device: 1,
      archive: 2,
      inventory: 3,
      secrets: 3,
      backup: 4,
      runs: 5,
      diagnose: 5,
      reports: 6,
    };
    const folderOf = (file: string): string => {
      const rel = path.relative('main/core', file).split(path.sep);
      return rel.length > 1 ? rel[0]! : '.';
    };
    const folders = new Set(sources('main/core').map(folderOf));
    expect(
      [...folders].filter((f) => !(f in ORDER)),
      'every folder of main/core has its place in the order',
    ).toEqual([]);
    const against = sources('main/core').flatMap((file) =>
      imports(file)
        .filter((i) => i.startsWith('.'))
        .map((i) => path.resolve(path.dirname(file), i))
        .filter((target) => target.startsWith(path.resolve('main/core') + path.sep))
        .map((target) => ({
          from: folderOf(file),
          to: folderOf(path.relative('.', target)),
          file,
          target: path.relative('.', target),
        }))
        .filter(({ from, to }) => from !== to && ORDER[to]! >= ORDER[from]!)
        .map(({ file: f, target }) => `${f} imports ${target}`),
    );
    expect(against).toEqual([]);
  });

  it('only the thin Electron files import electron', () => {
    const allowed = new Set(['main/index.ts', 'main/ipc.ts', 'main/window.ts', 'main/desktop.ts', 'preload/index.ts']);
    const importers = [...sources('main'), ...sources('preload'), ...sources('renderer')]
      .filter((f) => imports(f).some((i) => i === 'electron' || i.startsWith('electron/')))
      .map((f) => f.split(path.sep).join('/'));
    expect(importers.filter((f) => !allowed.has(f))).toEqual([]);
  });

  it('the renderer imports no Node module', () => {
    // renderer/vite.config.ts is build tooling that runs in Node; the page's code is renderer/src.
    expect(sources('renderer/src').length).toBeGreaterThan(10);
    const offenders = sources('renderer/src').flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            i.startsWith('node:') ||
            ['fs', 'path', 'os', 'child_process', 'electron'].includes(i) ||
            i.includes('main/core'),
        )
        .map((i) => `${f}: ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the contract brings the renderer no Node code: it imports only zod and shared/, types included', () => {
    const outside = imports('preload/api.ts').filter((i) => i !== 'zod' && !i.startsWith('../shared/'));
    expect(outside).toEqual([]);
  });

  it('shared/ (the vocabulary of app, core and CLI) imports nothing but itself, and uses neither Node nor the DOM', () => {
    const files = sources('shared');
    expect(files.length).toBeGreaterThan(5);
    const outside = files.flatMap((f) =>
      imports(f)
        .filter((i) => !i.startsWith('./') && !i.startsWith('../'))
        .map((i) => `${f}: ${i}`),
    );
    expect(outside).toEqual([]);
    // A relative import may not climb out of shared/.
    const escaping = files.flatMap((f) =>
      imports(f)
        .filter((i) => !path.resolve(path.dirname(f), i).startsWith(path.resolve('shared') + path.sep))
        .map((i) => `${f}: ${i}`),
    );
    expect(escaping).toEqual([]);
    // Code only: comments and string literals (the catalogues' words) may say "process" or "window".
    const code = (f: string): string =>
      fs
        .readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
    const platform = files.filter((f) =>
      /\b(window|document|navigator|process|Buffer|require|globalThis)\b\s*[.([]/.test(code(f)),
    );
    expect(platform).toEqual([]);
  });

  it('no console in the app, the core or the CLI: records go through the one logger (and its redaction)', () => {
    const offenders = [...sources('main'), ...sources('preload'), ...sources('renderer/src')].filter((f) =>
      /^(?!\s*(\*|\/\/)).*\bconsole\.\w+\s*\(/m.test(fs.readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('the README explains every error code', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(ERROR_CODES.filter((c) => !readme.includes(`| \`${c}\` |`))).toEqual([]);
  });
});
