import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../simulator/index';
import type { SimController } from '../simulator/types';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/fixtures';

// The live counter of `bulk` ("[3/12] ✓ AHU-3 …") as a technician reads it in a log: the number of controllers
// finished at the moment the line is printed. Controllers here finish together (same job length, all at once),
// which is when a counter taken from the coalesced run-progress figure repeated itself and went backwards.

let work: string;
let sims: SimController[] = [];

beforeAll(async () => {
  work = await tempDir('eclypse-counter-');
});
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

interface CountedLine {
  count: number;
  total: number;
  kind: 'started' | 'ended' | 'retry';
  text: string;
}

function countedLines(stderr: string): CountedLine[] {
  return stderr
    .split('\n')
    .map((text) => ({ text, m: /^\[(\d+)\/(\d+)\] (\S)/.exec(text) }))
    .filter((x) => x.m !== null)
    .map(({ text, m }) => ({
      count: Number(m![1]),
      total: Number(m![2]),
      kind: m![3] === '…' ? 'started' : m![3] === '↻' ? 'retry' : 'ended',
      text,
    }));
}

/** Each end line counts one more than the one before; every line shows how many ended before or with it. */
function expectTrueCounter(lines: CountedLine[], alreadyDone: number, total: number): void {
  let ended = alreadyDone;
  for (const line of lines) {
    expect(line.total, line.text).toBe(total);
    if (line.kind === 'ended') ended += 1;
    expect(line.count, `${line.text}\n(in ${lines.map((l) => l.text).join('\n')})`).toBe(ended);
  }
  expect(ended).toBe(total);
}

async function campus(count: number, password: string): Promise<string> {
  sims = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startController({ name: `AHU-${i + 1}`, site: 'Campus', jobDurationMs: 700, backupBytes: 16 * 1024, password }),
    ),
  );
  const file = path.join(work, `inventory-${Date.now()}.csv`);
  const lines = sims.map((s) => `${s.spec.name},${s.host},${s.port},Campus,admin,${s.fingerprint}`);
  await fs.writeFile(file, `name,host,port,site,username,fingerprint\n${lines.join('\n')}\n`);
  return file;
}

describe('bulk: the live counter', () => {
  it('counts every ending once, in order, when many controllers finish in the same instant', async () => {
    const inventory = await campus(8, 'admin');
    const out = path.join(work, 'a');
    const r = await runCli(
      [
        'bulk',
        '--inventory',
        inventory,
        '--user',
        'admin',
        '--password-env',
        'PW',
        '--concurrency',
        '8',
        '--data-dir',
        path.join(out, 'data'),
        '--out',
        path.join(out, 'archive'),
      ],
      { PW: 'admin' },
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = countedLines(r.stderr);
    expect(lines.filter((l) => l.kind === 'ended').map((l) => l.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(lines.filter((l) => l.kind === 'started')).toHaveLength(8);
    expectTrueCounter(lines, 0, 8);
  });

  it('a resumed run goes on counting from the controllers finished before the interruption', async () => {
    const inventory = await campus(6, 'admin');
    const out = path.join(work, 'b');
    const dataDir = path.join(out, 'data');
    const args = ['--user', 'admin', '--password-env', 'PW', '--data-dir', dataDir, '--out', path.join(out, 'archive')];
    const first = await runCli(
      ['bulk', '--inventory', inventory, ...args, '--concurrency', '2'],
      { PW: 'admin' },
      (err, control) => {
        if ((err.match(/✓/g) ?? []).length >= 2) control.kill();
      },
    );
    expect(first.signal).toBe('SIGKILL');
    const done = countedLines(first.stderr).filter((l) => l.kind === 'ended').length;
    expect(done).toBeGreaterThanOrEqual(2);
    const resumed = await runCli(['bulk', '--resume', 'last', ...args, '--concurrency', '6'], { PW: 'admin' });
    expect(resumed.code, resumed.stderr).toBe(0);
    const lines = countedLines(resumed.stderr);
    // Controllers killed mid-backup are backed up again; the ones the journal holds as done are not.
    expectTrueCounter(lines, 6 - lines.filter((l) => l.kind === 'ended').length, 6);
    expect(lines.filter((l) => l.kind === 'ended')[0]!.count).toBeGreaterThanOrEqual(done + 1);
  });
});
