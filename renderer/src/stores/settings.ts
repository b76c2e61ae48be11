import { create } from 'zustand';
import type { ApiError, CallRequest, ProfileSummary, SettingsView } from '../../../preload/api';
import type { LanguageSetting } from '../../../shared/locale';
import { eclypse, toApiError, unwrap } from '../bridge/eclypse';
import { useLanguage } from '../i18n/language';

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
  /** Saves the language and switches the window to it; throws ApiFailure when main refuses. */
  setLanguage(language: LanguageSetting): Promise<void>;
}

/** Settings as read: the window takes their language (older settings files have none: the system's). */
function applied(view: SettingsView): SettingsView {
  useLanguage.getState().apply(view.language ?? 'system');
  return view;
}

/** Settings and credential profiles (names and user names only: secrets stay in main). */
export const useSettings = create<SettingsState>((set, get) => ({
  settings: null,
  settingsError: null,
  profiles: [],
  keychainError: null,
  load: async () => {
    try {
      set({ settings: applied(unwrap(await eclypse().settingsGet({}))), settingsError: null });
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
    set({ settings: applied({ ...saved, warning: null }), settingsError: null });
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
  setLanguage: async (language) => {
    await get().save({ language });
  },
  deleteProfile: async (profile) => {
    unwrap(await eclypse().credentialsDelete({ profile }));
    await get().loadProfiles();
  },
}));
