import fs from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { z } from 'zod';
import { assertInside } from '../core/archive/layout';
import { writeRunReports } from '../core/reports/reports';
import { verifyArchive } from '../core/reports/verify';
import { pruneArchive } from '../core/reports/prune';
import { compareBackups } from '../core/archive/compare';
import { bulkAccess } from '../core/runs/bulk-access';
import { parseDataTypes } from '../core/backup/options';
import { preflight } from '../core/runs/preflight';
import { discoverController } from '../core/device/discovery';
import { CodedError } from '../core/errors';
import { normalizeFingerprint } from '../core/device/fingerprint';
import { DeviceSession } from '../core/device/session';
import { probeCertificate } from '../core/device/tls-pin';
import { type CertificateInfo } from '../../shared/trust';
import { parseInventoryCsv } from '../core/inventory/csv-import';
import { InventoryStore } from '../core/inventory/inventory-store';
import { deviceKey, KnownDevices, type PinnedCertificateDetails } from '../core/inventory/known-devices';
import { pinState } from '../core/inventory/trust';
import type { InventoryController } from '../../shared/inventory';
import { CredentialProfiles } from '../core/secrets/credential-profiles';
import type { CallName, CallValue, CALLS, ImportSummary } from '../../preload/api';
import type { AppContext } from './app-context';
import { listArchive } from './archive-listing';
import { captureDiagnostics } from './diagnostics';
import { exportDiagnostics } from './diagnostics-export';
import { rendererLogGate } from './app-log';
import { SILENT_LOGGER, type Logger } from '../core/log/logger';
import { controllerOverview, OVERVIEW_RUNS } from './controller-overview';
import { RunService, type RunAccess } from './run-service';
import { SettingsStore } from './settings-store';
import { DemoCampus } from './demo-campus';

/** One handler per contract call, taking the request as its schema parsed it. */
export type Dispatch = { [K in CallName]: (request: z.output<(typeof CALLS)[K]['request']>) => Promise<CallValue<K>> };

type Credential = z.output<(typeof CALLS)['backup:start']['request']>['credential'];

const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** A password typed in the wizard lives for that backup only: resuming or retrying it later needs one kept. */
const APP_NO_PASSWORD =
  'a password typed in the wizard is used for that backup only and never stored. Type it again when you retry, or give the controller a credential profile (Controllers → Edit).';

/**
 * The dispatch table: every call of the contract mapped to the core services. main/ipc.ts serves it to the
 * window; the renderer's browser test harness serves the very same table over HTTP, so the two cannot drift.
 */
export function createDispatch(ctx: AppContext): {
  dispatch: Dispatch;
  activeRuns(): number;
  /** Waits for the reports of runs that just ended, then stops the demo campus if one was started. */
  close(): Promise<void>;
} {
  const runs = new RunService(ctx);
  const logger = ctx.logs?.logger ?? SILENT_LOGGER;
  const windowLog = rendererLogGate(logger);
  const logsFolder = (): string => {
    if (!ctx.logs)
      throw new CodedError(
        'DISK_ERROR',
        'This window has no log folder.',
        {},
        'Restart the app; if it keeps happening, reinstall it.',
      );
    return ctx.logs.folder;
  };
  const demo = new DemoCampus();
  const inventory = (): Promise<InventoryStore> => InventoryStore.load(ctx.dataDir);
  const known = (): Promise<KnownDevices> => KnownDevices.load(ctx.dataDir);
  const profiles = async (): Promise<CredentialProfiles> => CredentialProfiles.load(ctx.dataDir, await ctx.secrets());
  const settingsStore = (): Promise<SettingsStore> => SettingsStore.load(ctx.dataDir, ctx.home);
  const settings = async () => (await settingsStore()).get();

  // Every call loads its store afresh; writes go one at a time so two at once never lose one another.
  const writes = serialiser();
  /** The certificates this window's probes saw, by controller: trusting one keeps what it said of itself. */
  const probed = new Map<string, CertificateInfo>();

  const controllerById = async (id: string): Promise<InventoryController> => {
    const c = (await inventory()).get(id);
    if (!c) throw new CodedError('INVALID_INPUT', `No controller "${id}" in the inventory.`);
    return c;
  };

  const controllersById = async (ids: string[]): Promise<InventoryController[]> => {
    const store = await inventory();
    return ids.map((id) => {
      const c = store.get(id);
      if (!c) throw new CodedError('INVALID_INPUT', `No controller "${id}" in the inventory.`);
      return c;
    });
  };

  /**
   * Logins and trust for the app: credential profiles (keychain), stored pins, inventory fingerprints. A
   * controller logs in as the inventory says NOW (its profile or user name), not as the run recorded it when
   * it began: a technician who gives a failed controller a profile and then retries means that profile.
   */
  const access = async (trustNew: boolean, password?: string): Promise<RunAccess> => {
    const [pins, now] = await Promise.all([known(), inventory()]);
    const a = bulkAccess(ctx.dataDir, pins, {
      trustNew,
      secrets: ctx.secrets,
      noPasswordHelp: APP_NO_PASSWORD,
      ...(password ? { password: () => password } : {}),
    });
    const current = (c: InventoryController): InventoryController => {
      const listed = now.get(c.id);
      return listed ? { ...c, credential: listed.credential, username: listed.username } : c;
    };
    return {
      credentials: (c) => a.credentials(current(c)),
      trust: a.trust,
      afterSuccess: (c, o) => a.savePin(c, o.device?.fingerprint ?? null),
    };
  };

  /**
   * A credential given in the wizard for controller `c`: a profile, or a user name and password (optionally
   * remembered). The renderer is a boundary: it may name any profile, but a profile's password goes only to
   * the controllers the inventory assigns it to. A login remembered as a profile is assigned to `c`.
   */
  const loginOf = async (credential: Credential, c: InventoryController) => {
    if (!('profile' in credential)) logger.protectPassword(credential.password, credential.username);
    if ('profile' in credential) {
      if (c.credential !== credential.profile) {
        throw new CodedError(
          'INVALID_INPUT',
          `The credential profile "${credential.profile}" is not assigned to ${c.name} (${c.id}): its password is sent only to the controllers it belongs to. Give ${c.name} this profile (Controllers → Edit), or type the user name and password.`,
        );
      }
      return (await profiles()).resolve(credential.profile);
    }
    if (credential.remember) {
      const store = await profiles();
      // Never a silent overwrite: a mistyped password must not replace a good one.
      if ((await store.list()).some((p) => p.name === credential.remember)) {
        throw new CodedError(
          'INVALID_INPUT',
          `A credential profile "${credential.remember}" already exists: choose it, or remember this login under another name.`,
        );
      }
      await store.set(credential.remember, credential.username, credential.password);
      const remembered = credential.remember;
      await writes(async () => (await inventory()).update(c.id, { credential: remembered }));
    }
    return { username: credential.username, password: credential.password };
  };

  const dispatch: Dispatch = {
    'inventory:list': async (r) => (await inventory()).list(r),
    'inventory:add': (r) => writes(async () => (await inventory()).add(r)),
    'inventory:update': (r) => writes(async () => (await inventory()).update(r.id, r.patch)),
    'inventory:remove': (r) => writes(async () => (await inventory()).remove(r.id)),
    'inventory:previewCsv': async (r) => parseInventoryCsv(r.text),
    'inventory:importCsv': (r) => writes(async () => importCsv(await inventory(), await known(), r.text, r.update)),
    'inventory:exportCsv': async () => {
      const file = await ctx.desktop.chooseSaveFile({
        title: 'Export the inventory',
        defaultName: 'eclypse-inventory.csv',
      });
      if (!file) return { path: null };
      await writeFileAtomic(file, (await inventory()).toCsv(), { fsync: true });
      return { path: file };
    },
    'inventory:openCsvFile': async () => {
      const file = await ctx.desktop.chooseOpenFile({ title: 'Import an inventory', extensions: ['csv', 'txt'] });
      if (!file) return null;
      const stat = await fs.stat(file);
      if (stat.size > MAX_CSV_BYTES) throw new CodedError('INVALID_INPUT', `${file} is larger than 20 MB; split it.`);
      return { path: file, text: await fs.readFile(file, 'utf8') };
    },
    'controllers:overview': async () => {
      const recent = (await runs.list()).filter((r) => !r.damaged).slice(0, OVERVIEW_RUNS);
      const records = await Promise.all(recent.map((r) => runs.get(r.runId).catch(() => null)));
      const archive = await listArchive((await settings()).archiveFolder);
      return controllerOverview(
        (await inventory()).list({}),
        await known(),
        archive,
        records.filter((r) => r !== null),
      );
    },
    'controller:probe': async (r) => {
      const pins = await known();
      const s = await settings();
      const certificate = await probeCertificate(r.host, r.port, { timeoutMs: s.connectTimeoutSeconds * 1000 });
      probed.set(deviceKey(r.host, r.port), certificate);
      const pin = pins.get(r.host, r.port);
      const pinned = pin?.fingerprint;
      const was = pin
        ? {
            pinned: {
              subject: pin.subject,
              issuer: pin.issuer ?? null,
              validFrom: pin.validFrom ?? null,
              validTo: pin.validTo ?? null,
              pinnedAt: pin.pinnedAt,
            },
          }
        : {};
      const expected = pinned
        ? undefined
        : ((await inventory()).get(deviceKey(r.host, r.port))?.fingerprint ?? undefined);
      if (expected && expected === certificate.fingerprint) {
        // The fingerprint the inventory expects, seen by main's own handshake: confirmed, so it becomes the pin.
        const saved = await writes(async () =>
          (await known()).pin(r.host, r.port, expected, certificate.subject, detailsOf(certificate)),
        );
        return { certificate, pinState: 'pinned' as const, pinnedFingerprint: saved.fingerprint };
      }
      if (expected)
        return {
          certificate,
          pinState: 'changed' as const,
          pinnedFingerprint: expected,
          expectedFingerprint: expected,
        };
      return {
        certificate,
        pinState: pinState(pins, r.host, r.port, certificate.fingerprint),
        pinnedFingerprint: pinned ?? null,
        ...was,
      };
    },
    'controller:trust': async (r) => {
      const fp = normalizeFingerprint(r.fingerprint);
      const ok = await ctx.desktop.confirmTrust({
        question: `Trust the controller at ${r.host}:${r.port}?`,
        detail: `Certificate SHA-256 fingerprint:\n${fp}\n\nCompare it with the controller's web page or label. Backups will send its login to this certificate only.`,
      });
      if (!ok) {
        throw new CodedError(
          'CANCELLED',
          'The certificate was not trusted.',
          {},
          'Nothing was sent to this controller. Compare the fingerprint with its web page or label, then trust it to go on.',
        );
      }
      // What the certificate said of itself, when this window's probe saw this very one: shown if it ever changes.
      const seen = probed.get(deviceKey(r.host, r.port));
      const same = seen && normalizeFingerprint(seen.fingerprint) === fp ? seen : undefined;
      return writes(async () =>
        (await known()).pin(r.host, r.port, fp, same?.subject ?? '', same ? detailsOf(same) : {}),
      );
    },
    'controller:envysionProjects': async (r) => {
      const c = await controllerById(r.controllerId);
      const pin = (await known()).get(c.host, c.port)?.fingerprint;
      if (!pin)
        throw new CodedError('CERT_UNTRUSTED', `${c.name} is not trusted yet: check and trust its certificate first.`);
      const session = new DeviceSession({
        address: { host: c.host, port: c.port, protocol: 'https' },
        trust: { pin },
        ...(await loginOf(r.credential, c)),
        logger: logger.child({ controllerId: c.id }),
      });
      try {
        return (await (await discoverController(session)).backupOptions()).projects;
      } finally {
        session.close();
      }
    },
    'credentials:list': async () => (await profiles()).list(),
    'credentials:set': (r) => {
      logger.protectPassword(r.password, r.username);
      return writes(async () => (await profiles()).set(r.profile, r.username, r.password));
    },
    'credentials:has': async (r) => (await ctx.secrets()).has(r.profile),
    'credentials:delete': (r) => writes(async () => (await profiles()).delete(r.profile)),
    'backup:start': async (r) => {
      // The wizard's choice of target wins over the inventory's default for this controller.
      const controller = { ...(await controllerById(r.controllerId)), target: r.target };
      const controllers = [controller];
      const login = await loginOf(r.credential, controller);
      const a = await access(false);
      const fileName = r.fileName;
      return runs.start(
        controllers,
        await settings(),
        { target: r.target, dataTypes: parseDataTypes(r.dataTypes.join(',')), envysion: r.envysion },
        {
          ...a,
          credentials: async () => login,
          ...(fileName ? { fileName: () => fileName } : {}),
        },
      );
    },
    'bulk:preflight': async (r) => {
      const s = await settings();
      const pins = await known();
      const a = bulkAccess(ctx.dataDir, pins, {
        trustNew: r.trustNew,
        secrets: ctx.secrets,
        noPasswordHelp: APP_NO_PASSWORD,
      });
      return preflight(await controllersById(r.controllerIds), {
        archiveRoot: s.archiveFolder,
        concurrency: s.concurrency,
        format: s.format,
        trustNew: r.trustNew,
        pinOf: a.pinOf,
        credentials: a.credentials,
      });
    },
    'bulk:start': async (r) => {
      if (r.trustNew) {
        const ok = await ctx.desktop.confirmTrust({
          question: `Trust every controller of this run seen for the first time?`,
          detail:
            'Their certificates will be pinned as they are now, without comparing fingerprints. Controllers already trusted keep their pins: a changed certificate still stops the backup.',
        });
        if (!ok) {
          throw new CodedError(
            'CANCELLED',
            'The run was not started: trusting the controllers seen for the first time was declined.',
            {},
            'No controller was contacted. Start again and accept, or untick "Trust controllers seen for the first time" and trust each new one from its wizard.',
          );
        }
      }
      return runs.start(
        await controllersById(r.controllerIds),
        await settings(),
        { target: r.target, dataTypes: parseDataTypes(r.dataTypes.join(',')), envysion: 'all', trustNew: r.trustNew },
        await access(r.trustNew),
      );
    },
    'run:cancel': async (r) => runs.cancel(r.runId, r.controllerId),
    'runs:list': async () => runs.list(),
    'runs:get': async (r) => runs.get(r.runId),
    'runs:resume': async (r) => {
      if (r.password) logger.protectPassword(r.password);
      return runs.resume(
        r.runId,
        await settings(),
        await access((await runs.get(r.runId)).options.trustNew === true, r.password),
      );
    },
    'archive:list': async () =>
      (await listArchive((await settings()).archiveFolder)).map(({ controllerId: _, ...entry }) => entry),
    'archive:verify': async () => verifyArchive((await settings()).archiveFolder),
    'archive:reveal': async (r) => {
      const root = (await settings()).archiveFolder;
      const target = path.resolve(root, r.path);
      assertInside(root, target);
      await fs.access(target).catch(() => {
        throw new CodedError('INVALID_INPUT', `${r.path} is not in the archive.`);
      });
      // A link inside the archive may point anywhere: where it really leads must be inside too.
      assertInside(await fs.realpath(root), await fs.realpath(target));
      ctx.desktop.reveal(target);
      return null;
    },
    'archive:prune': async (r) => pruneArchive((await settings()).archiveFolder, { keep: r.keep, dryRun: r.dryRun }),
    'archive:compare': async (r) => {
      const root = (await settings()).archiveFolder;
      return compareBackups(await archiveFile(root, r.a), await archiveFile(root, r.b));
    },
    'report:export': async (r) =>
      writeRunReports((await settings()).archiveFolder, await runs.get(r.runId), { locale: r.language ?? 'en' }),
    'report:open': async (r) => {
      const files = await writeRunReports((await settings()).archiveFolder, await runs.get(r.runId), {
        locale: r.language ?? 'en',
      });
      await ctx.desktop.open(files.html);
      return files;
    },
    'settings:get': async () => {
      const store = await settingsStore();
      return { ...store.get(), warning: store.warning };
    },
    'settings:set': (r) => writes(async () => (await settingsStore()).set(r)),
    'demo:start': async () => {
      const [inv, pins, profs] = await Promise.all([inventory(), known(), profiles()]);
      return { added: await writes(() => demo.start({ inventory: inv, known: pins, profiles: profs })) };
    },
    'diagnostics:capture': async (r) => {
      if (r.password) logger.protectPassword(r.password);
      const c = await controllerById(r.controllerId);
      const s = await settings();
      const a = await access(false, r.password);
      return captureDiagnostics({
        controller: c,
        pin: (await known()).get(c.host, c.port)?.fingerprint,
        login: await a.credentials(c),
        archiveRoot: s.archiveFolder,
        withBackup: r.withBackup,
        connectTimeoutSeconds: s.connectTimeoutSeconds,
        logger,
      });
    },
    'diagnostics:export': async () => {
      const exported = await exportDiagnostics({
        logsFolder: logsFolder(),
        settings: await settings(),
        ...(ctx.versions ? { versions: ctx.versions } : {}),
      });
      logger.info('diagnostics exported', { ...exported });
      return exported;
    },
    'logs:openFolder': async () => {
      const folder = logsFolder();
      await fs.mkdir(folder, { recursive: true });
      await ctx.desktop.open(folder);
      return { path: folder };
    },
    'log:write': async (r) => {
      windowLog((log) =>
        log.child({ source: r.source })[r.level](r.event, {
          message: r.message,
          ...(r.stack ? { stack: r.stack } : {}),
          ...(r.details ? { details: r.details } : {}),
        }),
      );
      return null;
    },
    'settings:chooseArchiveFolder': async () => {
      const folder = await ctx.desktop.chooseFolder({ title: 'Choose the archive folder' });
      if (folder) await writes(async () => (await settingsStore()).set({ archiveFolder: folder }));
      return { path: folder };
    },
  };
  return {
    dispatch: withCallLog(dispatch, logger),
    activeRuns: () => runs.activeCount(),
    close: async () => {
      await runs.settled();
      await demo.close();
    },
  };
}

/** Every call that fails is logged with its stack (the window shows the message; support needs the rest). */
function withCallLog(dispatch: Dispatch, logger: Logger): Dispatch {
  const logged: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const [channel, handler] of Object.entries(dispatch) as Array<
    [string, (request: unknown) => Promise<unknown>]
  >) {
    logged[channel] = async (request) => {
      try {
        return await handler(request);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        logger[code === 'CANCELLED' || code === 'INVALID_INPUT' ? 'info' : 'error']('call failed', {
          channel,
          code,
          error: err,
        });
        throw err;
      }
    };
  }
  return logged as unknown as Dispatch;
}

/** Runs async jobs one after another, in call order; a failed job does not block the next. */
/** A file of the archive named relative to it, checked to be inside it (links included) and to exist. */
async function archiveFile(root: string, relative: string): Promise<string> {
  const target = path.resolve(root, relative);
  assertInside(root, target);
  const real = await fs.realpath(target).catch(() => {
    throw new CodedError('INVALID_INPUT', `${relative} is not in the archive.`);
  });
  assertInside(await fs.realpath(root), real);
  return real;
}

/** What a certificate says of itself, kept with its pin. */
function detailsOf(c: CertificateInfo): PinnedCertificateDetails {
  return { issuer: c.issuer, validFrom: c.validFrom, validTo: c.validTo };
}

function serialiser(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (job) => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function importCsv(
  store: InventoryStore,
  pins: KnownDevices,
  text: string,
  update: boolean,
): Promise<ImportSummary> {
  const parsed = parseInventoryCsv(text);
  if (parsed.problems.length > 0) {
    const first = parsed.problems
      .slice(0, 5)
      .map((p) => `line ${p.line}${p.column ? ` (${p.column})` : ''}: ${p.reason}`);
    throw new CodedError(
      'INVALID_INPUT',
      `The file has ${parsed.problems.length} problem(s); nothing was imported. ${first.join('; ')}`,
    );
  }
  // Fingerprints from the renderer are expected, never pins: a pin is written only by main's own handshake
  // seeing that certificate (probe, or a run's pinned connection) or by the technician in the native dialog.
  const r = await store.importControllers(parsed.controllers, { update, pins, pinFingerprints: false });
  return {
    added: r.added.length,
    updated: r.updated.length,
    unchanged: r.unchanged.length,
    duplicates: r.duplicates.length,
    pinned: r.pinned.length,
    expected: r.expected.length,
    conflicts: r.conflicts.map((c) => ({
      id: c.controller.id,
      name: c.controller.name,
      pinned: c.pinnedFingerprint,
      inCsv: c.csvFingerprint,
    })),
  };
}
