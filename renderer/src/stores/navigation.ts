import { create } from 'zustand';

/** The screens of the left navigation, plus the wizard (opened from a controller or "New backup"). */
export type Screen = 'controllers' | 'wizard' | 'bulk' | 'archive' | 'settings';

interface NavigationState {
  screen: Screen;
  /** The controller the wizard opens on; null starts it at an empty address. */
  wizardController: string | null;
  /** Bumped each time the wizard is opened, so it starts afresh even for the same controller. */
  wizardSession: number;
  /** Whether the wizard may take the steps already decided by itself (a trusted controller with a saved profile). */
  wizardExpress: boolean;
  /** Controllers chosen on the Controllers screen for a bulk run. */
  bulkSelection: string[];
  /** Bumped when the Bulk run screen is asked to check its selection at once ("Check these 12 now"). */
  bulkCheckRequest: number;
  /** The check request the Bulk run screen has already started. */
  bulkCheckHandled: number;
  /** True once per check request: the Bulk run screen then checks its selection. */
  takeBulkCheck(): boolean;
  /** Bumped by the app menu's "Import inventory…": the Controllers screen opens its import when it changes. */
  importRequest: number;
  /** The import request the Controllers screen has already opened (so returning to the screen does not reopen it). */
  importHandled: number;
  /** Bumped by Help → Export diagnostics: Settings brings its capture section into view when it changes. */
  diagnosticsRequest: number;
  requestImport(): void;
  requestDiagnostics(): void;
  /** True once per import request: the Controllers screen then opens its import. */
  takeImportRequest(): boolean;
  go(screen: Screen): void;
  /** Opens the wizard; `express` goes straight to the backup when nothing is left to decide (see useWizard.express). */
  openWizard(controllerId: string | null, options?: { express?: boolean }): void;
  /** Opens the Bulk run screen on these controllers; `check` runs the pre-flight at once. */
  openBulk(controllerIds: string[], options?: { check?: boolean }): void;
}

/** Where the technician is. */
export const useNavigation = create<NavigationState>((set, get) => ({
  screen: 'controllers',
  wizardController: null,
  wizardSession: 0,
  wizardExpress: false,
  bulkSelection: [],
  bulkCheckRequest: 0,
  bulkCheckHandled: 0,
  takeBulkCheck: () => {
    const { bulkCheckRequest, bulkCheckHandled } = get();
    if (bulkCheckRequest === bulkCheckHandled) return false;
    set({ bulkCheckHandled: bulkCheckRequest });
    return true;
  },
  importRequest: 0,
  importHandled: 0,
  diagnosticsRequest: 0,
  requestDiagnostics: () => set((s) => ({ screen: 'settings', diagnosticsRequest: s.diagnosticsRequest + 1 })),
  requestImport: () => set((s) => ({ screen: 'controllers', importRequest: s.importRequest + 1 })),
  takeImportRequest: () => {
    const { importRequest, importHandled } = get();
    if (importRequest === importHandled) return false;
    set({ importHandled: importRequest });
    return true;
  },
  go: (screen) => set({ screen }),
  openWizard: (controllerId, options) =>
    set((s) => ({
      screen: 'wizard',
      wizardController: controllerId,
      wizardSession: s.wizardSession + 1,
      wizardExpress: options?.express === true,
    })),
  openBulk: (controllerIds, options) =>
    set((s) => ({
      screen: 'bulk',
      bulkSelection: controllerIds,
      bulkCheckRequest: options?.check ? s.bulkCheckRequest + 1 : s.bulkCheckRequest,
    })),
}));
