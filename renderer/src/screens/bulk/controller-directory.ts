import { useMemo } from 'react';
import type { InventoryController, RunRecord } from '../../../../preload/api';
import { useInventory } from '../../stores/inventory';

/** What a row needs to name a controller: from the inventory, else from the run's record (a removed one). */
export interface ControllerLabel {
  id: string;
  name: string;
  site: string | null;
  address: string;
  /** The credential profile it logs in with; null when it has a user name of its own. */
  credential: string | null;
  username: string | null;
}

/** A controller of the inventory as a row names it. */
function labelOf(c: InventoryController): ControllerLabel {
  return {
    id: c.id,
    name: c.name,
    site: c.site,
    address: `${c.host}:${c.port}`,
    credential: c.credential,
    username: c.username,
  };
}

/** The inventory by controller id, rebuilt only when the inventory changes (row props stay equal meanwhile). */
export function useControllerDirectory(): Map<string, ControllerLabel> {
  const rows = useInventory((s) => s.rows);
  return useMemo(() => new Map(rows.map((r) => [r.controller.id, labelOf(r.controller)])), [rows]);
}

/** A controller's label: the inventory's, else the run record's, else its id (never a blank row). */
export function labelFor(
  id: string,
  directory: Map<string, ControllerLabel>,
  record?: RunRecord | null,
): ControllerLabel {
  const known = directory.get(id);
  if (known) return known;
  const r = record?.results.find((x) => x.controllerId === id);
  if (r) return { id, name: r.name, site: r.site, address: `${r.host}:${r.port}`, credential: null, username: null };
  return { id, name: id, site: null, address: id, credential: null, username: null };
}
