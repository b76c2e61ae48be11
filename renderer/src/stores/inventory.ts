import { create } from 'zustand';
import type {
  ApiError,
  CallRequest,
  ControllerOverview,
  CsvProblem,
  ImportSummary,
  InventoryController,
} from '../../../preload/api';
import { eclypse, toApiError, unwrap } from '../bridge/eclypse';

/** A CSV read and checked, not saved yet: the preview the technician confirms. */
export interface CsvPreview {
  fileName: string | null;
  text: string;
  controllers: InventoryController[];
  problems: CsvProblem[];
}

interface InventoryState {
  rows: ControllerOverview[];
  loaded: boolean;
  error: ApiError | null;
  load(): Promise<void>;
  /** Adds a controller; throws ApiFailure (e.g. a duplicate address) for the form to show. */
  add(fields: CallRequest<'inventory:add'>): Promise<InventoryController>;
  update(id: string, patch: CallRequest<'inventory:update'>['patch']): Promise<InventoryController>;
  remove(id: string): Promise<void>;
  /** Opens the native file dialog and checks the file; null when the technician cancelled. */
  openCsv(): Promise<CsvPreview | null>;
  /** Checks CSV text without saving anything. */
  previewCsv(text: string, fileName?: string | null): Promise<CsvPreview>;
  importCsv(text: string, update: boolean): Promise<ImportSummary>;
  /** Exports through the native save dialog; the path written, or null when cancelled. */
  exportCsv(): Promise<string | null>;
  /** "Try with simulated controllers": starts the simulated campus and reloads; how many controllers were added. */
  startDemo(): Promise<number>;
  /** Trusts a certificate a controller showed (main asks in its native dialog); throws CANCELLED when refused. */
  trust(host: string, port: number, fingerprint: string): Promise<void>;
}

/** The inventory, with pins, last backups and last runs (controllers:overview). */
export const useInventory = create<InventoryState>((set, get) => ({
  rows: [],
  loaded: false,
  error: null,
  load: async () => {
    try {
      set({ rows: unwrap(await eclypse().controllersOverview({})), loaded: true, error: null });
    } catch (err) {
      set({ loaded: true, error: toApiError(err) });
    }
  },
  add: async (fields) => {
    const added = unwrap(await eclypse().inventoryAdd(fields));
    await get().load();
    return added;
  },
  update: async (id, patch) => {
    const updated = unwrap(await eclypse().inventoryUpdate({ id, patch }));
    await get().load();
    return updated;
  },
  remove: async (id) => {
    unwrap(await eclypse().inventoryRemove({ id }));
    await get().load();
  },
  openCsv: async () => {
    const file = unwrap(await eclypse().inventoryOpenCsvFile({}));
    return file ? get().previewCsv(file.text, file.path) : null;
  },
  previewCsv: async (text, fileName = null) => {
    const { controllers, problems } = unwrap(await eclypse().inventoryPreviewCsv({ text }));
    return { fileName, text, controllers, problems };
  },
  importCsv: async (text, update) => {
    const summary = unwrap(await eclypse().inventoryImportCsv({ text, update }));
    await get().load();
    return summary;
  },
  exportCsv: async () => unwrap(await eclypse().inventoryExportCsv({})).path,
  trust: async (host, port, fingerprint) => {
    unwrap(await eclypse().controllerTrust({ host, port, fingerprint }));
    await get().load();
  },
  startDemo: async () => {
    const { added } = unwrap(await eclypse().demoStart({}));
    await get().load();
    return added;
  },
}));
