import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../simulator/index';
import type { ControllerSpec, SimController } from '../simulator/types';
import { tempDir } from '../support/fixtures';
import { runCli, type CliResult } from '../support/run-cli';

// What a controller says — compatibility, file names, job messages, zip entry names, ENVYSION names, model,
// firmware — reaches the technician's terminal through the CLI. None of it may carry a control character, an
// escape sequence or a bidirectional override there, and no line may be longer than the bound. The --json
// output keeps the controller's exact text, escaped so that a terminal shows it inert.

/** An OSC that retitles the window, a screen clear, colour, an 8-bit CSI, a right-to-left override, a forged line, 3 000 characters. */
const HOSTILE =
  '\u001b]0;owned\u0007\u001b[2J\u001b[1;31mRED\u009b2J\u202eevil\u2066 \r\n✓ FAKE saved ' + 'x'.repeat(3000);
/** The same, short enough to be part of a file name. */
const HOSTILE_NAME = '\u001b[2J\u009b31m\u202eevil\u2066\r\n✓ FAKE';
// Anything a terminal acts on: C0 controls but the line feed, DEL and C1 controls, bidi and invisible format characters.

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const MAX_LINE = 400;

let work: string;
const sims: SimController[] = [];

beforeAll(async () => {
  work = await tempDir('eclypse-terminal-');
});
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

async function liar(spec: Partial<ControllerSpec>): Promise<SimController> {
  const s = await startController({
    name: 'LIAR',
    site: 'Hostile',
    jobDurationMs: 60,
    backupBytes: 16 * 1024,
    ...spec,
  });
  sims.push(s);
  return s;
}

let runs = 0;
function backup(s: SimController, extra: string[] = []): Promise<CliResult> {
  const dir = path.join(work, `run-${++runs}`);
  return runCli(
    [
      'backup',
      `${s.host}:${s.port}`,
      '--user',
      'admin',
      '--password-env',
      'PW',
      '--fingerprint',
      s.fingerprint,
      '--data-dir',
      path.join(dir, 'data'),
      '--out',
      path.join(work, 'archive'),
      ...extra,
    ],
    { PW: 'admin' },
  );
}

/** What a person sees: nothing a terminal acts on, no line over the bound, and the controller's words still there. */
function expectSafeForPerson(r: CliResult, visible: string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  const bad = [...all].filter((c) => UNSAFE.test(c)).map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  expect(bad, all).toEqual([]);
  for (const line of all.split('\n')) expect(line.length, line.slice(0, 120)).toBeLessThanOrEqual(MAX_LINE);
  expect(all).toContain(visible);
}

/** What a script reads: one JSON object, inert on a terminal, that still holds the controller's exact text. */
function expectFaithfulJson(r: CliResult): Record<string, unknown> {
  expect([...r.stdout].filter((c) => UNSAFE.test(c) && c !== '\n')).toEqual([]);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** A stored zip of one entry named `name` whose CRC does not match its bytes: the read-back names the entry. */
function badCrcZip(name: string): Buffer {
  const data = Buffer.from('not what the CRC says');
  const crc = (zlib.crc32(data) ^ 0xffff) >>> 0;
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  // UTF-8 names (bit 11): read as CP437 the escape codes would already be harmless glyphs.
  local.writeUInt16LE(0x0800, 6);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const body = Buffer.concat([local, n, data]);
  const dir = Buffer.concat([central, n]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, dir, end]);
}

describe('controller text on the terminal', () => {
  it('compatibility and file name of a saved backup', async () => {
    const s = await liar({ faults: { compatibility: HOSTILE, renameNewFile: (n) => `${n}${HOSTILE_NAME}` } });
    const human = await backup(s);
    expect(human.code, human.stderr).toBe(0);
    expectSafeForPerson(human, 'REDevil');
    expect(human.stdout).toContain('✓ FAKE saved xxx');
    const json = expectFaithfulJson(await backup(s, ['--json']));
    expect((json.backup as { compatibility: string }).compatibility).toBe(HOSTILE);
    expect((json.backup as { deviceFileName: string }).deviceFileName).toContain(HOSTILE_NAME);
  });

  it('the device file name of a backup left on the USB key', async () => {
    const s = await liar({
      usbKeyPresent: true,
      faults: { renameNewFile: (n) => `${n}${HOSTILE_NAME}${'y'.repeat(1000)}` },
    });
    const human = await backup(s, ['--target', 'UsbKey']);
    expect(human.code, human.stderr).toBe(0);
    expectSafeForPerson(human, 'Device file');
    expect(human.stdout).toContain('evil ✓ FAKEyyy');
  });

  it('the message of a failed job', async () => {
    const body = Buffer.from(JSON.stringify({ progress: 100, status: 'Failed', error: HOSTILE }));
    const s = await liar({
      faults: { phaseFault: { phase: 'job', kind: 'body', body, contentType: 'application/json' } },
    });
    const human = await backup(s);
    expect(human.code).toBe(1);
    expectSafeForPerson(human, 'JOB_FAILED');
    expect(human.stderr).toMatch(/REDevil +✓ FAKE saved/);
    const json = expectFaithfulJson(await backup(s, ['--json']));
    expect((json.error as { message: string }).message).toContain(HOSTILE);
  });

  it('a zip entry name in a refused download', async () => {
    const s = await liar({
      faults: {
        phaseFault: {
          phase: 'download',
          kind: 'body',
          body: badCrcZip(`DB/${HOSTILE_NAME}.db`),
          contentType: 'application/octet-stream',
        },
      },
    });
    const human = await backup(s);
    expect(human.code).toBe(1);
    expectSafeForPerson(human, 'ARCHIVE_INVALID');
    expect(human.stderr).toContain('DB/evil ✓ FAKE.db');
  });

  it('ENVYSION project names listed when the one asked for is missing', async () => {
    const s = await liar({ envysionProjects: [`Lobby${HOSTILE_NAME}`, HOSTILE] });
    const human = await backup(s, ['--envysion', 'Nope']);
    expect(human.code).toBe(2);
    expectSafeForPerson(human, 'Lobbyevil ✓ FAKE');
  });

  it('model and firmware in the pre-flight table, and a bulk run with its summary and live lines', async () => {
    const a = await liar({
      name: 'AHU-1',
      modelName: HOSTILE,
      softwareVersion: HOSTILE_NAME,
      faults: { compatibility: `WARNING ${HOSTILE}` },
    });
    const b = await liar({
      name: 'AHU-2',
      faults: {
        jobFails: true,
        phaseFault: {
          phase: 'job',
          kind: 'body',
          body: Buffer.from(JSON.stringify({ progress: 100, status: 'Failed', error: HOSTILE })),
        },
      },
    });
    const csv = path.join(work, 'inventory.csv');
    const line = (s: SimController, name: string) => `"${name}",${s.host},${s.port},Hostile,admin,${s.fingerprint}`;
    await fs.writeFile(csv, `name,host,port,site,username,fingerprint\n${line(a, 'AHU-1')}\n${line(b, 'AHU-2')}\n`);
    const args = [
      '--inventory',
      csv,
      '--password-env',
      'PW',
      '--data-dir',
      path.join(work, 'bulk-data'),
      '--out',
      path.join(work, 'bulk-archive'),
    ];
    const dry = await runCli(['bulk', ...args, '--dry-run'], { PW: 'admin' });
    expectSafeForPerson(dry, 'REDevil');
    const run = await runCli(['bulk', ...args], { PW: 'admin' });
    expect(run.code).toBe(1);
    expectSafeForPerson(run, 'AHU-2');
    expect(run.stderr).toMatch(/✗ AHU-2 .*REDevil +✓ FAKE saved/);
    expect(run.stdout).toMatch(/Warnings:\n {2}⚠ AHU-1: WARNING REDevil/);
    const json = expectFaithfulJson(await runCli(['bulk', ...args, '--json'], { PW: 'admin' }));
    const results = json.results as Array<{ name: string; device: { modelName: string } | null }>;
    expect(results.find((r) => r.name === 'AHU-1')!.device!.modelName).toBe(HOSTILE);
  });

  it('file names in prune and verify output', async () => {
    const s = await liar({ name: 'PRUNE', faults: { renameNewFile: (n) => `${n}${HOSTILE_NAME}` } });
    const out = path.join(work, 'prune-archive');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(
        [
          'backup',
          `${s.host}:${s.port}`,
          '--user',
          'admin',
          '--password-env',
          'PW',
          '--fingerprint',
          s.fingerprint,
          '--data-dir',
          path.join(work, 'prune-data'),
          '--out',
          out,
        ],
        { PW: 'admin' },
      );
      expect(r.code, r.stderr).toBe(0);
    }
    const prune = await runCli(['prune', '--keep', '1', '--dry-run', '--out', out]);
    expect(prune.code, prune.stderr).toBe(0);
    expectSafeForPerson(prune, 'would delete');
    // A file whose bytes changed is listed by name.
    const folder = path.join(out, 'unassigned');
    const [controller] = await fs.readdir(folder);
    const file = (await fs.readdir(path.join(folder, controller!))).find((n) => n.endsWith('.ecybackup'))!;
    await fs.appendFile(path.join(folder, controller!, file), 'tampered');
    const verify = await runCli(['verify', '--out', out]);
    expect(verify.code).toBe(1);
    expectSafeForPerson(verify, 'CHANGED');
  });
});
