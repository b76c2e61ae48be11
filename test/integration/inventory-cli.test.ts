import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/fixtures';

const FP = Array(32).fill('C3').join(':');

let work: string;
let dataDir: string;
const file = (name: string): string => path.join(work, name);
const exists = (p: string): Promise<boolean> =>
  fs.access(p).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  work = await tempDir();
  dataDir = path.join(work, 'data');
  await fs.writeFile(
    file('bad.csv'),
    `name,host,port,fingreprint\nAHU-1,10.0.0.1,,\n"Two\nlines",https://10.0.0.2,,\nVAV,10.0.0.3,70000,\n`,
  );
  await fs.writeFile(
    file('good.csv'),
    `\uFEFFname;host;port;site;fingerprint;credential\nAHU-1;10.0.0.1;;North;${FP};ops\n"VAV 2; roof";10.0.0.2;8443;South;;\n`,
  );
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('eclypse-backup inventory', () => {
  it('import of a file with problems prints each as "line N, column C: reason", saves nothing and exits 1', async () => {
    const r = await runCli(['inventory', 'import', file('bad.csv'), '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing was imported');
    expect(r.stderr).toContain(
      'line 1, column fingreprint: unknown column "fingreprint" (did you mean "fingerprint"?)',
    );
    expect(r.stderr).toContain('line 3, column name:');
    expect(r.stderr).toContain('line 3, column host:');
    expect(r.stderr).toContain('line 5, column port:');
    expect(await exists(dataDir)).toBe(false);

    const json = await runCli(['inventory', 'import', file('bad.csv'), '--data-dir', dataDir, '--json']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.status).toBe('rejected');
    expect(out.problems).toContainEqual({ line: 5, column: 'port', reason: expect.stringContaining('70000') });
  });

  it('import of a good file saves the controllers, pins the CSV fingerprint and prints the counts', async () => {
    const r = await runCli(['inventory', 'import', file('good.csv'), '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/added\s+2/);
    expect(r.stdout).toMatch(/pinned\s+1/);
    const saved = JSON.parse(await fs.readFile(path.join(dataDir, 'inventory.json'), 'utf8'));
    expect(saved.controllers.map((c: { id: string }) => c.id)).toEqual(['10.0.0.1:443', '10.0.0.2:8443']);
    const pins = JSON.parse(await fs.readFile(path.join(dataDir, 'known-devices.json'), 'utf8'));
    expect(pins.devices['10.0.0.1:443'].fingerprint).toBe(FP);

    const again = await runCli(['inventory', 'import', file('good.csv'), '--data-dir', dataDir, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: 'imported',
      added: [],
      duplicates: ['10.0.0.1:443', '10.0.0.2:8443'],
    });
  });

  it('list shows a table, and --json the controllers with their pin state, filtered by --site', async () => {
    const table = await runCli(['inventory', 'list', '--data-dir', dataDir]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/NAME\s+ADDRESS\s+SITE\s+CREDENTIAL\s+PIN/);
    expect(table.stdout).toMatch(/AHU-1\s+10\.0\.0\.1:443\s+North\s+ops\s+pinned/);
    expect(table.stdout).toMatch(/VAV 2; roof\s+10\.0\.0\.2:8443\s+South\s+—\s+none/);

    const json = await runCli(['inventory', 'list', '--site', 'south', '--json', '--data-dir', dataDir]);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.controllers).toEqual([
      expect.objectContaining({ id: '10.0.0.2:8443', name: 'VAV 2; roof', pin: 'none' }),
    ]);
  });

  it('export writes a CSV the import reads back, and refuses to overwrite without --force', async () => {
    const target = file('export.csv');
    const r = await runCli(['inventory', 'export', target, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 controllers exported');
    const text = await fs.readFile(target, 'utf8');
    expect(text).toContain('name,host,port,site,username,fingerprint,credential,target');

    await fs.writeFile(target, 'keep me');
    const refused = await runCli(['inventory', 'export', target, '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force');
    expect(await fs.readFile(target, 'utf8')).toBe('keep me');

    const forced = await runCli(['inventory', 'export', target, '--force', '--data-dir', dataDir]);
    expect(forced.code).toBe(0);
    expect(await fs.readFile(target, 'utf8')).toBe(text);

    const fresh = path.join(work, 'fresh');
    const reimport = await runCli(['inventory', 'import', target, '--data-dir', fresh, '--json']);
    expect(reimport.code, reimport.stdout).toBe(0);
    expect(JSON.parse(reimport.stdout).added).toEqual(['10.0.0.1:443', '10.0.0.2:8443']);
  });

  it('missing arguments are bad usage (exit 2)', async () => {
    expect((await runCli(['inventory', 'import'])).code).toBe(2);
    expect((await runCli(['inventory', 'export'])).code).toBe(2);
  });
});
