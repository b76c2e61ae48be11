import { create } from 'zustand';
import {
  DATA_TYPE_PRESETS,
  type ApiError,
  type CallRequest,
  type ControllerOverview,
  type DataType,
  type ProbeResult,
} from '../../../preload/api';
import { hostProblem, portOf, splitTypedAddress } from '../../../shared/address';
import { controllerIdOf } from '../../../shared/controller-id';
import { fileNameProblemKind, MAX_FILE_NAME } from '../../../shared/file-name';
import { eclypse, toApiError, unwrap } from '../bridge/eclypse';
import { t as translator } from '../i18n/language';
import { useInventory } from './inventory';
import { useRuns } from './runs';
import { useSettings } from './settings';

/** The wizard's steps, in order. */
export const WIZARD_STEPS = ['address', 'certificate', 'signin', 'contents', 'backup', 'result'] as const;
/** One step of the wizard. */
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Where the controller is, as typed (the port stays text so a half-typed value is not lost). */
export interface WizardAddress {
  host: string;
  port: string;
  name: string;
  site: string;
}

/** How the backup logs in. */
export interface WizardSignIn {
  mode: 'profile' | 'password';
  profile: string;
  username: string;
  password: string;
  remember: boolean;
  rememberAs: string;
}

/** What the backup contains and where the controller puts it. */
export interface WizardContents {
  target: 'Device' | 'UsbKey';
  fileName: string;
  dataTypes: DataType[];
  /** The ENVYSION projects read from the controller: null until read (or when reading failed). */
  projects: string[] | null;
  /** The projects chosen; every project when the technician changed nothing. */
  chosenProjects: string[];
  projectsLoading: boolean;
  projectsError: ApiError | null;
}

/** A call in flight or its failure, for the step that made it. */
interface WizardActivity {
  busy: boolean;
  error: ApiError | null;
}

interface WizardState {
  step: WizardStep;
  address: WizardAddress;
  /** The inventory controller the wizard was opened for, or the one added for this backup. */
  controllerId: string | null;
  probe: ProbeResult | null;
  /** True when the certificate was trusted in this wizard (the step then says so). */
  trustedNow: boolean;
  signIn: WizardSignIn;
  contents: WizardContents;
  /** The step's call (probe, trust, add, start): whether it runs and how it failed. */
  activity: WizardActivity;
  /** The credential the projects were read with, so going back and forth does not log in again. */
  projectsReadWith: string | null;
  runId: string | null;
  /** Steps the wizard passed by itself (express): shown as decided already, not as done by the technician. */
  decided: WizardStep[];
  /** The navigation's wizard session this state belongs to (a new session starts afresh; returning does not). */
  session: number;
  /** Opens the wizard afresh for a navigation session, prefilled from an inventory controller when one is given. */
  begin(row: ControllerOverview | null, session: number): void;
  /**
   * One click from a controller's "Back up" to a running backup, for a controller whose certificate is trusted and
   * whose credential profile is in the keychain: the certificate is checked (a changed one stops here, on its
   * step), then the backup starts with everything and the controller's target. Steps passed are shown as decided.
   */
  express(): Promise<void>;
  /** Takes a new navigation session without starting afresh (its backup is still running). */
  adoptSession(session: number): void;
  setAddress(patch: Partial<WizardAddress>): void;
  setSignIn(patch: Partial<WizardSignIn>): void;
  setContents(patch: Partial<Pick<WizardContents, 'target' | 'fileName' | 'dataTypes' | 'chosenProjects'>>): void;
  goTo(step: WizardStep): void;
  /** Step 1 → 2: reads the controller's certificate. */
  checkCertificate(): Promise<void>;
  /** Pins the certificate shown (main asks the technician in a native dialog first). */
  trust(): Promise<void>;
  /** Step 2 → 3: adds the controller to the inventory when it is not there yet. */
  confirmController(): Promise<void>;
  /** Step 3 → 4, and reads the ENVYSION projects with the login given (once per login). */
  confirmSignIn(): Promise<void>;
  /** Step 4 → 5: starts the backup. */
  start(): Promise<void>;
  cancel(): Promise<void>;
  /** After a failed backup: back to the step that fixes it (a fresh probe for the certificate), or start again. */
  recover(to: WizardStep | 'retry'): Promise<void>;
}

const FRESH_CONTENTS: WizardContents = {
  target: 'Device',
  fileName: '',
  dataTypes: [...DATA_TYPE_PRESETS.all],
  projects: null,
  chosenProjects: [],
  projectsLoading: false,
  projectsError: null,
};
const FRESH_SIGN_IN: WizardSignIn = {
  mode: 'password',
  profile: '',
  username: '',
  password: '',
  remember: false,
  rememberAs: '',
};
const IDLE: WizardActivity = { busy: false, error: null };

export { controllerIdOf };

/**
 * The host and port the technician means: `10.0.0.1:8443` typed in the address field is host 10.0.0.1 on port
 * 8443 (the port field still at 443, or saying the same). Null while either is not usable (addressProblem says why).
 */
export function effectiveAddress(a: Pick<WizardAddress, 'host' | 'port'>): { host: string; port: number } | null {
  const typed = splitTypedAddress(a.host);
  const field = portOf(a.port);
  const port = typed.port === null ? field : portOf(typed.port);
  if (typed.port !== null && field !== null && field !== 443 && field !== port) return null;
  if (port === null || hostProblem(typed.host)) return null;
  return { host: typed.host, port };
}

/** Words for a host problem (shared/address.ts's kinds), in the language in force. */
export function hostProblemWords(host: string): string | null {
  const p = hostProblem(host);
  if (!p) return null;
  const t = translator();
  switch (p.kind) {
    case 'scheme':
      return t('host.scheme', { scheme: p.scheme });
    case 'port':
      return t('host.port', { host: p.host, port: p.port });
    case 'character':
      return t('host.character', { character: p.character });
    default:
      return t(`host.${p.kind}`);
  }
}

/** Why a file name cannot be asked for, in the language in force, or null (shared/file-name.ts's rules). */
export function fileNameWords(name: string): string | null {
  const kind = fileNameProblemKind(name);
  if (!kind) return null;
  const t = translator();
  if (kind === 'too-long') return t('fileName.too-long', { max: MAX_FILE_NAME });
  if (kind === 'reserved') return t('fileName.reserved', { characters: '< > : " | ? *' });
  return t(`fileName.${kind}`);
}

/** A controller name turned into a file name the controller accepts ("AHU 1/North" → "AHU 1-North"). */
function suggestedFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters cannot be part of the file name the controller writes
    .replace(/[\u0000-\u001f\u007f./\\<>:"|?*]+/g, '-')
    .trim()
    .slice(0, MAX_FILE_NAME)
    .trim();
  return fileNameProblemKind(cleaned) ? '' : cleaned;
}

/** What the technician must fix on the Address step before probing, or null. */
export function addressProblem(a: WizardAddress): string | null {
  const typed = splitTypedAddress(a.host);
  const hostWords = hostProblemWords(typed.host);
  if (hostWords) return hostWords;
  const t = translator();
  if (typed.port !== null && portOf(typed.port) === null) return t('port.invalid');
  if (typed.port === null && portOf(a.port) === null) return t('port.invalid');
  if (effectiveAddress(a) === null) return t('port.conflict', { typed: typed.port ?? '', field: a.port.trim() });
  return null;
}

/** What the technician must fix on the Sign in step, or null. */
export function signInProblem(s: WizardSignIn, existingProfiles: string[]): string | null {
  const t = translator();
  if (s.mode === 'profile') return s.profile ? null : t('wizard.signin.choose-profile');
  if (s.username.trim() === '') return t('wizard.signin.enter-username');
  if (s.password === '') return t('wizard.signin.enter-password');
  if (s.remember) {
    const name = s.rememberAs.trim();
    if (name === '') return t('wizard.signin.name-profile');
    if (existingProfiles.includes(name)) return t('wizard.signin.profile-exists', { name });
  }
  return null;
}

/** What the technician must fix on the Contents step, or null (an empty file name lets the controller name it). */
export function contentsProblem(c: WizardContents): string | null {
  if (c.fileName !== '') {
    const problem = fileNameWords(c.fileName);
    if (problem) return problem;
  }
  if (c.dataTypes.length === 0) return translator()('wizard.contents.no-type');
  return null;
}

/** The credential as backup:start and controller:envysionProjects take it; `remember` only when asked for. */
function credentialOf(s: WizardSignIn, withRemember: boolean): CallRequest<'backup:start'>['credential'] {
  if (s.mode === 'profile') return { profile: s.profile };
  const base = { username: s.username.trim(), password: s.password };
  return withRemember && s.remember ? { ...base, remember: s.rememberAs.trim() } : base;
}

/** The wizard's state: one backup of one controller, from its address to the verified file. */
export const useWizard = create<WizardState>((set, get) => {
  /** Runs one step's call: busy while it runs, its failure kept for the step to show. */
  const act = async (job: () => Promise<void>): Promise<void> => {
    if (get().activity.busy) return;
    set({ activity: { busy: true, error: null } });
    try {
      await job();
      set({ activity: IDLE });
    } catch (err) {
      set({ activity: { busy: false, error: toApiError(err) } });
    }
  };

  /** Gives the controller this profile in the inventory unless it has it; false (error shown) when that failed. */
  const assignProfile = async (controllerId: string, profile: string): Promise<boolean> => {
    const row = useInventory.getState().rows.find((r) => r.controller.id === controllerId);
    if (row?.controller.credential === profile) return true;
    try {
      await useInventory.getState().update(controllerId, { credential: profile });
      return true;
    } catch (err) {
      set({ activity: { busy: false, error: toApiError(err) } });
      return false;
    }
  };

  const readProjects = async (): Promise<void> => {
    const { controllerId, signIn } = get();
    if (!controllerId) return;
    const key = JSON.stringify(credentialOf(signIn, false));
    if (get().projectsReadWith === key) return;
    set((s) => ({
      projectsReadWith: key,
      contents: { ...s.contents, projects: null, projectsLoading: true, projectsError: null },
    }));
    try {
      // Without `remember`: reading projects must not store a profile that the backup would then refuse to create.
      const projects = unwrap(
        await eclypse().controllerEnvysionProjects({ controllerId, credential: credentialOf(signIn, false) }),
      );
      set((s) => ({ contents: { ...s.contents, projects, chosenProjects: projects, projectsLoading: false } }));
    } catch (err) {
      set((s) => ({
        contents: {
          ...s.contents,
          projects: null,
          chosenProjects: [],
          projectsLoading: false,
          projectsError: toApiError(err),
        },
      }));
    }
  };

  return {
    step: 'address',
    address: { host: '', port: '443', name: '', site: '' },
    controllerId: null,
    probe: null,
    trustedNow: false,
    signIn: FRESH_SIGN_IN,
    contents: FRESH_CONTENTS,
    activity: IDLE,
    projectsReadWith: null,
    runId: null,
    decided: [],
    session: 0,
    begin: (row, session) => {
      const c = row?.controller;
      const profiles = useSettings.getState().profiles;
      const profile = c?.credential && profiles.some((p) => p.name === c.credential) ? c.credential : '';
      set({
        step: 'address',
        address: c
          ? { host: c.host, port: String(c.port), name: c.name, site: c.site ?? '' }
          : { host: '', port: '443', name: '', site: '' },
        controllerId: c?.id ?? null,
        probe: null,
        trustedNow: false,
        signIn: { ...FRESH_SIGN_IN, mode: profile ? 'profile' : 'password', profile, username: c?.username ?? '' },
        contents: { ...FRESH_CONTENTS, target: c?.target ?? 'Device', fileName: suggestedFileName(c?.name ?? '') },
        activity: IDLE,
        projectsReadWith: null,
        runId: null,
        decided: [],
        session,
      });
    },
    express: async () => {
      const { signIn, controllerId } = get();
      if (!controllerId || signIn.mode !== 'profile' || !signIn.profile) return;
      // Only with the password in the keychain: otherwise the sign-in step must ask for it.
      if (!useSettings.getState().profiles.some((p) => p.name === signIn.profile && p.hasSecret)) return;
      await get().checkCertificate();
      if (get().step !== 'certificate' || get().probe?.pinState !== 'pinned') return;
      set({ decided: ['address', 'certificate'] });
      await get().confirmController();
      if (get().step !== 'signin') return;
      set({ decided: ['address', 'certificate', 'signin', 'contents'], step: 'contents' });
      await get().start();
      // Refused before it ran (a profile gone since): the contents step shows why, and nothing is "decided".
      if (get().step !== 'backup') set({ decided: ['address', 'certificate', 'signin'] });
    },
    adoptSession: (session) => set({ session }),
    setAddress: (patch) => set((s) => ({ address: { ...s.address, ...patch }, activity: IDLE })),
    setSignIn: (patch) => set((s) => ({ signIn: { ...s.signIn, ...patch } })),
    setContents: (patch) => set((s) => ({ contents: { ...s.contents, ...patch } })),
    goTo: (step) =>
      set((s) => ({
        step,
        activity: IDLE,
        decided: s.decided.filter((d) => WIZARD_STEPS.indexOf(d) < WIZARD_STEPS.indexOf(step)),
      })),
    checkCertificate: () =>
      act(async () => {
        const { address } = get();
        const where = effectiveAddress(address);
        if (!where || addressProblem(address)) return;
        const probe = unwrap(await eclypse().controllerProbe(where));
        // The address as it is used from here on: host and port each in its own field.
        set({
          probe,
          trustedNow: false,
          step: 'certificate',
          address: { ...address, host: where.host, port: String(where.port) },
        });
      }),
    trust: () =>
      act(async () => {
        const { address, probe } = get();
        const port = portOf(address.port);
        if (!probe || port === null) return;
        const fingerprint = probe.certificate.fingerprint;
        unwrap(await eclypse().controllerTrust({ host: address.host.trim(), port, fingerprint }));
        set({ probe: { ...probe, pinState: 'pinned', pinnedFingerprint: fingerprint }, trustedNow: true });
      }),
    confirmController: () =>
      act(async () => {
        const { address, probe } = get();
        const port = portOf(address.port);
        if (probe?.pinState !== 'pinned' || port === null) return;
        const id = controllerIdOf(address.host, port);
        const inventory = useInventory.getState();
        await inventory.load();
        if (!useInventory.getState().rows.some((r) => r.controller.id === id)) {
          const host = address.host.trim();
          await inventory.add({ name: address.name.trim() || host, host, port, site: address.site.trim() || null });
        }
        void useSettings.getState().loadProfiles();
        set((s) => ({
          controllerId: id,
          step: 'signin',
          contents:
            s.contents.fileName === ''
              ? { ...s.contents, fileName: suggestedFileName(address.name.trim() || address.host.trim()) }
              : s.contents,
          signIn:
            s.signIn.rememberAs === ''
              ? { ...s.signIn, rememberAs: address.site.trim() || address.name.trim() || address.host.trim() }
              : s.signIn,
        }));
      }),
    confirmSignIn: async () => {
      const profiles = useSettings.getState().profiles.map((p) => p.name);
      const { signIn, controllerId } = get();
      if (signInProblem(signIn, profiles)) return;
      // A profile's password goes only to the controllers the inventory gives it: choosing one here for this
      // controller is giving it that profile (main refuses a profile the inventory does not assign).
      if (signIn.mode === 'profile' && controllerId && !(await assignProfile(controllerId, signIn.profile))) return;
      set({ step: 'contents', activity: IDLE });
      await readProjects();
    },
    start: () =>
      act(async () => {
        const { controllerId, signIn, contents } = get();
        if (!controllerId || contentsProblem(contents)) return;
        const all = contents.projects === null || contents.chosenProjects.length === contents.projects.length;
        const runId = await useRuns.getState().startBackup({
          controllerId,
          credential: credentialOf(signIn, true),
          target: contents.target,
          ...(contents.fileName !== '' ? { fileName: contents.fileName } : {}),
          dataTypes: contents.dataTypes,
          envysion: all ? 'all' : contents.chosenProjects,
        });
        if (signIn.mode === 'password' && signIn.remember) {
          // The login is in the keychain now: a retry uses the profile instead of asking to create it twice.
          set({
            signIn: { ...signIn, mode: 'profile', profile: signIn.rememberAs.trim(), password: '', remember: false },
          });
          void useSettings.getState().loadProfiles();
        }
        set({ runId, step: 'backup' });
      }),
    cancel: async () => {
      const { runId } = get();
      if (!runId) return;
      try {
        await useRuns.getState().cancel(runId);
      } catch (err) {
        set({ activity: { busy: false, error: toApiError(err) } });
      }
    },
    recover: async (to) => {
      if (to === 'retry') {
        set({ step: 'contents', activity: IDLE });
        await get().start();
      } else if (to === 'certificate') {
        set({ step: 'address', activity: IDLE });
        await get().checkCertificate();
      } else {
        get().goTo(to);
      }
    },
  };
});
