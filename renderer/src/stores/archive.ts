import { create } from 'zustand';
import type { ApiError, ArchiveEntry, VerifyReport } from '../../../preload/api';
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
  /** Writes a run's reports (the HTML one in `language`) and opens the HTML one. */
  openReport(runId: string, language: Locale): Promise<void>;
}

/** The backups on this laptop and their verification. */
export const useArchive = create<ArchiveState>((set) => ({
  entries: [],
  loaded: false,
  error: null,
  verifying: false,
  verifyReport: null,
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
