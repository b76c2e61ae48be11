import { create } from 'zustand';
import type {
  ApiError,
  ArchiveEntry,
  BackupComparison,
  CallRequest,
  CallValue,
  PruneReport,
  VerifyReport,
} from '../../../preload/api';
import type { Locale } from '../../../shared/locale';
import { eclypse, toApiError, unwrap } from '../bridge/eclypse';

interface ArchiveState {
  entries: ArchiveEntry[];
  loaded: boolean;
  error: ApiError | null;
  verifying: boolean;
  verifyReport: VerifyReport | null;
  load(): Promise<void>;
  verifyAll(): Promise<void>;
  reveal(path: string): Promise<void>;
  /** The retention preview (dry run) or what a prune did; null until asked. */
  pruneReport: PruneReport | null;
  pruning: boolean;
  /** The two backups compared last, and what differs; null until asked. */
  comparison: BackupComparison | null;
  comparing: boolean;
  /** Lists what keeping `keep` backups per controller would delete (dryRun), or deletes it; throws ApiFailure. */
  prune(keep: number, dryRun: boolean): Promise<PruneReport>;
  /** Compares two backups of the archive (paths as listed); throws ApiFailure. */
  compare(a: string, b: string): Promise<void>;
  clearComparison(): void;
  /** A field capture (HAR) of one trusted controller for support, written into the archive; throws ApiFailure. */
  captureDiagnostics(request: CallRequest<'diagnostics:capture'>): Promise<CallValue<'diagnostics:capture'>>;
  /** Writes a run's reports (the HTML one in `language`) and opens the HTML one. */
  openReport(runId: string, language: Locale): Promise<void>;
}

/** The backups on this laptop and their verification. */
export const useArchive = create<ArchiveState>((set, get) => ({
  entries: [],
  loaded: false,
  error: null,
  verifying: false,
  verifyReport: null,
  pruneReport: null,
  pruning: false,
  comparison: null,
  comparing: false,
  prune: async (keep, dryRun) => {
    set({ pruning: true });
    try {
      const report = unwrap(await eclypse().archivePrune({ keep, dryRun }));
      set({ pruneReport: report });
      if (!dryRun) await get().load();
      return report;
    } finally {
      set({ pruning: false });
    }
  },
  compare: async (a, b) => {
    set({ comparing: true, comparison: null });
    try {
      set({ comparison: unwrap(await eclypse().archiveCompare({ a, b })) });
    } finally {
      set({ comparing: false });
    }
  },
  clearComparison: () => set({ comparison: null }),
  captureDiagnostics: async (request) => unwrap(await eclypse().diagnosticsCapture(request)),
  load: async () => {
    try {
      set({ entries: unwrap(await eclypse().archiveList({})), loaded: true, error: null });
    } catch (err) {
      set({ loaded: true, error: toApiError(err) });
    }
  },
  verifyAll: async () => {
    set({ verifying: true });
    try {
      set({ verifyReport: unwrap(await eclypse().archiveVerify({})), error: null });
    } catch (err) {
      set({ error: toApiError(err) });
    } finally {
      set({ verifying: false });
    }
  },
  reveal: async (path) => {
    unwrap(await eclypse().archiveReveal({ path }));
  },
  openReport: async (runId, language) => {
    unwrap(await eclypse().reportOpen({ runId, language }));
  },
}));
