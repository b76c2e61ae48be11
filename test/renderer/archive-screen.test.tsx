// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveEntry, RunSummary, VerifyReport } from '../../preload/api';
import { ArchiveScreen } from '../../renderer/src/screens/archive/archive-screen';
import { useNotices } from '../../renderer/src/stores/notices';
import { fail, installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';

const SHA = '3f2a9c4d'.repeat(8);

function entry(site: string | null, controller: string, day: number, extra: Partial<ArchiveEntry> = {}): ArchiveEntry {
  const file = `${site ?? 'no-site'}/${controller}/${controller}_202611${String(day).padStart(2, '0')}.ecybackup`;
  return {
    path: file,
    site,
    controller,
    deviceFileName: controller,
    bytes: 2_400_000,
    sha256: SHA,
    compatibility: 'OK',
    finishedAt: `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`,
    verdict: 'ready',
    verdictReason: null,
    ...extra,
  };
}

const ENTRIES: ArchiveEntry[] = [
  entry('North', 'AHU-1', 20),
  entry('North', 'AHU-1', 21),
  entry('North', 'AHU-1', 22),
  entry('North', 'AHU-1', 23),
  entry('North', 'AHU-2', 23, { verdict: 'not-ready', verdictReason: 'Firmware 1.12 cannot restore it' }),
  entry('South', 'Boiler-1', 22, { verdict: 'ready-with-warning', verdictReason: 'No compatibility answer' }),
];

const RUNS: RunSummary[] = [
  {
    runId: 'run-2',
    sites: ['North', 'South'],
    startedAt: '2026-11-23T09:58:00.000Z',
    finishedAt: '2026-11-23T10:04:00.000Z',
    finished: true,
    totals: {
      total: 12,
      succeeded: 10,
      failed: 2,
      cancelled: 0,
      ready: 9,
      readyWithWarning: 1,
      notReady: 0,
      bytes: 24_000_000,
    },
  },
  {
    runId: 'run-1',
    sites: ['North'],
    startedAt: '2026-11-20T09:58:00.000Z',
    finishedAt: null,
    finished: false,
    totals: {
      total: 4,
      succeeded: 1,
      failed: 0,
      cancelled: 0,
      ready: 1,
      readyWithWarning: 0,
      notReady: 0,
      bytes: 2_400_000,
    },
  },
  {
    runId: 'run-0',
    sites: [],
    startedAt: '2026-11-19T09:58:00.000Z',
    finishedAt: null,
    finished: false,
    totals: { total: 0, succeeded: 0, failed: 0, cancelled: 0, ready: 0, readyWithWarning: 0, notReady: 0, bytes: 0 },
    damaged: 'line 3 is not JSON',
  },
];

function report(): VerifyReport {
  const base = {
    controller: 'AHU-1',
    site: 'North',
    expectedBytes: 2_400_000,
    expectedSha256: SHA,
    finishedAt: '2026-11-23T10:00:00.000Z',
  };
  return {
    archiveRoot: '/home/tech/ECLYPSE Backups',
    checkedAt: '2026-11-28T16:00:00.000Z',
    ok: false,
    totals: { entries: 8, ok: 4, changed: 1, missing: 1, orphaned: 1, invalidSidecar: 1, okBytes: 9_600_000 },
    entries: [
      ...ENTRIES.slice(0, 3).map((e) => ({
        ...base,
        path: e.path,
        status: 'ok' as const,
        bytes: e.bytes,
        actualSha256: SHA,
        detail: null,
      })),
      {
        ...base,
        path: ENTRIES[3]!.path,
        status: 'changed',
        bytes: 2_400_000,
        actualSha256: 'ff'.repeat(32),
        detail: 'The SHA-256 differs from the one recorded when it was saved.',
      },
      {
        ...base,
        controller: 'AHU-2',
        path: ENTRIES[4]!.path,
        status: 'missing',
        bytes: null,
        actualSha256: null,
        detail: 'The record exists but the backup file is gone.',
      },
      {
        ...base,
        controller: null,
        site: null,
        path: 'North/AHU-9/AHU-9.ecybackup',
        status: 'orphaned',
        bytes: 10,
        expectedBytes: null,
        expectedSha256: null,
        actualSha256: null,
        detail: 'A backup file without its record (.json): it cannot be checked.',
      },
      {
        ...base,
        controller: null,
        site: null,
        path: 'South/Boiler-1/old.ecybackup.json',
        status: 'invalid-sidecar',
        bytes: null,
        expectedBytes: null,
        expectedSha256: null,
        actualSha256: null,
        detail: 'schemaVersion: expected 1',
      },
      {
        ...base,
        controller: 'Boiler-1',
        path: ENTRIES[5]!.path,
        status: 'ok',
        bytes: 2_400_000,
        actualSha256: SHA,
        detail: null,
      },
    ],
  };
}

let fake: FakeEclypse;

beforeEach(() => {
  fake = installFakeEclypse({
    'archive:list': () => ENTRIES,
    'runs:list': () => RUNS,
    'archive:verify': report,
    'archive:reveal': () => null,
    'report:open': () => ({ html: '/r.html', csv: '/r.csv', json: '/r.json' }) as never,
  });
});
afterEach(() => cleanup());

describe('the Archive screen', () => {
  it('lists backups by site and controller with date, size, verdict and a grouped SHA-256; older ones folded', async () => {
    render(<ArchiveScreen />);
    // One table for every site, so the columns line up from one site to the next.
    const north = await screen.findByRole('table', { name: 'Backups by site and controller' });
    expect(within(north).getByRole('columnheader', { name: 'North · 2 controllers' })).toBeTruthy();
    expect(within(north).getByRole('columnheader', { name: 'South · 1 controller' })).toBeTruthy();
    expect(screen.getByText('6 backups of 3 controllers · 14 MB')).toBeTruthy();
    // AHU-1 has four backups: the newest three are shown.
    expect(within(north).getAllByRole('rowheader', { name: 'AHU-1' })).toHaveLength(3);
    await userEvent.click(within(north).getByRole('button', { name: 'Show 1 older backup of AHU-1' }));
    expect(within(north).getAllByRole('rowheader', { name: 'AHU-1' })).toHaveLength(4);
    const ahu2 = within(north).getByRole('rowheader', { name: 'AHU-2' }).closest('tr')!;
    expect(within(ahu2).getByText('Not ready')).toBeTruthy();
    expect(within(ahu2).getByText('Firmware 1.12 cannot restore it')).toBeTruthy();
    expect(within(ahu2).getByText('2.4 MB')).toBeTruthy();
    const sha = within(ahu2).getByLabelText(/^SHA-256 of AHU-2/);
    expect(sha.getAttribute('data-value')).toBe(SHA);
    // Short on screen (the first groups), the whole value copied.
    expect(sha.querySelectorAll('.fp-group')).toHaveLength(4);
    expect(sha.querySelector('.fp-group')!.textContent).toBe('3f2a');
    expect(sha.getAttribute('title')).toBe(SHA);
    expect(within(ahu2).getByRole('button', { name: /^Copy SHA-256 of AHU-2/ })).toBeTruthy();
  });

  it('"Verify all" reports ok / changed / missing / orphaned / unreadable records, each problem with its file and reason', async () => {
    render(<ArchiveScreen />);
    await screen.findByRole('columnheader', { name: /North/ });
    await userEvent.click(screen.getByRole('button', { name: 'Verify all' }));
    const panel = (await screen.findByRole('heading', { name: '4 files need attention' })).closest('section')!;
    const counts = within(within(panel).getByRole('list', { name: 'Verification counts' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(counts).toEqual(['Verified4', 'Changed1', 'Missing1', 'No record1', 'Record unreadable1']);
    const problems = within(panel)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(problems).toEqual([
      ['Changed', ENTRIES[3]!.path, 'AHU-1', 'The SHA-256 differs from the one recorded when it was saved.'],
      ['Missing', ENTRIES[4]!.path, 'AHU-2', 'The record exists but the backup file is gone.'],
      ['Record unreadable', 'South/Boiler-1/old.ecybackup.json', '—', 'schemaVersion: expected 1'],
      [
        'No record',
        'North/AHU-9/AHU-9.ecybackup',
        '—',
        'A backup file without its record (.json): it cannot be checked.',
      ],
    ]);
    // Each listed backup shows what the check found.
    const boiler = screen.getByRole('rowheader', { name: 'Boiler-1' }).closest('tr')!;
    expect(within(boiler).getByText('Verified')).toBeTruthy();
  });

  it('a clean archive says so plainly', async () => {
    fake.answer('archive:verify', () => ({
      ...report(),
      ok: true,
      totals: { entries: 6, ok: 6, changed: 0, missing: 0, orphaned: 0, invalidSidecar: 0, okBytes: 14_400_000 },
      entries: [],
    }));
    render(<ArchiveScreen />);
    await userEvent.click(await screen.findByRole('button', { name: 'Verify all' }));
    expect(await screen.findByRole('heading', { name: 'All 6 backups verified · 14 MB' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Files that need attention' })).toBeNull();
  });

  it('reveals a file in its folder, and says so when it cannot', async () => {
    render(<ArchiveScreen />);
    const ahu2 = (await screen.findByRole('rowheader', { name: 'AHU-2' })).closest('tr')!;
    await userEvent.click(within(ahu2).getByRole('button', { name: /^Show AHU-2, .* in its folder$/ }));
    expect(fake.mocks['archive:reveal']).toHaveBeenCalledWith({ path: ENTRIES[4]!.path });
    fake.answer('archive:reveal', () =>
      fail('INVALID_INPUT', 'gone', 'The file is no longer in the archive: verify the archive.'),
    );
    await userEvent.click(within(ahu2).getByRole('button', { name: /^Show AHU-2/ }));
    await waitFor(() =>
      expect(useNotices.getState().notices).toEqual([
        expect.objectContaining({ kind: 'error', body: 'The file is no longer in the archive: verify the archive.' }),
      ]),
    );
  });

  it('lists the runs with date, sites and totals, and opens a run’s report', async () => {
    render(<ArchiveScreen />);
    await userEvent.click(await screen.findByRole('tab', { name: 'Runs (3)' }));
    const runs = screen.getByRole('tabpanel', { name: 'Runs (3)' });
    await within(runs).findByText('North, South');
    const rows = within(runs).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]!.textContent).toMatch(/10 of 12 backed up · 2 failed/);
    expect(rows[0]!.textContent).toMatch(/24 MB/);
    expect(rows[1]!.textContent).toMatch(/Interrupted — resume it from Bulk run/);
    expect(rows[2]!.textContent).toMatch(/Journal damaged: line 3 is not JSON/);
    expect((within(rows[2]!).getByRole('button', { name: /Open report/ }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(within(rows[0]!).getByRole('button', { name: /Open report/ }));
    expect(fake.mocks['report:open']).toHaveBeenCalledWith({ runId: 'run-2', language: 'en' });
  });

  it('an empty archive says how backups get there', async () => {
    fake.answer('archive:list', () => []);
    fake.answer('runs:list', () => []);
    render(<ArchiveScreen />);
    expect(await screen.findByText('No backups yet')).toBeTruthy();
    await userEvent.click(screen.getByRole('tab', { name: 'Runs (0)' }));
    expect(screen.getByText('No runs yet')).toBeTruthy();
  });
});

describe('the Archive screen: search, compare, retention', () => {
  it('searches backups by controller, site or firmware', async () => {
    render(<ArchiveScreen />);
    await screen.findByRole('columnheader', { name: /North/ });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search backups' }), 'boiler');
    expect(screen.getByText('1 of 6 backups shown')).toBeTruthy();
    expect(screen.queryByRole('rowheader', { name: 'AHU-1' })).toBeNull();
    expect(screen.getByRole('rowheader', { name: 'Boiler-1' })).toBeTruthy();
  });

  it('compares the two backups ticked, older first, and shows what changed with its lines', async () => {
    fake.answer('archive:compare', (r) => ({
      a: { file: r.a, entries: 3, bytes: 100 },
      b: { file: r.b, entries: 3, bytes: 110 },
      added: 1,
      removed: 0,
      changed: 1,
      unchanged: 1,
      differences: [
        {
          name: 'BACNET/bacnet.json',
          change: 'changed',
          before: { bytes: 50, crc32: '00000001' },
          after: { bytes: 52, crc32: '00000002' },
          diff: {
            lines: [
              { op: '@', text: '@@ -1,1 +1,1 @@' },
              { op: '-', text: '"id": 1' },
              { op: '+', text: '"id": 2' },
            ],
            added: 1,
            removed: 1,
            truncated: false,
          },
        },
        { name: 'GFX/new.xml', change: 'added', before: null, after: { bytes: 8, crc32: '00000003' }, diff: null },
      ],
    }));
    render(<ArchiveScreen />);
    await screen.findByRole('columnheader', { name: /North/ });
    const compare = screen.getByRole('button', { name: 'Compare (tick two)' }) as HTMLButtonElement;
    expect(compare.disabled).toBe(true);
    const boxes = screen.getAllByRole('checkbox', { name: /^Compare AHU-1/ });
    await userEvent.click(boxes[0]!);
    await userEvent.click(boxes[1]!);
    // Two at most: the others wait.
    expect((boxes[2] as HTMLInputElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Compare the two ticked' }));
    const panel = await screen.findByRole('region', { name: 'Two backups compared' });
    const request = fake.calls.find((c) => c.channel === 'archive:compare')!.request as { a: string; b: string };
    // The newest two of AHU-1 were ticked (the 23rd, then the 22nd): compared from the older to the newer.
    expect([request.a, request.b]).toEqual([ENTRIES[2]!.path, ENTRIES[3]!.path]);
    expect(panel.textContent).toContain('1 added · 0 removed · 1 changed · 1 unchanged');
    expect(within(panel).getByLabelText('Lines changed in BACNET/bacnet.json').textContent).toContain('+ "id": 2');
  });

  it('retention: a preview that deletes nothing, then, asked once more, the deletion of what was previewed', async () => {
    const pruneReport = (dryRun: boolean) => ({
      archiveRoot: '/a',
      keep: 2,
      dryRun,
      folders: [
        {
          folder: 'North/AHU-1',
          identity: null,
          controller: 'AHU-1',
          site: 'North',
          newestVerified: ENTRIES[0]!.path,
          untouched: [],
          backups: [
            {
              path: ENTRIES[3]!.path,
              sidecar: `${ENTRIES[3]!.path}.json`,
              finishedAt: ENTRIES[3]!.finishedAt,
              bytes: 2_400_000,
              action: dryRun ? 'would-delete' : 'deleted',
              reason: 'older',
              verified: null,
            },
          ],
        },
      ],
      totals: { folders: 1, kept: 5, deleted: 1, failed: 0, bytesFreed: 2_400_000, untouched: 0 },
    });
    fake.answer('archive:prune', (r) => pruneReport(r.dryRun) as never);
    render(<ArchiveScreen />);
    await screen.findByRole('columnheader', { name: /North/ });
    const keep = screen.getByLabelText('Backups to keep per controller');
    await userEvent.clear(keep);
    await userEvent.type(keep, '0');
    expect(screen.getByText('A whole number from 1 to 1000.')).toBeTruthy();
    await userEvent.clear(keep);
    await userEvent.type(keep, '2');
    await userEvent.click(screen.getByRole('button', { name: 'Preview (deletes nothing)' }));
    expect(await screen.findByText('1 backup would be deleted (2.4 MB freed); 5 kept.')).toBeTruthy();
    expect(fake.calls.filter((c) => c.channel === 'archive:prune').map((c) => c.request)).toEqual([
      { keep: 2, dryRun: true },
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Delete this backup…' }));
    const ask = screen.getByRole('alertdialog', { name: 'Delete 1 backup?' });
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Keep them' }));
    await userEvent.click(within(ask).getByRole('button', { name: 'Delete 1 backup' }));
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.channel === 'archive:prune').map((c) => c.request)).toEqual([
        { keep: 2, dryRun: true },
        { keep: 2, dryRun: false },
      ]),
    );
  });
});
