import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_VERSION } from '../../main/core/runs/journal-schema';
import { journalPath, readJournal, RUNS_FOLDER } from '../../main/core/runs/run-journal';
import { tempDir } from '../support/fixtures';

// The journal is the one persisted file a resume trusts to know what was done: it is read line by line
// against its format, and anything it cannot replay safely is refused with the line and what to do.

const RUN_ID = '20261206-101500-abcd';
let dataDir: string;

const started = (extra: Record<string, unknown> = {}) => ({
  type: 'run-started',
  at: '2026-12-06T10:15:00.000Z',
  run: {
    runId: RUN_ID,
    sites: ['North'],
    technician: 'jo',
    laptop: 'lap',
    toolVersion: '0.1.0',
    startedAt: '2026-12-06T10:15:00.000Z',
    options: { target: 'Device', dataTypes: ['GFX'], concurrency: 4, perSite: null, dryRun: false },
  },
  controllers: [
    {
      id: '10.0.0.5:443',
      name: 'AHU-1',
      host: '10.0.0.5',
      port: 443,
      site: 'North',
      username: 'admin',
      credential: null,
      fingerprint: null,
      target: null,
      notes: null,
    },
  ],
  ...extra,
});
const finished = {
  type: 'controller-finished',
  at: '2026-12-06T10:16:00.000Z',
  id: '10.0.0.5:443',
  result: {
    controllerId: '10.0.0.5:443',
    name: 'AHU-1',
    site: 'North',
    host: '10.0.0.5',
    port: 443,
    status: 'failed',
    verdict: 'not-ready',
    verdictReason: 'x',
    attempts: 1,
    device: null,
    backup: null,
    error: { code: 'UNREACHABLE', message: 'refused', hint: 'h' },
    startedAt: null,
    finishedAt: null,
  },
};

async function write(lines: unknown[], tail = ''): Promise<void> {
  await fs.mkdir(path.join(dataDir, RUNS_FOLDER), { recursive: true });
  await fs.writeFile(journalPath(dataDir, RUN_ID), lines.map((l) => `${JSON.stringify(l)}\n`).join('') + tail);
}

beforeEach(async () => {
  dataDir = await tempDir('eclypse-journal-');
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('reading a run journal', () => {
  it('replays a journal of the first format (no version) and of this one', async () => {
    await write([started(), finished]);
    expect((await readJournal(dataDir, RUN_ID)).results.get('10.0.0.5:443')).toMatchObject({
      status: 'failed',
      error: { code: 'UNREACHABLE' },
    });
    await write([
      started({ journalVersion: JOURNAL_VERSION }),
      finished,
      { type: 'run-finished', at: 'x', cancelled: false },
    ]);
    expect((await readJournal(dataDir, RUN_ID)).finished).toBe(true);
  });

  it('ignores a torn last line (the process died mid-write)', async () => {
    await write([started(), finished], '{"type":"controller-fin');
    expect((await readJournal(dataDir, RUN_ID)).results.size).toBe(1);
  });

  it('refuses a line of the wrong shape, naming the line and the field', async () => {
    await write([
      started(),
      { ...finished, result: { ...finished.result, status: 'exploded' } },
      { type: 'run-resumed', at: 'x' },
    ]);
    await expect(readJournal(dataDir, RUN_ID)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/line 2 .*result\.status.*cannot be resumed safely/),
    });
    await write([started(), { type: 'teleported', at: 'x' }, { type: 'run-resumed', at: 'x' }]);
    await expect(readJournal(dataDir, RUN_ID)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('line 2'),
    });
    await write([
      { ...started(), controllers: 'all of them' },
      { type: 'run-resumed', at: 'x' },
    ]);
    await expect(readJournal(dataDir, RUN_ID)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/line 1 .*controllers/),
    });
  });

  it('refuses a journal from a newer version of the tool, saying to update', async () => {
    await write([started({ journalVersion: JOURNAL_VERSION + 1 }), finished]);
    await expect(readJournal(dataDir, RUN_ID)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/newer version.*Update the tool to resume/),
    });
  });
});
