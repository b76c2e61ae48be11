import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../main/core/log/logger';
import { startController } from '../simulator/index';
import type { ControllerSpec, SimController } from '../simulator/types';
import { backupSim, tempDir } from '../support/fixtures';

// What the log says about one backup, request by request: got's afterResponse, beforeRetry and beforeError
// hooks, the pinned agent's checks, and the pipeline's decisions.

let sims: SimController[] = [];
let archive: string;

beforeEach(async () => {
  archive = await tempDir('eclypse-reqlog-');
});
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
  await fs.rm(archive, { recursive: true, force: true });
});

async function controller(spec: Partial<ControllerSpec> & { name: string }): Promise<SimController> {
  const c = await startController({ jobDurationMs: 100, backupBytes: 32 * 1024, ...spec });
  sims.push(c);
  return c;
}

function logged(): { records: LogRecord[]; logger: ReturnType<typeof createLogger> } {
  const records: LogRecord[] = [];
  return {
    records,
    logger: createLogger({ write: (r) => records.push(r) }, { level: 'debug', context: { controllerId: 'C1' } }),
  };
}

describe('request log', () => {
  it('logs every request with method, path, status, duration, bytes and attempt; the download whole; the pin check; the file saved', async () => {
    const ctrl = await controller({ name: 'LOGGED' });
    const { records, logger } = logged();
    const outcome = await backupSim(ctrl, archive, { logger });
    expect(outcome.status).toBe('succeeded');
    const requests = records.filter((r) => r.event === 'request');
    // One record per request the controller saw, in the same order.
    expect(requests.map((r) => `${r.method} ${String(r.path).split('?')[0]}`)).toEqual(
      ctrl.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`),
    );
    for (const r of requests) {
      expect(r).toMatchObject({ controllerId: 'C1', attempt: 1 });
      expect(typeof r.status).toBe('number');
      expect(r.ms).toBeGreaterThanOrEqual(0);
      expect(r.bytes).toBeGreaterThanOrEqual(0);
    }
    const download = requests.find((r) => r.stream === true)!;
    expect(download).toMatchObject({ status: 200, bytes: outcome.backup!.bytes, complete: true });
    expect(records.find((r) => r.event === 'pin check')).toMatchObject({
      level: 'info',
      result: 'pin matched',
      fingerprint: ctrl.fingerprint,
    });
    expect(records.find((r) => r.event === 'job created')).toMatchObject({ fileName: expect.any(String) });
    expect(records.find((r) => r.event === 'backup saved')).toMatchObject({
      sha256: outcome.backup!.sha256,
      bytes: outcome.backup!.bytes,
    });
  });

  it('logs a busy answer, the retry decision with its delay, and the attempt that followed', async () => {
    const ctrl = await controller({ name: 'BUSY', faults: { createBusyCount: 1 } });
    const { records, logger } = logged();
    expect((await backupSim(ctrl, archive, { logger })).status).toBe('succeeded');
    const creates = records.filter(
      (r) => r.event === 'request' && r.method === 'POST' && String(r.path).endsWith('/create'),
    );
    expect(creates.map((r) => [r.status, r.attempt])).toEqual([
      [503, 1],
      [expect.any(Number), 2],
    ]);
    expect(records.find((r) => r.event === 'retry')).toMatchObject({
      level: 'info',
      method: 'POST',
      attempt: 2,
      of: 3,
      after: 'HTTP 503',
      delayMs: expect.any(Number),
    });
    expect(records.indexOf(records.find((r) => r.event === 'retry')!)).toBeGreaterThan(records.indexOf(creates[0]!));
  });

  it('logs a connection reset as a failed request with its code and stack, and the backup that failed with it', async () => {
    const ctrl = await controller({
      name: 'RESET',
      faults: { phaseFault: { phase: 'list', kind: 'reset', times: 1 } },
    });
    const { records, logger } = logged();
    const outcome = await backupSim(ctrl, archive, { logger });
    expect(outcome.error?.code).toBe('UNREACHABLE');
    const failed = records.find((r) => r.event === 'request failed')!;
    expect(failed).toMatchObject({ level: 'warn', method: 'GET', attempt: 1, code: 'ECONNRESET' });
    expect(String(failed.path)).toContain('/files');
    expect((failed.error as { stack?: string }).stack).toBeTruthy();
    expect(records.find((r) => r.event === 'backup failed')).toMatchObject({ level: 'error', code: 'UNREACHABLE' });
  });

  it('logs a changed certificate with both fingerprints, and no request at all', async () => {
    const ctrl = await controller({ name: 'CHANGED' });
    const { records, logger } = logged();
    const wrong = 'AA:'.repeat(31) + 'AA';
    const outcome = await backupSim(ctrl, archive, {
      logger,
      controller: { host: ctrl.host, port: ctrl.port, protocol: 'https', name: 'CHANGED', pin: wrong },
    });
    expect(outcome.error?.code).toBe('CERT_CHANGED');
    expect(records.find((r) => r.event === 'pin check')).toMatchObject({
      level: 'warn',
      result: 'certificate changed',
      expected: wrong,
      fingerprint: ctrl.fingerprint,
    });
    expect(records.filter((r) => r.event === 'request')).toEqual([]);
    expect(records.find((r) => r.event === 'backup failed')).toMatchObject({
      level: 'error',
      code: 'CERT_CHANGED',
      error: expect.objectContaining({ stack: expect.any(String) }),
    });
  });
});
