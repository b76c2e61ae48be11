import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/fixtures';

let work: string;

beforeAll(async () => {
  work = await tempDir('eclypse-cli-log-');
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

async function records(file: string): Promise<Array<Record<string, unknown>>> {
  return (await fs.readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('CLI --log and --verbose', () => {
  it('--log FILE writes JSON lines: the start with versions, each failed request and retry, the failure with its stack, the end with the exit code', async () => {
    // A port nothing listens on: refused at once, three attempts.
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    const file = path.join(work, 'logs', 'backup.log');
    const r = await runCli(
      [
        '--log',
        file,
        'backup',
        `127.0.0.1:${port}`,
        '--user',
        'admin',
        '--password-env',
        'LOG_PW',
        '--fingerprint',
        `${'AB:'.repeat(31)}AB`,
        '--out',
        path.join(work, 'archive'),
      ],
      { LOG_PW: 'Log-test-pw-1' },
    );
    expect(r.code).toBe(1);
    const lines = await records(file);
    expect(lines[0]).toMatchObject({
      level: 'info',
      event: 'command started',
      command: 'backup',
      node: process.version,
    });
    const failed = lines.filter((l) => l.event === 'request failed');
    expect(failed.map((l) => l.attempt)).toEqual([1, 2, 3]);
    expect(lines.filter((l) => l.event === 'retry').map((l) => [l.attempt, l.after])).toEqual([
      [2, 'UNREACHABLE'],
      [3, 'UNREACHABLE'],
    ]);
    expect(lines.find((l) => l.event === 'backup failed')).toMatchObject({
      level: 'error',
      controllerId: `127.0.0.1:${port}`,
      error: expect.objectContaining({ code: 'UNREACHABLE', stack: expect.stringContaining('CodedError') }),
    });
    expect(lines.at(-1)).toMatchObject({ event: 'command finished', exitCode: 1 });
    if (process.platform !== 'win32') expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(r.stdout + r.stderr).not.toMatch(/"event"/);
    expect(await fs.readFile(file, 'utf8')).not.toContain('Log-test-pw-1');
  });

  it('--verbose prints the records on stderr as readable lines, and never on stdout', async () => {
    const r = await runCli(['verify', '--out', path.join(work, 'empty-archive'), '--verbose', '--json']);
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} info {2}command started command=verify/m);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('a log file that cannot be written stops the command before it does anything, saying what to do', async () => {
    const blocker = path.join(work, 'a-file');
    await fs.writeFile(blocker, 'not a folder');
    const r = await runCli(['--log', path.join(blocker, 'x.log'), 'verify', '--out', path.join(work, 'empty-archive')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot write the log file');
    expect(r.stderr).toContain('Give --log a file in a folder you can write to');
  });

  it('a bad command line writes no log', async () => {
    const file = path.join(work, 'bad.log');
    const r = await runCli(['--log', file, 'verify', '--no-such-option']);
    expect(r.code).toBe(2);
    await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
