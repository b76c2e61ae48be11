import { ProgressCoalescer, type BulkEvent } from '../../../main/core/runs/bulk-events';
import type { ControllerEvent, ControllerRunResult, RunProgressEvent, RunRecord } from '../../../preload/api';
import type { Harness } from '../../harness/server';

/** A controller of a synthetic run: its inventory id and name. */
export interface SyntheticController {
  id: string;
  name: string;
  site: string;
}

/**
 * Plays the events of a bulk run over `controllers` into the page, as main would send them: through the bulk
 * runner's own coalescing (ProgressCoalescer: a status change at once, phase progress held, the latest per
 * controller and the run's totals once per 100 ms), which is all main does to run events. `concurrency` at a
 * time, each through connecting → building (5 steps) → downloading (5 steps) → verifying → saved, every
 * `failEvery`-th one failing with UNREACHABLE; then the run's record. It is the window's load that is
 * measured, at a scale the simulator cannot serve in a test's time.
 */
export async function playSyntheticRun(
  harness: Harness,
  runId: string,
  controllers: SyntheticController[],
  options: { concurrency: number; stepMs: number; failEvery: number },
): Promise<RunRecord> {
  const { concurrency, stepMs, failEvery } = options;
  const started = new Date().toISOString();
  const results = new Map<string, ControllerRunResult>();
  let next = 0;
  let done = 0;
  let succeeded = 0;
  let failed = 0;
  const bytes = 4_000_000;
  const event = (c: SyntheticController, patch: Partial<ControllerEvent>): ControllerEvent => ({
    type: 'controller',
    runId,
    controllerId: c.id,
    status: 'running',
    phase: 'connecting',
    progress: 0,
    bytes: 0,
    totalBytes: null,
    message: '',
    attempt: 1,
    ...patch,
  });
  const steps: Array<Partial<ControllerEvent>> = [
    { phase: 'connecting' },
    ...[0.1, 0.3, 0.5, 0.7, 0.9].map((progress) => ({ phase: 'waiting' as const, progress })),
    ...[0.2, 0.4, 0.6, 0.8, 1].map((p) => ({
      phase: 'downloading' as const,
      progress: p,
      bytes: Math.round(bytes * p),
      totalBytes: bytes,
    })),
    { phase: 'verifying' },
  ];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const totals = (): RunProgressEvent => ({
    type: 'run-progress',
    runId,
    total: controllers.length,
    done,
    succeeded,
    failed,
    cancelled: 0,
    running: Math.min(concurrency, controllers.length - done),
    bytes: succeeded * bytes,
    bytesPerSecond: 20_000_000,
    etaSeconds: Math.max(1, Math.round((((controllers.length - done) / concurrency) * steps.length * stepMs) / 1000)),
  });
  const send = (e: BulkEvent): void => {
    if (e.type === 'controller') harness.inject('run:controller', e);
    else if (e.type === 'run-progress') harness.inject('run:progress', e);
  };
  const coalescer = new ProgressCoalescer(send, totals, 100);
  const one = async (c: SyntheticController, index: number): Promise<void> => {
    const fails = failEvery > 0 && index % failEvery === failEvery - 1;
    // The first step is the controller's start (a status change), the others its progress.
    for (const [i, step] of (fails ? steps.slice(0, 1) : steps).entries()) {
      if (i === 0) coalescer.state(event(c, step));
      else coalescer.progress(event(c, step));
      await sleep(stepMs);
    }
    done++;
    if (fails) failed++;
    else succeeded++;
    const outcome = fails
      ? { verdict: 'not-ready' as const, verdictReason: 'UNREACHABLE: no answer', errorCode: 'UNREACHABLE' as const }
      : { verdict: 'ready' as const, verdictReason: null, errorCode: null };
    coalescer.state(
      event(c, {
        status: fails ? 'failed' : 'succeeded',
        phase: fails ? null : 'done',
        progress: 1,
        bytes: fails ? 0 : bytes,
        totalBytes: bytes,
        outcome,
      }),
    );
    const [host, port] = c.id.split(':') as [string, string];
    results.set(c.id, {
      controllerId: c.id,
      name: c.name,
      site: c.site,
      host,
      port: Number(port),
      status: fails ? 'failed' : 'succeeded',
      verdict: outcome.verdict,
      verdictReason: outcome.verdictReason,
      attempts: 1,
      device: null,
      backup: fails
        ? null
        : ({
            target: 'Device',
            deviceFileName: `${c.name}_1`,
            file: `/archive/${c.name}.ecybackup`,
            sidecar: `/archive/${c.name}.ecybackup.json`,
            bytes,
            sha256: 'ab'.repeat(32),
            dataTypes: [],
            envysionProjects: [],
            compatibility: 'OK',
            jobId: '1',
          } as never),
      error: fails ? { code: 'UNREACHABLE', message: 'no answer', hint: 'The controller did not answer.' } : null,
      startedAt: started,
      finishedAt: new Date().toISOString(),
    });
  };
  const worker = async (): Promise<void> => {
    while (next < controllers.length) {
      const i = next++;
      await one(controllers[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  coalescer.flush();
  coalescer.stop();
  const record: RunRecord = {
    runId,
    sites: [...new Set(controllers.map((c) => c.site))],
    technician: 'tech',
    laptop: 'laptop',
    toolVersion: '0.1.0',
    startedAt: started,
    finishedAt: new Date().toISOString(),
    options: { target: 'Device', dataTypes: [], concurrency, perSite: null },
    totals: {
      total: controllers.length,
      succeeded,
      failed,
      cancelled: 0,
      ready: succeeded,
      readyWithWarning: 0,
      notReady: failed,
      bytes: succeeded * bytes,
    },
    results: controllers.map((c) => results.get(c.id)!),
  };
  harness.inject('run:finished', { runId, record });
  return record;
}
