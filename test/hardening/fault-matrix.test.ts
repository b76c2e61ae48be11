import { afterAll, beforeAll, describe, it } from 'vitest';
import type { PhaseFault, SimPhase } from '../simulator/types';
import { MatrixArchive, type Expected, type MatrixCase } from './matrix-case';

// Every phase of a backup × every way a network or a controller fails in the field. Each row checks the
// error code and hint, that no `.part` is left, that every file already in the archive is unchanged (by
// hash), that nothing is written beside the archive, and that once the fault is over a retry succeeds.

const NAME = 'AHU-7';
const SITE = 'Matrix';
const PHASES: SimPhase[] = ['probe', 'login', 'list', 'create', 'job', 'download', 'preview'];
const KINDS: Array<PhaseFault['kind']> = ['offline', 'reset', 'stall', '503', '500-html', '401'];

const PREVIEW_LOST = /Compatibility preview unavailable/;

/** What the client must conclude when `kind` hits every request of `phase` (`401` hits only the first). */
function expectedOf(phase: SimPhase, kind: PhaseFault['kind']): Expected {
  // The preview only informs the verdict: without it the verified backup is kept, with a warning.
  if (phase === 'preview') return kind === '401' ? { status: 'succeeded', logins: 2 } : { status: 'succeeded', warning: PREVIEW_LOST };
  switch (kind) {
    case 'offline':
      return { status: 'failed', code: 'UNREACHABLE' };
    case 'reset':
      return { status: 'failed', code: phase === 'download' ? 'DOWNLOAD_INCOMPLETE' : 'UNREACHABLE' };
    case 'stall':
      return { status: 'failed', code: 'TIMEOUT' };
    case '503':
      return { status: 'failed', code: 'DEVICE_BUSY' };
    case '500-html':
      return { status: 'failed', code: 'DEVICE_ERROR', message: /500/ };
    case '401':
      // Discovery is anonymous (a 401 there means "the API is here"); a refused Basic login is never
      // repeated (lockouts); anywhere else a 401 is an expired session, renewed with exactly one login.
      if (phase === 'probe') return { status: 'succeeded', logins: 1 };
      if (phase === 'login') return { status: 'failed', code: 'AUTH_FAILED' };
      return { status: 'succeeded', logins: 2 };
    default:
      throw new Error(`no expectation for ${kind}`);
  }
}

const CASES: MatrixCase[] = PHASES.flatMap((phase) =>
  KINDS.map((kind) => ({
    name: `${kind} during ${phase}`,
    faults: { phaseFault: { phase, kind, ...(kind === '401' ? { times: 1 } : {}) } },
    expected: expectedOf(phase, kind),
  })),
);

let archive: MatrixArchive;
beforeAll(async () => {
  archive = await MatrixArchive.create(NAME, SITE);
});
afterAll(async () => {
  await archive.dispose();
});

describe('fault matrix: phase × transport and status faults', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await archive.run(c, NAME, SITE);
  });
});
