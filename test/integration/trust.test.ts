import fs from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startController } from '../simulator/index';
import type { ControllerSpec, SimController } from '../simulator/types';
import { backupSim, tempDir } from '../support/fixtures';
import { PinnedAgent, probeCertificate } from '../../main/core/device/tls-pin';
import { KnownDevices } from '../../main/core/inventory/known-devices';
import { decideTrust, pinState } from '../../main/core/inventory/trust';

const started: SimController[] = [];
async function controller(spec: Partial<ControllerSpec> & { name: string }): Promise<SimController> {
  const c = await startController({ jobDurationMs: 100, ...spec });
  started.push(c);
  return c;
}

let archive: string;
let dataDir: string;
beforeAll(async () => {
  archive = await tempDir();
  dataDir = await tempDir();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await fs.rm(archive, { recursive: true, force: true });
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('certificate trust', () => {
  it('probe reads the certificate with a TLS handshake and sends no HTTP request', async () => {
    const ctrl = await controller({ name: 'PROBE-ME' });
    const cert = await probeCertificate(ctrl.host, ctrl.port);
    expect(cert.fingerprint).toBe(ctrl.fingerprint);
    expect(cert.subject).toContain('CN=PROBE-ME');
    expect(cert.selfSigned).toBe(true);
    expect(cert.expired).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(ctrl.requests).toEqual([]);
  });

  it('a pin mismatch stops before any HTTP byte: the wrong server never sees the password', async () => {
    const ctrl = await controller({ name: 'IMPOSTOR' });
    const otherPin = 'AB'.repeat(32).match(/../g)!.join(':');
    const outcome = await backupSim(ctrl, archive, {
      controller: { host: ctrl.host, port: ctrl.port, protocol: 'https', name: 'IMPOSTOR', pin: otherPin },
    });
    expect(outcome.error).toMatchObject({
      code: 'CERT_CHANGED',
      expectedFingerprint: otherPin,
      actualFingerprint: ctrl.fingerprint,
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(ctrl.requests).toEqual([]);
  });

  it('a certificate rotated between two runs is CERT_CHANGED with both fingerprints', async () => {
    const ctrl = await controller({ name: 'ROTATES' });
    const oldPin = ctrl.fingerprint;
    expect((await backupSim(ctrl, archive)).status).toBe('succeeded');
    const newPin = await ctrl.rotateCertificate();
    expect(newPin).not.toBe(oldPin);
    const requestsBefore = ctrl.requests.length;
    const outcome = await backupSim(ctrl, archive, {
      controller: { host: ctrl.host, port: ctrl.port, protocol: 'https', name: 'ROTATES', pin: oldPin },
    });
    expect(outcome.error).toMatchObject({
      code: 'CERT_CHANGED',
      expectedFingerprint: oldPin,
      actualFingerprint: newPin,
    });
    expect(ctrl.requests.length).toBe(requestsBefore);
  });

  it('an expired but pinned certificate is still trusted', async () => {
    const ctrl = await controller({ name: 'EXPIRED', certExpired: true });
    const cert = await probeCertificate(ctrl.host, ctrl.port);
    expect(cert.expired).toBe(true);
    const outcome = await backupSim(ctrl, archive);
    expect(outcome.error).toBeNull();
  });

  it('an agent with neither pin nor CA refuses to exist', () => {
    expect(() => new PinnedAgent({})).toThrow(/refusing to connect/);
  });

  it('decides trust: unknown needs a decision, trust-new never overrides a pin, an explicit fingerprint re-trusts', async () => {
    const ctrl = await controller({ name: 'DECIDE' });
    const known = await KnownDevices.load(dataDir);
    await expect(decideTrust(known, ctrl.host, ctrl.port, {})).rejects.toMatchObject({
      code: 'CERT_UNTRUSTED',
      details: { actualFingerprint: ctrl.fingerprint },
    });
    const first = await decideTrust(known, ctrl.host, ctrl.port, { trustNew: true });
    expect(first).toMatchObject({ pin: ctrl.fingerprint, savePin: true });
    await known.pin(ctrl.host, ctrl.port, first.pin!);
    expect(pinState(known, ctrl.host, ctrl.port, ctrl.fingerprint)).toBe('pinned');

    const rotated = await ctrl.rotateCertificate();
    expect(pinState(known, ctrl.host, ctrl.port, rotated)).toBe('changed');
    const again = await decideTrust(known, ctrl.host, ctrl.port, { trustNew: true });
    expect(again.pin).toBe(first.pin);
    const outcome = await backupSim(ctrl, archive, {
      controller: { host: ctrl.host, port: ctrl.port, protocol: 'https', pin: again.pin! },
    });
    expect(outcome.error?.code).toBe('CERT_CHANGED');

    const retrust = await decideTrust(known, ctrl.host, ctrl.port, {
      fingerprint: rotated.replace(/:/g, '').toLowerCase(),
    });
    expect(retrust).toMatchObject({ pin: rotated, savePin: true });
    await known.pin(ctrl.host, ctrl.port, retrust.pin!);
    const reloaded = await KnownDevices.load(dataDir);
    expect(reloaded.get(ctrl.host, ctrl.port)).toMatchObject({ fingerprint: rotated, previousFingerprint: first.pin });
  });

  it('a damaged pin store is reported and left untouched', async () => {
    const dir = await tempDir();
    await fs.writeFile(`${dir}/known-devices.json`, '{ not json');
    await expect(KnownDevices.load(dir)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await fs.readFile(`${dir}/known-devices.json`, 'utf8')).toBe('{ not json');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('plain HTTP works only when asked for, without a pin', async () => {
    const ctrl = await controller({ name: 'PLAIN', plainHttp: true });
    const outcome = await backupSim(ctrl, archive, {
      controller: { host: ctrl.host, port: ctrl.port, protocol: 'http', name: 'PLAIN' },
    });
    expect(outcome.error).toBeNull();
    expect(outcome.device!.fingerprint).toBeNull();
  });
});
