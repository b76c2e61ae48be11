import { afterAll, beforeAll, describe, it } from 'vitest';
import { PROFILES, PROFILE_NAMES, type ProfileName } from '../simulator/index';
import type { PhaseFault, SimPhase } from '../simulator/types';
import { MATRIX_TIMINGS, MatrixArchive, type Expected, type MatrixCase } from './matrix-case';
import { expectedOf, expectedOfV2, KINDS, PHASES } from './phase-expectations';

// The transport matrix of fault-matrix.test.ts (v1) and fault-matrix-v2.test.ts again, for every other
// firmware profile: the same faults must end in the same codes, with the same invariants, however the
// firmware answers where the documentation leaves room (a 401 to anything anonymous, 409 when busy, jobs
// that never say "done", a 404 list before the first backup, a v2 create answer without a job id).
// A socket that stalls is the one fault left to the classic matrices: its timeout is the transport's, the
// same whatever a firmware answers, and each case waits out three timeouts (about 4 s).

const OTHERS = PROFILE_NAMES.filter((p) => p !== 'classic');

/** The file list is watched every 150 ms while a job runs (12 s on a site), so a job that never says "done" ends here too. */
const OPTIONS = { wait: { ...MATRIX_TIMINGS.wait, fileCheckMs: 150 } };

/** On these profiles a job never reaches "done": the file decides, and the backup says so in a warning. */
const NEVER_DONE = /still said \d+ %/;

function expectation(profile: ProfileName, api: 'v1' | 'v2', phase: SimPhase, kind: PhaseFault['kind']): Expected {
  // A v2 create answer without a job id leaves nothing to poll: faults on job requests never happen.
  if (api === 'v2' && phase === 'job' && PROFILES[profile].v2CreateAnswer !== 'job')
    return { status: 'succeeded', warning: /no compatibility preview/ };
  return api === 'v1' ? expectedOf(phase, kind) : expectedOfV2(phase, kind);
}

function cases(profile: ProfileName, api: 'v1' | 'v2'): MatrixCase[] {
  const phases = api === 'v1' ? PHASES : PHASES.filter((p) => p !== 'preview');
  return phases.flatMap((phase) =>
    KINDS.filter((kind) => kind !== 'stall' && !(api === 'v2' && kind === '401' && phase === 'probe')).map((kind) => ({
      name: `${profile} ${api}: ${kind} during ${phase}`,
      spec: { profile, ...(api === 'v2' ? { api: 'v2' as const } : {}) },
      faults: { phaseFault: { phase, kind, ...(kind === '401' ? { times: 1 } : {}) } },
      options: OPTIONS,
      expected: expectation(profile, api, phase, kind),
      ignoreWarning: PROFILES[profile].jobReport === 'never-done' ? NEVER_DONE : undefined,
    })),
  );
}

for (const profile of OTHERS) {
  describe(`fault matrix, ${profile} firmware`, () => {
    const name = `AHU-${profile}`;
    const site = `Matrix ${profile}`;
    let archive: MatrixArchive;
    beforeAll(async () => {
      archive = await MatrixArchive.create(name, site);
    });
    afterAll(async () => {
      await archive.dispose();
    });
    it.each([...cases(profile, 'v1'), ...cases(profile, 'v2')].map((c) => [c.name, c] as const))(
      '%s',
      async (_name, c) => {
        await archive.run(c, name, site);
      },
    );
  });
}
