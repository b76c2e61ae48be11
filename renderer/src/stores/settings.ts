import { create } from 'zustand';
import type { ApiError, CallRequest, ProfileSummary, SettingsView } from '../../../preload/api';
import { eclypse, toApiError, unwrap } from '../bridge/eclypse';

interface SettingsState {
  settings: SettingsView | null;
  settingsError: ApiError | null;
  profiles: ProfileSummary[];
  /** Why credential profiles cannot be used (no keychain on this laptop); null when they can. */
  keychainError: ApiError | null;
  load(): Promise<void>;
  loadProfiles(): Promise<void>;
  /** Saves changed settings; throws ApiFailure when main refuses a value. */
  save(patch: CallRequest<'settings:set'>): Promise<void>;
  /** Opens the native folder dialog; false when the technician cancelled. */
  chooseArchiveFolder(): Promise<boolean>;
  /** Stores (or replaces) a profile's login; the password goes to the keychain and is never read back. */
  setProfile(profile: string, username: string, password: string): Promise<void>;
  deleteProfile(profile: string): Promise<void>;
}

/** Settings and credential profiles (names and user names only: secrets stay in main). */
export const useSettings = create<SettingsState>((set, get) => ({
  settings: null,
  settingsError: null,
  profiles: [],
  keychainError: null,
  load: async () => {
    try {
      set({ settings: unwrap(await eclypse().settingsGet({})), settingsError: null });
    } catch (err) {
      set({ settingsError: toApiError(err) });
    }
  },
  loadProfiles: async () => {
    try {
      set({ profiles: unwrap(await eclypse().credentialsList({})), keychainError: null });
    } catch (err) {
      set({ profiles: [], keychainError: toApiError(err) });
    }
  },
  save: async (patch) => {
    const saved = unwrap(await eclypse().settingsSet(patch));
    set({ settings: { ...saved, warning: null }, settingsError: null });
  },
  chooseArchiveFolder: async () => {
    const { path } = unwrap(await eclypse().settingsChooseArchiveFolder({}));
    if (path) await get().load();
    return path !== null;
  },
  setProfile: async (profile, username, password) => {
    unwrap(await eclypse().credentialsSet({ profile, username, password }));
    await get().loadProfiles();
  },
  deleteProfile: async (profile) => {
    unwrap(await eclypse().credentialsDelete({ profile }));
    await get().loadProfiles();
  },
}));
