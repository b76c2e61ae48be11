// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InventoryController } from '../../preload/api';
import { ControllersScreen } from '../../renderer/src/screens/controllers/controllers-screen';
import { useNotices } from '../../renderer/src/stores/notices';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { BulkScreen } from '../../renderer/src/screens/bulk/bulk-screen';
import { fail, installFakeEclypse, type FakeEclypse } from './support/fake-eclypse';

const BAD_CSV = 'name,host,port,site\nAHU-1,10.0.1.11,443,North\nAHU-2,10.0.1.12,99999,North\n,10.0.1.13,443,North\n';
const GOOD_CSV =
  'name,host,port,site\nAHU-1,10.0.1.11,443,North\nAHU-2,10.0.1.12,443,North\nAHU-3,10.0.1.13,443,North\n';

function parsed(text: string): {
  controllers: InventoryController[];
  problems: Array<{ line: number; column: string | null; reason: string }>;
} {
  const problems: Array<{ line: number; column: string | null; reason: string }> = [];
  const controllers: InventoryController[] = [];
  text
    .trim()
    .split('\n')
    .slice(1)
    .forEach((l, i) => {
      const [name, host, port, site] = l.split(',');
      const line = i + 2;
      if (!name) problems.push({ line, column: 'name', reason: 'the name is empty' });
      if (Number(port) > 65535) problems.push({ line, column: 'port', reason: `"${port}" is not a port (1 to 65535)` });
      if (name && Number(port) <= 65535)
        controllers.push({
          id: `${host}:${port}`,
          name,
          host: host!,
          port: Number(port),
          site: site ?? null,
          username: null,
          credential: null,
          fingerprint: null,
          target: null,
          notes: null,
        });
    });
  return { controllers, problems };
}

let fake: FakeEclypse;

beforeEach(() => {
  fake = installFakeEclypse({
    'inventory:previewCsv': (r) => parsed(r.text),
    'inventory:importCsv': () => ({
      added: 2,
      updated: 0,
      unchanged: 0,
      duplicates: 1,
      pinned: 1,
      expected: 1,
      conflicts: [
        {
          id: '10.0.1.13:443',
          name: 'AHU-3',
          pinned: 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
          inCsv: '11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00',
        },
      ],
    }),
  });
});
afterEach(() => cleanup());

async function openImport(): Promise<HTMLElement> {
  render(<ControllersScreen />);
  await userEvent.click(await screen.findByRole('button', { name: 'Import a CSV…' }));
  return screen.getByRole('heading', { name: 'Import an inventory CSV' }).closest('section')!;
}

describe('importing an inventory CSV', () => {
  it('pasted text: every bad line with its line number, column and reason, and nothing imported until it is clean', async () => {
    const panel = await openImport();
    const user = userEvent.setup();
    const text = within(panel).getByLabelText(/CSV text/);
    await user.click(text);
    await user.paste(BAD_CSV);
    await user.click(within(panel).getByRole('button', { name: 'Check' }));

    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toMatch(/2 problems — nothing has been imported/);
    const lines = within(alert)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(lines).toEqual([
      ['3', 'port', '"99999" is not a port (1 to 65535)'],
      ['4', 'name', 'the name is empty'],
    ]);
    // The right lines are shown too, waiting for the fix.
    expect(
      within(panel).getByText(/This line is right; it is imported with the rest once every problem above is fixed/),
    ).toBeTruthy();
    expect(
      within(within(panel).getByRole('table', { name: 'Controllers in the CSV' })).getByText('AHU-1'),
    ).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: /^Import \d/ })).toBeNull();
    expect(fake.mocks['inventory:importCsv']).not.toHaveBeenCalled();

    // Fixed in place: an edit after a check needs a new check before anything can be imported.
    await user.clear(text);
    await user.click(text);
    await user.paste(GOOD_CSV);
    expect(within(panel).getByText(/The text changed since it was checked/)).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Check again' }));
    expect(await within(panel).findByText(/Every line is right: 3 controllers ready to import/)).toBeTruthy();
    expect(within(panel).getAllByRole('row')).toHaveLength(4);
    await user.click(within(panel).getByRole('checkbox', { name: /Update controllers that already exist/ }));
    await user.click(within(panel).getByRole('button', { name: 'Import 3 controllers' }));

    expect(fake.mocks['inventory:importCsv']).toHaveBeenCalledWith({ text: GOOD_CSV, update: true });
    const done = await screen.findByRole('heading', { name: 'Inventory imported' });
    const summary = done.closest('section')!;
    const counts = Object.fromEntries(
      within(summary)
        .getAllByRole('term')
        .map((t) => [t.textContent, t.nextElementSibling!.textContent]),
    );
    expect(counts).toEqual({
      Added: '2',
      Updated: '0',
      Unchanged: '0',
      'Already there, left as they were': '1',
      'Certificates pinned': '1',
      'Fingerprints to confirm on first contact': '1',
      'Certificate conflicts': '1',
    });
    expect(within(summary).getByText('AHU-3')).toBeTruthy();
    expect(summary.textContent).toMatch(/not imported: the CSV names a certificate other than the one trusted/);
    await user.click(within(summary).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('heading', { name: 'Inventory imported' })).toBeNull();
  });

  it('a file from the native dialog fills the text, is checked at once, and a cancelled dialog changes nothing', async () => {
    fake.answer('inventory:openCsvFile', () => null);
    const panel = await openImport();
    const user = userEvent.setup();
    await user.click(within(panel).getByRole('button', { name: 'Choose a file…' }));
    expect(fake.mocks['inventory:previewCsv']).not.toHaveBeenCalled();

    fake.answer('inventory:openCsvFile', () => ({ path: '/home/tech/site.csv', text: BAD_CSV }));
    await user.click(within(panel).getByRole('button', { name: 'Choose a file…' }));
    expect(await within(panel).findByText(/2 problems/)).toBeTruthy();
    expect(within(panel).getByText(/from \/home\/tech\/site.csv/)).toBeTruthy();
    expect((within(panel).getByLabelText(/CSV text/) as HTMLTextAreaElement).value).toBe(BAD_CSV);
    expect(fake.mocks['inventory:importCsv']).not.toHaveBeenCalled();
  });

  it('a file main refuses shows its hint', async () => {
    fake.answer('inventory:openCsvFile', () =>
      fail('INVALID_INPUT', 'site.csv is larger than 20 MB; split it.', 'Split the file into smaller ones.'),
    );
    const panel = await openImport();
    await userEvent.click(within(panel).getByRole('button', { name: 'Choose a file…' }));
    expect(await within(panel).findByText('Split the file into smaller ones.')).toBeTruthy();
    expect(within(panel).getByText('The CSV could not be read')).toBeTruthy();
  });

  it('exports through the save dialog and says where', async () => {
    fake.answer('controllers:overview', () => [
      {
        controller: {
          id: 'a:443',
          name: 'AHU-1',
          host: 'a',
          port: 443,
          site: null,
          username: null,
          credential: null,
          fingerprint: null,
          target: null,
          notes: null,
        },
        pinnedFingerprint: null,
        certState: 'unknown',
        lastBackup: null,
        lastRun: null,
      },
    ]);
    fake.answer('inventory:exportCsv', () => ({ path: '/home/tech/inventory.csv' }));
    render(<ControllersScreen />);
    await screen.findByText('AHU-1');
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV…' }));
    await waitFor(() =>
      expect(useNotices.getState().notices).toEqual([
        expect.objectContaining({ title: 'Inventory exported', body: '/home/tech/inventory.csv' }),
      ]),
    );
  });
});

describe('after an import', () => {
  it('"Check these N now" takes the imported controllers (not the conflicting ones) to a pre-flight that starts by itself', async () => {
    fake.answer(
      'bulk:preflight',
      (r) => ({ rows: [], estimatedBytes: 0, freeBytes: null, checked: r.controllerIds.length }) as never,
    );
    const panel = await openImport();
    const user = userEvent.setup();
    await user.click(within(panel).getByRole('button', { name: 'Start from the template' }));
    expect((within(panel).getByLabelText(/CSV text/) as HTMLTextAreaElement).value).toBe(
      'name,host,port,site,username,fingerprint,credential,target\n',
    );
    await user.clear(within(panel).getByLabelText(/CSV text/));
    await user.click(within(panel).getByLabelText(/CSV text/));
    await user.paste(GOOD_CSV);
    await user.click(within(panel).getByRole('button', { name: 'Check' }));
    await user.click(await within(panel).findByRole('button', { name: 'Import 3 controllers' }));
    // AHU-3's certificate contradicts a pin: it was not imported, so it is not checked either.
    await user.click(await screen.findByRole('button', { name: 'Check these 2 now' }));
    expect(useNavigation.getState().screen).toBe('bulk');
    expect(useNavigation.getState().bulkSelection).toEqual(['10.0.1.11:443', '10.0.1.12:443']);
    render(<BulkScreen />);
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.channel === 'bulk:preflight').map((c) => c.request)).toEqual([
        { controllerIds: ['10.0.1.11:443', '10.0.1.12:443'], trustNew: false },
      ]),
    );
  });
});
