import { afterAll, beforeAll, describe, it } from 'vitest';
import { MatrixArchive, type MatrixCase } from './matrix-case';
import { expectedOfV2, KINDS, PHASES } from './phase-expectations';

// The transport matrix of fault-matrix.test.ts again, for firmware 2.x controllers: another API (other
// paths, discovery through the backup list, no preview), the same faults, the same promises. (A 401 on the
// v1 probe would say "this is a v1 controller": not something a v2 controller does.)

const NAME = 'AHU-9';
const SITE = 'Matrix v2';
const V2_CASES: MatrixCase[] = PHASES.filter((p) => p !== 'preview').flatMap((phase) =>
  KINDS.filter((kind) => !(kind === '401' && phase === 'probe')).map((kind) => ({
    name: `v2: ${kind} during ${phase}`,
    spec: { api: 'v2' as const },
    faults: { phaseFault: { phase, kind, ...(kind === '401' ? { times: 1 } : {}) } },
    expected: expectedOfV2(phase, kind),
  })),
);

let archive: MatrixArchive;
beforeAll(async () => {
  archive = await MatrixArchive.create(NAME, SITE);
});
afterAll(async () => {
  await archive.dispose();
});

describe('fault matrix, firmware 2.x: phase × transport and status faults', () => {
  it.each(V2_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await archive.run(c, NAME, SITE);
  });
});
