import { demoCampus, DEMO_SITE } from '../../test/simulator/demo-campus';
import { startSimulator } from '../../test/simulator/index';
import type { Simulator } from '../../test/simulator/types';
import type { InventoryStore } from '../core/inventory/inventory-store';
import type { KnownDevices } from '../core/inventory/known-devices';
import type { CredentialProfiles } from '../core/secrets/credential-profiles';

/** The credential profile of the simulated controllers (user admin, password admin, as the simulator has them). */
const DEMO_PROFILE = 'Simulated campus';
/** How many simulated controllers "Try with simulated controllers" starts. */
const DEMO_COUNT = 12;

/**
 * "Try with simulated controllers": a dozen simulated controllers on 127.0.0.1 (the same simulator as
 * `eclypse-backup demo`), put in the inventory as the site "Demo campus" with their certificates trusted (the app
 * made them: there is nothing to compare) and a credential profile. They live as long as the app; nothing real is
 * contacted. Started once: a second call adds nothing.
 */
export class DemoCampus {
  private sim: Promise<Simulator> | null = null;

  /** Starts the campus (once) and puts it in the inventory; the number of controllers added. */
  async start(stores: {
    inventory: InventoryStore;
    known: KnownDevices;
    profiles: CredentialProfiles;
  }): Promise<number> {
    if (this.sim) return 0;
    this.sim = startSimulator(demoCampus(DEMO_COUNT));
    const sim = await this.sim;
    await stores.profiles.set(DEMO_PROFILE, 'admin', 'admin');
    let added = 0;
    for (const c of sim.controllers) {
      await stores.known.pin(c.host, c.port, c.fingerprint, `CN=${c.spec.name}`);
      await stores.inventory.add({
        name: c.spec.name,
        host: c.host,
        port: c.port,
        site: DEMO_SITE,
        username: null,
        credential: DEMO_PROFILE,
        fingerprint: c.fingerprint,
        target: null,
        notes: 'Simulated controller (Try with simulated controllers)',
      });
      added++;
    }
    return added;
  }

  /** Stops the simulated controllers (the app is closing, or a test is over). */
  async close(): Promise<void> {
    const sim = await this.sim?.catch(() => null);
    this.sim = null;
    await sim?.close();
  }
}
