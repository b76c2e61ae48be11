import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../main/core/errors';
import { parseInventoryCsv, type ControllerFields } from '../../main/core/inventory/csv-import';
import { INVENTORY_FILE, InventoryStore } from '../../main/core/inventory/inventory-store';
import { KnownDevices } from '../../main/core/inventory/known-devices';
import { tempDir } from '../support/fixtures';

const fp = (byte: string): string => Array(32).fill(byte).join(':');

function controller(name: string, host: string, extra: Partial<ControllerFields> = {}): ControllerFields {
  return {
    name,
    host,
    port: 443,
    site: null,
    username: null,
    credential: null,
    fingerprint: null,
    target: null,
    notes: null,
    ...extra,
  };
}

/** Parses a CSV that must have no problems. */
function csv(text: string) {
  const r = parseInventoryCsv(text);
  expect(r.problems).toEqual([]);
  return r.controllers;
}

async function rejection(promise: Promise<unknown>): Promise<CodedError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodedError);
  return err as CodedError;
}

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('InventoryStore: persistence', () => {
  it('starts empty, and keeps adds, updates and removals across loads', async () => {
    const store = await InventoryStore.load(dir);
    expect(store.list()).toEqual([]);
    await store.add(controller('AHU-1', '10.0.0.1', { site: 'Campus', fingerprint: fp('ab') }));
    await store.add(controller('VAV-2', 'Ctrl.Local', { port: 8443, notes: 'roof' }));
    await store.add(controller('Gone', '10.0.0.9'));
    await store.update('10.0.0.1:443', { credential: 'ops', target: 'UsbKey' });
    await store.remove('10.0.0.9:443');

    const again = await InventoryStore.load(dir);
    expect(again.list()).toEqual(store.list());
    expect(again.get('CTRL.local:8443')).toMatchObject({ id: 'ctrl.local:8443', host: 'Ctrl.Local', notes: 'roof' });
    expect(again.get('10.0.0.1:443')).toMatchObject({
      credential: 'ops',
      target: 'UsbKey',
      fingerprint: 'AB:'.repeat(31) + 'AB',
    });
    const file = JSON.parse(await fs.readFile(path.join(dir, INVENTORY_FILE), 'utf8'));
    expect(file.schemaVersion).toBe(1);
    expect(file.controllers).toHaveLength(2);
  });

  it('refuses a second controller at the same address, and bad fields, naming what to fix', async () => {
    const store = await InventoryStore.load(dir);
    await store.add(controller('A', 'ctrl.local'));
    expect((await rejection(store.add(controller('B', 'CTRL.LOCAL')))).message).toMatch(
      /ctrl\.local:443 is already in the inventory as "A"/,
    );
    const bad = await rejection(store.add(controller('C', 'https://10.0.0.3')));
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toMatch(/host: .*without "https:\/\/"/);
    expect((await rejection(store.update('nope:443', { name: 'x' }))).message).toMatch(/No controller nope:443/);
    expect(store.list().map((c) => c.name)).toEqual(['A']);
  });

  it('moves a controller to a new address in place, but not onto another controller', async () => {
    const store = await InventoryStore.load(dir);
    await store.add(controller('A', '10.0.0.1'));
    await store.add(controller('B', '10.0.0.2'));
    await store.update('10.0.0.1:443', { host: '10.0.0.5', port: 8443 });
    expect(store.list().map((c) => c.id)).toEqual(['10.0.0.5:8443', '10.0.0.2:443']);
    expect((await rejection(store.update('10.0.0.2:443', { host: '10.0.0.5', port: 8443 }))).message).toMatch(
      /another controller/,
    );
  });

  it('filters by site (any case) and by search text', async () => {
    const store = await InventoryStore.load(dir);
    await store.add(controller('AHU-1', '10.0.0.1', { site: 'North' }));
    await store.add(controller('AHU-2', '10.0.0.2', { site: 'South' }));
    await store.add(controller('Boiler', '10.1.0.3', { site: 'north', credential: 'plant' }));
    expect(store.list({ site: 'NORTH' }).map((c) => c.name)).toEqual(['AHU-1', 'Boiler']);
    expect(store.list({ search: 'ahu' }).map((c) => c.name)).toEqual(['AHU-1', 'AHU-2']);
    expect(store.list({ search: '10.1.' }).map((c) => c.name)).toEqual(['Boiler']);
    expect(store.list({ site: 'north', search: 'plant' }).map((c) => c.name)).toEqual(['Boiler']);
  });

  it('refuses a damaged file, naming it, and leaves it byte for byte untouched', async () => {
    const file = path.join(dir, INVENTORY_FILE);
    const valid = { schemaVersion: 1, controllers: [{ ...controller('A', '10.0.0.1'), id: '10.0.0.1:443' }] };
    const damaged = [
      '{"schemaVersion":1,"controllers":[',
      JSON.stringify({ ...valid, schemaVersion: 2 }),
      JSON.stringify({ schemaVersion: 1, controllers: [{ ...valid.controllers[0], port: 'x' }] }),
      JSON.stringify({ schemaVersion: 1, controllers: [{ ...valid.controllers[0], id: 'other:443' }] }),
      JSON.stringify({ schemaVersion: 1, controllers: [valid.controllers[0], valid.controllers[0]] }),
      JSON.stringify({ schemaVersion: 1, controllers: [{ ...valid.controllers[0], name: 'a\nb' }] }),
    ];
    for (const text of damaged) {
      await fs.writeFile(file, text);
      const err = await rejection(InventoryStore.load(dir));
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/left untouched/);
      expect(await fs.readFile(file, 'utf8')).toBe(text);
    }
    await fs.writeFile(file, JSON.stringify(valid));
    expect((await InventoryStore.load(dir)).list()).toHaveLength(1);
  });
});

describe('InventoryStore: import', () => {
  it('adds new controllers and reports those already present as duplicates, unchanged', async () => {
    const store = await InventoryStore.load(dir);
    await store.add(controller('Old name', '10.0.0.1', { notes: 'keep me' }));
    const r = await store.importControllers(csv('name,host,site\nNew name,10.0.0.1,North\nB,10.0.0.2,North\n'), {
      update: false,
    });
    expect(r.added.map((c) => c.name)).toEqual(['B']);
    expect(r.duplicates.map((c) => c.name)).toEqual(['Old name']);
    expect(r.updated).toEqual([]);
    expect((await InventoryStore.load(dir)).get('10.0.0.1:443')).toMatchObject({
      name: 'Old name',
      site: null,
      notes: 'keep me',
    });
  });

  it('with update, replaces the CSV fields of existing controllers, keeps their notes, and says which did not change', async () => {
    const store = await InventoryStore.load(dir);
    await store.add(controller('Old name', '10.0.0.1', { notes: 'keep me' }));
    await store.add(controller('Same', '10.0.0.3'));
    const r = await store.importControllers(
      csv('name,host,site\nNew name,10.0.0.1,North\nB,10.0.0.2,\nSame,10.0.0.3,\n'),
      { update: true },
    );
    expect(r.updated.map((c) => c.name)).toEqual(['New name']);
    expect(r.added.map((c) => c.name)).toEqual(['B']);
    expect(r.unchanged.map((c) => c.name)).toEqual(['Same']);
    expect(r.duplicates).toEqual([]);
    expect((await InventoryStore.load(dir)).get('10.0.0.1:443')).toMatchObject({
      name: 'New name',
      site: 'North',
      notes: 'keep me',
    });
  });

  it('pins CSV fingerprints of controllers without a pin, and keeps a conflicting controller out entirely', async () => {
    const pins = await KnownDevices.load(dir);
    await pins.pin('10.0.0.2', 443, fp('22'));
    await pins.pin('10.0.0.3', 443, fp('33'));
    const store = await InventoryStore.load(dir);
    const rows = `name,host,fingerprint\nNew,10.0.0.1,${fp('11').replace(/:/g, '').toLowerCase()}\nSame,10.0.0.2,${fp('22')}\nOther,10.0.0.3,${fp('99')}\nNone,10.0.0.4,\n`;
    const r = await store.importControllers(csv(rows), { update: false, pins });

    expect(r.added.map((c) => c.name)).toEqual(['New', 'Same', 'None']);
    expect(r.pinned.map((c) => c.name)).toEqual(['New']);
    expect(r.conflicts).toEqual([
      { controller: expect.objectContaining({ name: 'Other' }), csvFingerprint: fp('99'), pinnedFingerprint: fp('33') },
    ]);
    const onDisk = await KnownDevices.load(dir);
    expect(onDisk.get('10.0.0.1', 443)?.fingerprint).toBe(fp('11'));
    expect(onDisk.get('10.0.0.3', 443)?.fingerprint).toBe(fp('33'));
    expect(onDisk.get('10.0.0.4', 443)).toBeUndefined();
    expect((await InventoryStore.load(dir)).get('10.0.0.3:443')).toBeUndefined();
  });

  it('does not pin a duplicate that was left alone', async () => {
    const pins = await KnownDevices.load(dir);
    const store = await InventoryStore.load(dir);
    await store.add(controller('A', '10.0.0.1'));
    const r = await store.importControllers(csv(`name,host,fingerprint\nA,10.0.0.1,${fp('11')}\n`), {
      update: false,
      pins,
    });
    expect(r.duplicates).toHaveLength(1);
    expect(r.pinned).toEqual([]);
    expect(pins.get('10.0.0.1', 443)).toBeUndefined();
  });
});

describe('InventoryStore: export', () => {
  const tricky = [
    controller('=HYPERLINK("http://evil.example","click")', '10.0.0.1', {
      site: '+SUM(1,2)',
      username: '@admin',
      credential: '-ops',
    }),
    controller("'=already guarded", '10.0.0.2', { site: "''+twice" }),
    controller('AHU "North", roof; 2', 'Ctrl.Local', {
      port: 8443,
      site: 'Montréal',
      fingerprint: fp('ab'),
      target: 'UsbKey',
    }),
    controller("Plain name with 'quote'", 'fe80::1', { target: 'Device' }),
  ];

  it("writes the import's header and no cell a spreadsheet would run as a formula", async () => {
    const store = await InventoryStore.load(dir);
    for (const c of tricky) await store.add(c);
    const text = store.toCsv();
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'name,host,port,site,username,fingerprint,credential,target',
    );
    // Read it the way a spreadsheet does: every cell value as text.
    const cells = (parse(text, { bom: true, relax_column_count: true }) as string[][]).flat();
    expect(cells.filter((v) => /^[=+\-@\t\r]/.test(v))).toEqual([]);
    expect(cells).toContain('\'=HYPERLINK("http://evil.example","click")');
  });

  it('imports back exactly the controllers it exported', async () => {
    const store = await InventoryStore.load(dir);
    for (const c of tricky) await store.add(c);
    const back = parseInventoryCsv(Buffer.from(store.toCsv(), 'utf8'));
    expect(back.problems).toEqual([]);
    expect(back.controllers).toEqual(store.list());
  });
});
