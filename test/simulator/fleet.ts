import { startController } from './controller';
import { DEFAULT_SITE } from './device-context';
import type { ControllerSpec, SimController, Simulator } from './types';

/** Header line of the inventory CSV a simulator prints. */
export const INVENTORY_HEADER = 'name,host,port,site,username,fingerprint';

const DEFAULT_REVISIONS = ['8.0', '6.0', '4.2'];
const KIB = 1024;

interface Unit {
  name: string;
  modelName: string;
  backupBytes: number;
}

// A campus repeats this mix every ten controllers: one air handler, six VAV boxes, two fan coils and one
// plant controller, named the way mechanical schedules name them.
const PLANT = ['CHW', 'BLR', 'RTU', 'EF'];

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function unitAt(i: number, counters: Record<string, number>): Unit {
  const next = (kind: string) => (counters[kind] = (counters[kind] ?? 0) + 1) - 1;
  const slot = i % 10;
  if (slot === 0)
    return { name: `AHU-${two(next('AHU') + 1)}`, modelName: 'ECY-S1000 Rev 1.0A', backupBytes: 512 * KIB };
  if (slot <= 6) {
    const n = next('VAV');
    return {
      name: `VAV-${Math.floor(n / 20) + 1}-${two((n % 20) + 1)}`,
      modelName: 'ECY-VAV Rev 1.0A',
      backupBytes: 128 * KIB,
    };
  }
  if (slot <= 8) {
    const n = next('FCU');
    return {
      name: `FCU-${Math.floor(n / 8) + 1}-${two((n % 8) + 1)}`,
      modelName: 'ECY-303 Rev 1.0A',
      backupBytes: 256 * KIB,
    };
  }
  const kind = PLANT[next('PLANT') % PLANT.length] ?? 'CHW';
  return { name: `${kind}-${two(next(kind) + 1)}`, modelName: 'ECY-S1000 Rev 1.0A', backupBytes: 768 * KIB };
}

/**
 * The job length of controller `index` spread over [minMs, maxMs] (a low-discrepancy sequence: evenly covered,
 * neighbours differ), as a site's controllers take from half a minute to two minutes to build a backup.
 */
export function spreadJobMs(index: number, minMs: number, maxMs: number): number {
  const golden = 0.6180339887498949;
  return Math.round(minMs + ((index * golden) % 1) * (maxMs - minMs));
}

/** A realistic mixed fleet: AHU/VAV/FCU/plant names, ECY-S1000 / ECY-303 / ECY-VAV models, revisions cycling. */
export function defaultFleet(
  count: number,
  opts: { revisions?: string[]; backupBytes?: number; site?: string } = {},
): ControllerSpec[] {
  const revisions = opts.revisions && opts.revisions.length > 0 ? opts.revisions : DEFAULT_REVISIONS;
  const counters: Record<string, number> = {};
  return Array.from({ length: count }, (_, i) => {
    const unit = unitAt(i, counters);
    const big = unit.modelName.startsWith('ECY-S1000');
    const spec: ControllerSpec = {
      name: unit.name,
      site: opts.site ?? DEFAULT_SITE,
      revision: revisions[i % revisions.length] ?? '8.0',
      modelName: unit.modelName,
      backupBytes: opts.backupBytes ?? unit.backupBytes,
      // Supervisory controllers host ENVYSION graphics; unitary ones do not.
      envysionProjects: big ? ['SpaceUtilization', 'XpressENVYSION'] : [],
      usbKeyPresent: unit.name.startsWith('AHU'),
    };
    // Every third device still holds last year's backup under the same prefix a client would use, so
    // "take the newest file" logic has something to get wrong.
    if (i % 3 === 0) spec.existingFiles = [`${unit.name}_20250612_071500`];
    return spec;
  });
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The inventory CSV for a set of running controllers (fingerprint empty for plain-HTTP ones). */
function inventoryCsv(controllers: SimController[]): string {
  const lines = controllers.map((c) =>
    [c.spec.name, c.host, c.port, c.spec.site ?? DEFAULT_SITE, c.spec.username ?? 'admin', c.fingerprint]
      .map(csvField)
      .join(','),
  );
  return `${[INVENTORY_HEADER, ...lines].join('\n')}\n`;
}

/** Starts many simulated controllers in this process; if one fails to start, the others are closed. */
export async function startSimulator(specs: ControllerSpec[]): Promise<Simulator> {
  const results = await Promise.allSettled(specs.map((spec) => startController(spec)));
  const controllers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await Promise.all(controllers.map((c) => c.close()));
    throw failure.reason;
  }
  return {
    controllers,
    inventoryCsv: () => inventoryCsv(controllers),
    close: async () => {
      await Promise.all(controllers.map((c) => c.close()));
    },
  };
}
