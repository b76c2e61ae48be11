import { create } from 'zustand';
import { DATA_TYPE_PRESETS, type ApiError, type PreflightReport } from '../../../preload/api';
import { eclypse, toApiError, unwrap } from '../bridge/eclypse';
import { useRuns } from './runs';

/** Where the Bulk run screen is: choosing, reading the pre-flight, or watching (and closing) a run. */
export type BulkStage = 'setup' | 'preflight' | 'run';

/** The data types a bulk run asks for, by the names the technician sees. */
export type BulkPreset = keyof typeof DATA_TYPE_PRESETS;

interface BulkState {
  stage: BulkStage;
  /** Controllers chosen for the run (a fresh Set on every change, so selectors see the change). */
  selected: ReadonlySet<string>;
  /** The navigation selection last taken over, so coming back to the screen does not undo later choices. */
  adopted: readonly string[] | null;
  preset: BulkPreset;
  target: 'Device' | 'UsbKey';
  /** Pin the certificates of controllers never seen before (main asks the technician to confirm). */
  trustNew: boolean;
  checking: boolean;
  preflight: PreflightReport | null;
  starting: boolean;
  error: ApiError | null;
  /** The run this screen shows. */
  runId: string | null;
  /** Takes over the Controllers screen's selection, once per selection made there. */
  adoptSelection(ids: readonly string[]): void;
  /** Adds or removes controllers from the selection. */
  choose(ids: readonly string[], chosen: boolean): void;
  setPreset(preset: BulkPreset): void;
  setTarget(target: 'Device' | 'UsbKey'): void;
  setTrustNew(trustNew: boolean): void;
  /** Pre-flight of the selection: reads every controller, creates nothing on any. */
  check(): Promise<void>;
  /** Checks some controllers again (after their fix) and puts their new rows in the pre-flight shown. */
  recheck(ids: string[]): Promise<void>;
  /** Starts the run over the selection, or over `only` when given (the not-ready left out). */
  start(only?: string[]): Promise<void>;
  /** Shows a run (a resumed, retried or interrupted one) in place of the setup. */
  showRun(runId: string): void;
  /** Back to choosing controllers; the selection and options stay. */
  backToSetup(): void;
}

/** The Bulk run screen's own state: it outlives the screen, so leaving and coming back keeps the run in view. */
export const useBulk = create<BulkState>((set, get) => ({
  stage: 'setup',
  selected: new Set<string>(),
  adopted: null,
  preset: 'all',
  target: 'Device',
  trustNew: false,
  checking: false,
  preflight: null,
  starting: false,
  error: null,
  runId: null,
  adoptSelection: (ids) => {
    if (ids === get().adopted) return;
    set({
      adopted: ids,
      selected: new Set(ids),
      stage: ids.length > 0 ? 'setup' : get().stage,
      preflight: null,
      error: null,
    });
  },
  choose: (ids, chosen) =>
    set((s) => {
      const selected = new Set(s.selected);
      for (const id of ids) {
        if (chosen) selected.add(id);
        else selected.delete(id);
      }
      // A pre-flight answers for the controllers it checked: another selection needs another check.
      return { selected, preflight: null };
    }),
  setPreset: (preset) => set({ preset }),
  setTarget: (target) => set({ target }),
  setTrustNew: (trustNew) => set({ trustNew, preflight: null }),
  check: async () => {
    const { selected, trustNew } = get();
    set({ checking: true, error: null, preflight: null, stage: 'preflight' });
    try {
      const report = unwrap(await eclypse().bulkPreflight({ controllerIds: [...selected], trustNew }));
      set({ preflight: report });
    } catch (err) {
      set({ error: toApiError(err) });
    } finally {
      set({ checking: false });
    }
  },
  recheck: async (ids) => {
    const { trustNew, preflight } = get();
    if (!preflight || ids.length === 0) return;
    set({ checking: true, error: null });
    try {
      const again = unwrap(await eclypse().bulkPreflight({ controllerIds: ids, trustNew }));
      const fresh = new Map(again.rows.map((r) => [r.controllerId, r]));
      const current = get().preflight ?? preflight;
      set({ preflight: { ...current, rows: current.rows.map((r) => fresh.get(r.controllerId) ?? r) } });
    } catch (err) {
      set({ error: toApiError(err) });
    } finally {
      set({ checking: false });
    }
  },
  start: async (only) => {
    const { selected, target, preset, trustNew } = get();
    set({ starting: true, error: null });
    try {
      const controllerIds = only ?? [...selected];
      const runId = await useRuns
        .getState()
        .startBulk({ controllerIds, target, dataTypes: [...DATA_TYPE_PRESETS[preset]], trustNew });
      set({ runId, stage: 'run' });
    } catch (err) {
      set({ error: toApiError(err) });
    } finally {
      set({ starting: false });
    }
  },
  showRun: (runId) => set({ runId, stage: 'run', error: null }),
  backToSetup: () => set({ stage: 'setup', preflight: null, error: null }),
}));
