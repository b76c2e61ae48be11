import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimController } from '../simulator/types';
import { backupSim } from '../support/fixtures';
import { MATRIX_TIMINGS, MatrixArchive, type MatrixCase } from './matrix-case';
import { lyingSizeBomb, manyEntriesZip, overlappingBomb } from './zip-bombs';

// The faults a controller itself produces, phase by phase (job tracking, listing, download, verification,
// trust, create), with the same invariants as the transport matrix: the code, no `.part`, every archived
// file unchanged by hash, nothing beside the archive, and a retry that succeeds once the fault is over.

const NAME = 'VAV-3-12';
const SITE = 'Device faults';

/** The pinned controller as the fixture builds it, with another pin. */
function pinned(ctrl: SimController, pin: string) {
  return {
    controller: {
      host: ctrl.host,
      port: ctrl.port,
      protocol: 'https' as const,
      name: ctrl.spec.name,
      site: ctrl.spec.site ?? SITE,
      pin,
    },
  };
}

let oldPin = '';

const SHORT_JOB = { wait: { pollStartMs: 20, pollMaxMs: 50, jobTimeoutMs: 700, listingGraceMs: 300 } };

const CASES: MatrixCase[] = [
  // job tracking
  {
    name: 'job stuck below 100 %: JOB_TIMEOUT, and the job is stopped on the controller so a retry is not refused busy',
    faults: { jobStuckAt: 40 },
    options: SHORT_JOB,
    expected: { status: 'failed', code: 'JOB_TIMEOUT', message: /40 %/ },
    check: (ctrl) => {
      expect(ctrl.requests.some((r) => r.method === 'POST' && /\/jobs\/[^/]+\/cancel$/.test(r.path))).toBe(true);
      expect(ctrl.busy).toBe(false);
    },
    recover: (ctrl) => ctrl.setFaults({}),
  },
  {
    name: 'job that vanishes (404): the new file decides',
    faults: { jobVanishes: true },
    expected: { status: 'succeeded' },
  },
  {
    name: 'job reported failed: JOB_FAILED with the reason',
    faults: { jobFails: true },
    expected: { status: 'failed', code: 'JOB_FAILED', message: /insufficient storage/ },
  },
  // listing
  {
    name: 'listing never shows the new file: FILE_NOT_FOUND, nothing downloaded',
    faults: { listingHidesNewFile: true },
    options: SHORT_JOB,
    expected: { status: 'failed', code: 'FILE_NOT_FOUND' },
    check: (ctrl) => expect(ctrl.requests.some((r) => r.path.includes('/files/backup/'))).toBe(false),
  },
  {
    name: 'two new files at once: refuses to guess',
    faults: { duplicateNewFile: true },
    expected: { status: 'failed', code: 'PROTOCOL_ERROR', message: /refusing to guess/ },
  },
  // download
  {
    name: 'Content-Length larger than the body',
    faults: { contentLengthDelta: 5000 },
    expected: { status: 'failed', code: 'DOWNLOAD_INCOMPLETE' },
  },
  {
    name: 'Content-Length smaller than the body',
    faults: { contentLengthDelta: -5000 },
    expected: { status: 'failed', code: 'DOWNLOAD_INCOMPLETE' },
  },
  {
    name: 'connection dropped mid-download',
    faults: { dropDownloadAtByte: 40_000 },
    expected: { status: 'failed', code: 'DOWNLOAD_INCOMPLETE' },
  },
  {
    name: 'download stalls mid-body past the idle limit',
    faults: { stallDownloadAtByte: 30_000 },
    expected: { status: 'failed', code: 'DOWNLOAD_INCOMPLETE' },
  },
  {
    name: 'endless download body: stopped at the configured ceiling',
    faults: { phaseFault: { phase: 'download', kind: 'endless' } },
    options: { maxDownloadBytes: 4 * 1024 * 1024 },
    expected: { status: 'failed', code: 'DOWNLOAD_INCOMPLETE', message: /4194304-byte limit/ },
  },
  // verification
  {
    name: 'corrupt zip (CRC mismatch)',
    faults: { corruptZip: true },
    expected: { status: 'failed', code: 'ARCHIVE_INVALID', message: /CRC/ },
  },
  {
    name: 'an HTML error page served as the backup file',
    faults: {
      phaseFault: { phase: 'download', kind: 'body', body: Buffer.from('<html><body>Session expired</body></html>') },
    },
    expected: { status: 'failed', code: 'ARCHIVE_INVALID' },
  },
  {
    name: 'zip bomb, overlapping entries (300 KB declaring 80 GiB): refused from the central directory, nothing inflated',
    faults: { phaseFault: { phase: 'download', kind: 'body', body: overlappingBomb(5000, 16) } },
    expected: { status: 'failed', code: 'ARCHIVE_INVALID', message: /overlaps/ },
  },
  {
    name: 'zip bomb, sizes that lie: inflation stops at the declared size',
    faults: { phaseFault: { phase: 'download', kind: 'body', body: lyingSizeBomb(8) } },
    expected: { status: 'failed', code: 'ARCHIVE_INVALID', message: /too many bytes/ },
  },
  {
    name: 'zip bomb, more entries than the limit',
    faults: { phaseFault: { phase: 'download', kind: 'body', body: manyEntriesZip(1001) } },
    options: { zipLimits: { maxEntries: 1000, maxUncompressedBytes: 64 * 1024 ** 3, maxRatio: 1100 } },
    expected: { status: 'failed', code: 'ARCHIVE_INVALID', message: /1001 entries/ },
  },
  // trust
  {
    name: 'certificate rotated between two runs: CERT_CHANGED with both fingerprints, no HTTP byte sent; the old pin still fails, the new one works',
    prepare: async (ctrl) => {
      oldPin = ctrl.fingerprint;
      await ctrl.rotateCertificate();
      return pinned(ctrl, oldPin);
    },
    expected: { status: 'failed', code: 'CERT_CHANGED' },
    check: (ctrl, outcome) => {
      expect(outcome.error?.actualFingerprint).toBe(ctrl.fingerprint);
      expect(outcome.error?.expectedFingerprint).not.toBe(ctrl.fingerprint);
      expect(ctrl.requests).toEqual([]);
    },
    // A retry is not the fix here, re-trusting is: the same pin fails again, the new pin works.
    recover: async (ctrl) => {
      const again = await backupSim(ctrl, archive.root, { ...MATRIX_TIMINGS, ...pinned(ctrl, oldPin) });
      expect(again.error?.code).toBe('CERT_CHANGED');
    },
    retryOptions: (ctrl) => pinned(ctrl, ctrl.fingerprint),
  },
  // create
  {
    name: 'USB key absent: USB_KEY_MISSING and no job; plugged in, the backup goes to the key',
    spec: { usbKeyPresent: false },
    options: { target: 'UsbKey' },
    expected: { status: 'failed', code: 'USB_KEY_MISSING' },
    check: (ctrl) => expect(ctrl.createdJobs).toBe(0),
    recover: (ctrl) => {
      (ctrl.spec as { usbKeyPresent?: boolean }).usbKeyPresent = true;
    },
  },
  {
    name: '503 storm on create: DEVICE_BUSY after 3 attempts, one job at most',
    faults: { createBusyCount: 1000 },
    expected: { status: 'failed', code: 'DEVICE_BUSY' },
    check: (ctrl) => expect(ctrl.createdJobs).toBe(0),
  },
];

let archive: MatrixArchive;
beforeAll(async () => {
  archive = await MatrixArchive.create(NAME, SITE);
});
afterAll(async () => {
  await archive.dispose();
});

describe('fault matrix: what a controller does wrong, phase by phase', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const started = Date.now();
    await archive.run(c, NAME, SITE);
    // None of these may hang a run: each case, failure and retry together, ends in seconds.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
