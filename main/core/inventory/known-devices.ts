import { readDataJson } from '../archive/data-file';
import fs from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { normalizeFingerprint } from '../device/fingerprint';
import { controllerIdOf } from '../../../shared/controller-id';
import type { DevicePin } from '../../../shared/trust';

/** File name of the pin store inside the data folder. */
const KNOWN_DEVICES_FILE = 'known-devices.json';

// The pin as the file holds it (shared/trust.ts says what each field means); pins older than `subject` read as ''.
const PinSchema = z.object({
  fingerprint: z.string(),
  subject: z.string().default(''),
  pinnedAt: z.string(),
  previousFingerprint: z.string().optional(),
  issuer: z.string().optional(),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
}) satisfies z.ZodType<DevicePin>;

/** What a certificate says of itself, kept with its pin. */
export interface PinnedCertificateDetails {
  issuer?: string;
  validFrom?: string;
  validTo?: string;
}

const FileSchema = z.object({
  schemaVersion: z.literal(1),
  devices: z.record(z.string(), PinSchema),
});

/** The key of a controller in the pin store. */
export function deviceKey(host: string, port: number): string {
  return controllerIdOf(host, port);
}

/**
 * Certificate pins per controller address, in `<data-dir>/known-devices.json`, written atomically. A file
 * that cannot be read is never overwritten: the technician is told where it is.
 */
export class KnownDevices {
  private constructor(
    private readonly file: string,
    private readonly devices: Map<string, DevicePin>,
  ) {}

  /** Loads the pin store (an absent file is an empty store). */
  static async load(dataDir: string): Promise<KnownDevices> {
    const file = path.join(dataDir, KNOWN_DEVICES_FILE);
    const parsed = await readDataJson(file, FileSchema, 'pin store');
    return new KnownDevices(file, new Map(Object.entries(parsed?.devices ?? {})));
  }

  /** The pin of a controller, if any. */
  get(host: string, port: number): DevicePin | undefined {
    return this.devices.get(deviceKey(host, port));
  }

  /** Every pin of a host, whatever its port (a controller pinned on 443 speaks HTTPS, whichever port is asked). */
  pinsOfHost(host: string): Array<{ port: number; pin: DevicePin }> {
    const prefix = `${host.toLowerCase()}:`;
    return [...this.devices]
      .filter(([key]) => key.startsWith(prefix) && /^\d+$/.test(key.slice(prefix.length)))
      .map(([key, pin]) => ({ port: Number(key.slice(prefix.length)), pin }));
  }

  /** Pins (or re-pins) a controller's certificate and saves the store. */
  async pin(
    host: string,
    port: number,
    fingerprint: string,
    subject = '',
    details: PinnedCertificateDetails = {},
  ): Promise<DevicePin> {
    const key = deviceKey(host, port);
    // Another run, the app or the CLI may have pinned since this copy was loaded: take theirs, change ours.
    const onDisk = await KnownDevices.load(path.dirname(this.file)).catch(() => undefined);
    for (const [k, v] of onDisk?.devices ?? []) if (k !== key) this.devices.set(k, v);
    const previous = this.devices.get(key);
    const normalized = normalizeFingerprint(fingerprint);
    const pin: DevicePin = {
      fingerprint: normalized,
      subject,
      pinnedAt: new Date().toISOString(),
      ...(previous && previous.fingerprint !== normalized ? { previousFingerprint: previous.fingerprint } : {}),
      ...(details.issuer !== undefined ? { issuer: details.issuer } : {}),
      ...(details.validFrom !== undefined ? { validFrom: details.validFrom } : {}),
      ...(details.validTo !== undefined ? { validTo: details.validTo } : {}),
    };
    this.devices.set(key, pin);
    await this.save();
    return pin;
  }

  private async save(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const body = {
      schemaVersion: 1,
      devices: Object.fromEntries([...this.devices].sort(([a], [b]) => a.localeCompare(b))),
    };
    await writeFileAtomic(this.file, `${JSON.stringify(body, null, 2)}\n`, { fsync: true });
  }
}
