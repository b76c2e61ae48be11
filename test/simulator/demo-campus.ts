import { defaultFleet } from './fleet';
import type { ControllerSpec } from './types';

/** The controller of the demo campus whose job fails (its storage is full). */
export const DEMO_FAULTY = 'VAV-3-02';
/** The site the demo campus is in. */
export const DEMO_SITE = 'Demo campus';

/** The demo's simulated campus: mixed revisions, one firmware 2.x, one failing job, one compatibility warning. */
export function demoCampus(count: number): ControllerSpec[] {
  const specs = defaultFleet(Math.max(2, count - 1), {
    site: DEMO_SITE,
    revisions: ['8.0', '6.0', '4.2'],
    backupBytes: 2 * 1024 * 1024,
  });
  specs.push({ name: 'APEX-01', site: DEMO_SITE, api: 'v2', backupBytes: 1024 * 1024 });
  const faulty = specs[Math.min(specs.length - 2, 6)]!;
  faulty.name = DEMO_FAULTY;
  faulty.faults = { jobFails: true };
  specs[1]!.faults = { compatibility: 'WARNING_MISSMATCH_FIRMWARE_NEWER' };
  return specs;
}
