import { afterAll, beforeAll, describe, it } from 'vitest';
import { MatrixArchive, type MatrixCase } from './matrix-case';
import { expectedOf, KINDS, PHASES } from './phase-expectations';

// Every phase of a backup × every way a network or a controller fails in the field. Each row checks the
// error code and hint, that no `.part` is left, that every file already in the archive is unchanged (by
// hash), that nothing is written beside the archive, and that once the fault is over a retry succeeds.

const NAME = 'AHU-7';
const SITE = 'Matrix';

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
