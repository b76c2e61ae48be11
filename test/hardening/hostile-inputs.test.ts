import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../main/app/dispatch';
import { serveCall } from '../../main/ipc';
import { parseInventoryCsv } from '../../main/core/inventory/csv-import';
import { MemoryStore } from '../../main/core/secrets/memory-store';
import { CALL_NAMES, type CallName } from '../../preload/api';
import { createFakeDesktop, type FakeDesktop } from '../harness/fake-desktop';
import { tempDir } from '../support/fixtures';

// What people and files hand the app: spreadsheets with formulas, files in the wrong encoding, huge
// inventories, a renderer that has been compromised, settings edited by hand. Each is refused with a
// clear reason, or read safely; none crashes main, escapes the archive or loses what was there.

let work: string;
let dataDir: string;
let desktop: FakeDesktop;
let dispatch: Dispatch;

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; hint: string } };
const call = (channel: CallName, request: unknown): Promise<Answer> =>
  serveCall(channel, dispatch, true, request) as Promise<Answer>;

beforeAll(async () => {
  work = await tempDir('eclypse-inputs-');
  dataDir = path.join(work, 'data');
  desktop = createFakeDesktop({ trust: false });
  ({ dispatch } = createDispatch({
    dataDir,
    home: work,
    desktop,
    secrets: async () => new MemoryStore(),
    emit: () => undefined,
  }));
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('inventory files', () => {
  it('formula injection: imported as text, exported neutralised, and read back the same', async () => {
    const csv = [
      'name,host,port,site,username',
      `"=HYPERLINK(""http://evil.example"",""AHU"")",10.0.0.1,443,"@SUM(A1:A9)",admin`,
      `+cmd|' /C calc'!A0,10.0.0.2,443,-Roof,admin`,
    ].join('\n');
    const imported = await call('inventory:importCsv', { text: csv, update: false });
    expect(imported).toMatchObject({ ok: true, value: { added: 2 } });
    desktop.choices.saveFile = path.join(work, 'export.csv');
    expect(await call('inventory:exportCsv', {})).toMatchObject({ ok: true });
    const exported = await fs.readFile(path.join(work, 'export.csv'), 'utf8');
    for (const line of exported
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)) {
      // No cell a spreadsheet would evaluate: formula-like values are quoted and start with '.
      for (const cell of line.match(/("([^"]|"")*"|[^,]*)(?=,|$)/g)!.filter(Boolean))
        expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
    }
    const again = parseInventoryCsv(Buffer.from(exported));
    expect(again.problems).toEqual([]);
    expect(again.controllers.map((c) => [c.name, c.site])).toEqual([
      ['=HYPERLINK("http://evil.example","AHU")', '@SUM(A1:A9)'],
      ["+cmd|' /C calc'!A0", '-Roof'],
    ]);
  });

  const text = 'name,host,port,site\nChaufferie é,10.0.0.9,443,Bâtiment\n';
  const encodings: Array<[string, Buffer, RegExp, number]> = [
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), /UTF-16/, 1],
    [
      'UTF-16 BE with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      /UTF-16/,
      1,
    ],
    ['UTF-16 LE without BOM', Buffer.from(text, 'utf16le'), /UTF-16/, 1],
    ['Latin-1 / Windows-1252', Buffer.from(text, 'latin1'), /not UTF-8/, 2],
  ];
  it.each(encodings)(
    '%s: refused with the line and how to save it, whether read as bytes or as the app reads it',
    async (_name, bytes, reason, line) => {
      const fromBytes = parseInventoryCsv(bytes);
      expect(fromBytes.controllers).toEqual([]);
      expect(fromBytes.problems[0]).toMatchObject({ line, reason: expect.stringMatching(reason) });
      // The app opens the file as text (inventory:openCsvFile) and previews that text: same refusal.
      const file = path.join(work, `inventory-${line}-${bytes.length}.csv`);
      await fs.writeFile(file, bytes);
      desktop.choices.openFile = file;
      const opened = (await call('inventory:openCsvFile', {})) as { ok: true; value: { text: string } };
      const preview = (await call('inventory:previewCsv', { text: opened.value.text })) as {
        ok: true;
        value: ReturnType<typeof parseInventoryCsv>;
      };
      expect(preview.value.controllers).toEqual([]);
      expect(preview.value.problems[0]).toMatchObject({ reason: expect.stringMatching(/UTF-16|not UTF-8/) });
      expect((await call('inventory:importCsv', { text: opened.value.text, update: false })).ok).toBe(false);
    },
  );

  it('100 000 lines with duplicates and bad ports: every problem found, in bounded time, nothing imported', async () => {
    const lines = ['name,host,port,site'];
    for (let i = 0; i < 100_000; i++) {
      const host = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const port = i % 1000 === 1 ? ['0', '65536', '-1', 'https', '443.0', ' 4 43'][i % 6]! : '443';
      lines.push(`C${i},${i % 997 === 5 ? '10.0.0.0' : host},${port},S${i % 20}`);
    }
    const started = performance.now();
    const result = (await call('inventory:previewCsv', { text: lines.join('\n') })) as {
      ok: true;
      value: ReturnType<typeof parseInventoryCsv>;
    };
    const ms = performance.now() - started;
    const problems = result.value.problems;
    expect(problems.filter((p) => p.column === 'port')).toHaveLength(100);
    // 10.0.0.0 is line 2's address: each later use of it is a duplicate naming line 2.
    const duplicates = problems.filter((p) => /already on line 2/.test(p.reason));
    expect(duplicates.length).toBe(Math.ceil((100_000 - 5) / 997) - 0);
    expect(ms).toBeLessThan(20_000);
    const refused = await call('inventory:importCsv', { text: lines.join('\n'), update: false });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/problem\(s\); nothing was imported/) },
    });
    console.info(
      `hostile-inputs: 100 000-line inventory previewed in ${ms.toFixed(0)} ms with ${problems.length} problems`,
    );
  });

  it('duplicate hosts in any spelling of the same address are caught', () => {
    const r = parseInventoryCsv(
      'name,host,port\nA,AHU-1.Plant.local,443\nB,ahu-1.plant.local,\nC,10.0.0.1,443\nD,10.0.0.1,0443\n',
    );
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'host'],
      // "0443" is port 443: the same controller as line 4.
      [5, 'host'],
    ]);
  });
});

describe('a compromised renderer', () => {
  const NOT_OBJECTS = [null, undefined, 42, 'text', [], [1, 2], true, () => 1];

  it('every call, given the wrong shape, is refused as INVALID_INPUT without reaching the core', async () => {
    for (const channel of CALL_NAMES) {
      for (const bad of NOT_OBJECTS) {
        const r = await call(channel, bad);
        // A few calls take no input at all ({}): extra junk must still never reach the core as something else.
        if (r.ok) expect(bad, channel).toBeUndefined();
        else expect(r.error.code, `${channel} ${String(bad)}`).toBe('INVALID_INPUT');
      }
    }
    expect(desktop.revealed).toEqual([]);
  });

  it('wrong types, unknown fields, oversized strings and prototype tricks are refused with a bounded message', async () => {
    const huge = 'A'.repeat(10 * 1024 * 1024);
    const cases: Array<[CallName, unknown]> = [
      ['inventory:add', { name: 'x', host: '10.0.0.1', port: '443' }],
      ['inventory:add', { name: huge, host: '10.0.0.1', port: 443 }],
      ['credentials:set', { profile: 'p', username: 'u', password: huge }],
      ['credentials:set', { profile: 'p', username: 'u', password: 'pw', isAdmin: true }],
      [
        'bulk:start',
        {
          controllerIds: Array.from({ length: 100_000 }, (_, i) => `h${i}:443`),
          target: 'Device',
          dataTypes: ['GFX'],
          trustNew: false,
        },
      ],
      ['bulk:start', { controllerIds: ['a:443'], target: 'Everything', dataTypes: ['GFX'], trustNew: 'yes' }],
      ['settings:set', JSON.parse('{"__proto__": {"polluted": true}, "concurrency": 4}')],
      ['settings:set', { concurrency: 1e9 }],
      ['inventory:previewCsv', { text: 'x'.repeat(21 * 1024 * 1024) }],
    ];
    for (const [channel, request] of cases) {
      const r = await call(channel, request);
      expect(r.ok, channel).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT');
        expect(r.error.message.length).toBeLessThanOrEqual(500);
        expect(r.error.message).not.toContain('AAAAAAAA');
      }
    }
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('archive:reveal opens nothing outside the archive, however the path is written', async () => {
    const archive = path.join(work, 'Documents', 'ECLYPSE Backups');
    await fs.mkdir(path.join(archive, 'Site', 'AHU'), { recursive: true });
    await fs.writeFile(path.join(archive, 'Site', 'AHU', 'a.ecybackup'), 'zip');
    const outside = [
      '../../etc/passwd',
      '/etc/passwd',
      'Site/../../outside',
      '..',
      '.',
      'C:\\Windows\\System32',
      '\\\\server\\share\\x',
      'Site/AHU/../../../x',
      '%2e%2e/%2e%2e/etc',
      'Site/AHU/a.ecybackup\u0000.txt',
    ];
    for (const p of outside) {
      const r = await call('archive:reveal', { path: p });
      expect(r.ok, p).toBe(false);
    }
    expect(desktop.revealed).toEqual([]);
    expect(await call('archive:reveal', { path: 'Site/AHU/a.ecybackup' })).toMatchObject({ ok: true });
    expect(desktop.revealed).toEqual([path.join(archive, 'Site', 'AHU', 'a.ecybackup')]);
  });
});

describe('settings edited by hand', () => {
  const NONSENSE: Array<[string, string | Buffer]> = [
    ['truncated JSON', '{"concurrency": 8, "archiveFolder": "/data/arch'],
    ['wrong types', '{"concurrency": "lots", "perSite": {"a": 1}, "format": 7}'],
    ['a JSON array', '[1, 2, 3]'],
    ['a disk root as the archive', '{"archiveFolder": "/"}'],
    ['a relative archive folder', '{"archiveFolder": "backups"}'],
    ['binary garbage', Buffer.from([0x00, 0xff, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef])],
    ['an empty file', ''],
  ];
  it.each(NONSENSE)(
    '%s: defaults with a clear warning, and the file kept until a save moves it aside',
    async (_name, content) => {
      const file = path.join(dataDir, 'settings.json');
      await fs.mkdir(dataDir, { recursive: true });
      for (const f of await fs.readdir(dataDir))
        if (f.startsWith('settings.damaged-')) await fs.rm(path.join(dataDir, f));
      await fs.writeFile(file, content);
      const got = (await call('settings:get', {})) as {
        ok: true;
        value: { concurrency: number; archiveFolder: string; warning: string | null };
      };
      expect(got.ok).toBe(true);
      expect(got.value).toMatchObject({
        concurrency: 4,
        archiveFolder: path.join(work, 'Documents', 'ECLYPSE Backups'),
      });
      // One line that says which file, what is wrong in it, and what happens now.
      expect(got.value.warning).toMatch(
        /^.*settings\.json could not be read \(.+\); the defaults are used until you save\.$/,
      );
      expect(got.value.warning).not.toMatch(/[\n{}[\]]|"code"/);
      if (_name === 'wrong types') expect(got.value.warning).toMatch(/concurrency: .*expected number/);
      // Reading never destroys: the file is byte for byte what the person wrote.
      expect(await fs.readFile(file)).toEqual(Buffer.from(content));
      expect(await call('settings:set', { concurrency: 6 })).toMatchObject({ ok: true, value: { concurrency: 6 } });
      const aside = (await fs.readdir(dataDir)).filter((f) => f.startsWith('settings.damaged-'));
      expect(aside).toHaveLength(1);
      expect(await fs.readFile(path.join(dataDir, aside[0]!))).toEqual(Buffer.from(content));
      expect(JSON.parse(await fs.readFile(file, 'utf8'))).toMatchObject({ concurrency: 6 });
    },
  );
});
