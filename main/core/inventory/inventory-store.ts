import fs from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { csvCell } from '../archive/csv-cell';
import { CodedError } from '../errors';
import { normalizeFingerprint } from '../device/fingerprint';
import { controllerProblems, FORMULA_GUARDED, INVENTORY_COLUMNS, type ControllerFields } from './csv-import';
import { readDataFile } from '../archive/data-file';
import { deviceKey, type KnownDevices } from './known-devices';
import type { InventoryController } from '../../../shared/inventory';

/** File name of the inventory inside the data folder. */
export const INVENTORY_FILE = 'inventory.json';

/** The persisted inventory: every controller, with the file's schema version. */
interface InventoryFile {
  schemaVersion: 1;
  controllers: InventoryController[];
}

const ControllerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    host: z.string(),
    port: z.number().int(),
    site: z.string().nullable().default(null),
    username: z.string().nullable().default(null),
    credential: z.string().nullable().default(null),
    fingerprint: z.string().nullable().default(null),
    target: z.enum(['Device', 'UsbKey']).nullable().default(null),
    notes: z.string().nullable().default(null),
  })
  .superRefine((c, ctx) => {
    for (const p of controllerProblems(c)) ctx.addIssue({ code: 'custom', path: [p.column], message: p.reason });
    if (c.id !== deviceKey(c.host, c.port))
      ctx.addIssue({ code: 'custom', path: ['id'], message: `must be ${deviceKey(c.host, c.port)}` });
  });

const FileSchema = z
  .object({ schemaVersion: z.literal(1), controllers: z.array(ControllerSchema) })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.controllers.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['controllers', i, 'id'], message: `${c.id} appears twice` });
      seen.add(c.id);
    });
  });

/** Which controllers `list` returns: a site (any case) and/or a piece of name, address, site or credential. */
export interface InventoryFilter {
  site?: string;
  search?: string;
}

/** Fields `update` may change; a new host or port gives the controller a new id. */
export type ControllerPatch = Partial<ControllerFields>;

/** Options of `importControllers`. */
export interface ImportOptions {
  /** Replace controllers already in the inventory with the imported fields (their notes are kept). */
  update: boolean;
  /** The pin store: CSV fingerprints of controllers without a pin are pinned; differing ones are conflicts. */
  pins?: KnownDevices;
  /**
   * False: CSV fingerprints stay expected fingerprints (in the inventory only), trusted once main's own TLS
   * handshake sees that certificate or the technician confirms it natively; conflicts are still refused.
   * The app imports this way (the renderer is a boundary); the CLI pins (default true).
   */
  pinFingerprints?: boolean;
}

/** A CSV fingerprint that differs from the controller's pin: neither the pin nor the inventory was changed. */
interface PinConflict {
  controller: InventoryController;
  csvFingerprint: string;
  pinnedFingerprint: string;
}

/** What an import did, controller by controller. */
export interface ImportResult {
  added: InventoryController[];
  updated: InventoryController[];
  /** Already in the inventory with the same fields (update requested): nothing to change. */
  unchanged: InventoryController[];
  /** Already in the inventory and left as they were (update not requested). */
  duplicates: InventoryController[];
  /** Controllers whose CSV fingerprint became their pin. */
  pinned: InventoryController[];
  /** Controllers whose CSV fingerprint is kept as expected, not pinned yet (pinFingerprints false). */
  expected: InventoryController[];
  conflicts: PinConflict[];
}

/**
 * The controllers the technician keeps, in `<data-dir>/inventory.json`, written atomically. A file that
 * cannot be read is never overwritten: the technician is told where it is and what is wrong.
 */
export class InventoryStore {
  private constructor(
    /** Absolute path of inventory.json. */
    readonly file: string,
    private controllers: Map<string, InventoryController>,
  ) {}

  /** Loads the inventory (an absent file is an empty inventory). */
  static async load(dataDir: string): Promise<InventoryStore> {
    const file = path.join(dataDir, INVENTORY_FILE);
    const text = await readDataFile(file);
    if (text === null) return new InventoryStore(file, new Map());
    const damaged = (why: string): CodedError =>
      new CodedError(
        'INVALID_INPUT',
        `${file} is not a valid inventory (${why}). Fix or move it away; it was left untouched.`,
      );
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw damaged((err as Error).message);
    }
    const parsed = FileSchema.safeParse(json);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      throw damaged(`${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'not an inventory'}`);
    }
    return new InventoryStore(file, new Map(parsed.data.controllers.map((c) => [c.id, c])));
  }

  /** Controllers in inventory order, optionally filtered by site and/or search text. */
  list(filter: InventoryFilter = {}): InventoryController[] {
    const site = filter.site?.trim().toLowerCase();
    const search = filter.search?.trim().toLowerCase();
    return [...this.controllers.values()]
      .filter((c) => !site || (c.site ?? '').toLowerCase() === site)
      .filter(
        (c) => !search || [c.name, c.id, c.host, c.site, c.credential].some((v) => v?.toLowerCase().includes(search)),
      )
      .map((c) => ({ ...c }));
  }

  /** One controller by id (`host:port`, any case), if it is in the inventory. */
  get(id: string): InventoryController | undefined {
    const c = this.controllers.get(id.toLowerCase());
    return c && { ...c };
  }

  /** Adds a controller and saves; an address already in the inventory is an INVALID_INPUT. */
  async add(fields: ControllerFields): Promise<InventoryController> {
    const c = checked(fields, 'add');
    const existing = this.controllers.get(c.id);
    if (existing)
      throw new CodedError(
        'INVALID_INPUT',
        `Cannot add "${c.name}": ${c.id} is already in the inventory as "${existing.name}". Update that one instead.`,
      );
    await this.save(new Map(this.controllers).set(c.id, c));
    return { ...c };
  }

  /** Changes some fields of a controller and saves; returns it as stored (its id follows host and port). */
  async update(id: string, patch: ControllerPatch): Promise<InventoryController> {
    const current = this.require(id);
    const c = checked({ ...current, ...patch }, 'update');
    const next = new Map(this.controllers);
    next.delete(current.id);
    if (next.has(c.id))
      throw new CodedError(
        'INVALID_INPUT',
        `Cannot move "${current.name}" to ${c.id}: another controller of the inventory has that address.`,
      );
    // Keep the controller's place in the list even when its address changes.
    const entries = [...this.controllers].map(([key, value]): [string, InventoryController] =>
      key === current.id ? [c.id, c] : [key, value],
    );
    await this.save(new Map(entries));
    return { ...c };
  }

  /** Removes a controller and saves; returns what was removed. */
  async remove(id: string): Promise<InventoryController> {
    const current = this.require(id);
    const next = new Map(this.controllers);
    next.delete(current.id);
    await this.save(next);
    return current;
  }

  /**
   * Imports controllers (normally from parseInventoryCsv) and saves once. Controllers already present are
   * left alone unless `update`; a CSV fingerprint that contradicts a pin keeps that controller out entirely.
   */
  async importControllers(controllers: InventoryController[], options: ImportOptions): Promise<ImportResult> {
    const result: ImportResult = {
      added: [],
      updated: [],
      unchanged: [],
      duplicates: [],
      pinned: [],
      expected: [],
      conflicts: [],
    };
    const next = new Map(this.controllers);
    const toPin: InventoryController[] = [];
    for (const fields of controllers) {
      const c = checked(fields, 'import');
      const pinned = c.fingerprint ? options.pins?.get(c.host, c.port)?.fingerprint : undefined;
      if (c.fingerprint && pinned && pinned !== c.fingerprint) {
        result.conflicts.push({ controller: c, csvFingerprint: c.fingerprint, pinnedFingerprint: pinned });
        continue;
      }
      const existing = next.get(c.id);
      if (existing && !options.update) {
        result.duplicates.push({ ...existing });
        continue;
      }
      const stored = existing ? { ...c, notes: existing.notes } : c;
      if (!existing) result.added.push(stored);
      else if (sameController(existing, stored)) result.unchanged.push(stored);
      else result.updated.push(stored);
      next.set(c.id, stored);
      if (c.fingerprint && !pinned)
        (options.pins && options.pinFingerprints !== false ? toPin : result.expected).push(stored);
    }
    if (result.added.length + result.updated.length > 0) await this.save(next);
    // Pins are written after the inventory: a pin without its inventory line would still be correct.
    for (const c of toPin) {
      if (!options.pins || !c.fingerprint) continue;
      await options.pins.pin(c.host, c.port, c.fingerprint);
      result.pinned.push(c);
    }
    return result;
  }

  /** The inventory as CSV (the import's columns), every cell neutralised so a spreadsheet runs no formula. */
  toCsv(): string {
    const lines = [...this.controllers.values()].map((c) =>
      [c.name, c.host, c.port, c.site, c.username, c.fingerprint, c.credential, c.target].map(exportCell).join(','),
    );
    // The BOM makes Excel read accents (site names) as UTF-8; the import accepts it.
    return `\uFEFF${[INVENTORY_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`;
  }

  private require(id: string): InventoryController {
    const c = this.controllers.get(id.toLowerCase());
    if (!c)
      throw new CodedError(
        'INVALID_INPUT',
        `No controller ${id} in the inventory: check the address with "eclypse-backup inventory list".`,
      );
    return { ...c };
  }

  private async save(next: Map<string, InventoryController>): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const body: InventoryFile = { schemaVersion: 1, controllers: [...next.values()] };
    await writeFileAtomic(this.file, `${JSON.stringify(body, null, 2)}\n`, { fsync: true });
    // Memory follows the disk only once the write succeeded, so a failed save changes nothing.
    this.controllers = next;
  }
}

/** Validated copy with its id and fingerprint in canonical form; a bad field is an INVALID_INPUT naming it. */
function checked(fields: ControllerFields, action: string): InventoryController {
  const fingerprint = fields.fingerprint ? normalizeFingerprint(fields.fingerprint) : null;
  const c: InventoryController = {
    id: deviceKey(fields.host, fields.port),
    name: fields.name,
    host: fields.host,
    port: fields.port,
    site: fields.site || null,
    username: fields.username || null,
    credential: fields.credential || null,
    fingerprint,
    target: fields.target ?? null,
    notes: fields.notes ?? null,
  };
  const problems = controllerProblems(c);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.column}: ${p.reason}`).join('; ');
    throw new CodedError('INVALID_INPUT', `Cannot ${action} "${fields.name}" (${fields.host}): ${list}.`);
  }
  return c;
}

function sameController(a: InventoryController, b: InventoryController): boolean {
  return (Object.keys(a) as (keyof InventoryController)[]).every((k) => a[k] === b[k]);
}

/** A CSV cell for the export: a value the import would read as already guarded gets one more `'`. */
function exportCell(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return csvCell(FORMULA_GUARDED.test(s) ? `'${s}` : s);
}
