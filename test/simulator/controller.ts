import { SESSION_COOKIE } from './sessions';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { routeV1, V1_BASE, XML_SINCE } from './api-v1';
import { routeV2, routeV2LegacyRoot, V2_BASE, V2_JOBS_PATH } from './api-v2';
import { issueControllerCertificate, type ControllerCertificate } from './certificates';
import { createDevice, type DeviceContext } from './device-context';
import { revisionAtLeast } from './device-identity';
import { answerNotFound, answerRefusedLogin, answerText, answerUnauthorized, type Exchange } from './http-answers';
import { misbehave, phasesOf } from './phase-faults';
import { hasBasic, SessionBook } from './sessions';
import type { ControllerSpec, Faults, RecordedRequest, SimController } from './types';

/** Loopback address every simulated controller listens on. */
const SIM_HOST = '127.0.0.1';

// Request bodies are tiny JSON/XML documents; anything bigger is a client bug, not a backup.
const MAX_BODY_BYTES = 1 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

type Route = 'v1' | 'v2' | 'v2-jobs' | 'v2-legacy-root';

/** Which API a path belongs to on this controller, and its segments below that API's base. */
function locate(path: string, api: 'v1' | 'v2', legacyRoot: boolean): { route: Route; segments: string[] } | undefined {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const bases: Array<[string, Route]> =
    api === 'v1'
      ? [[V1_BASE, 'v1']]
      : [
          [V2_JOBS_PATH, 'v2-jobs'],
          [V2_BASE, 'v2'],
          ...(legacyRoot ? [[V1_BASE, 'v2-legacy-root'] as [string, Route]] : []),
        ];
  for (const [base, route] of bases) {
    if (trimmed !== base && !trimmed.startsWith(`${base}/`)) continue;
    const rest = trimmed
      .slice(base.length)
      .split('/')
      .filter((s) => s !== '');
    try {
      return { route, segments: rest.map((s) => decodeURIComponent(s)) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

class RunningController implements SimController {
  readonly host = SIM_HOST;
  readonly requests: RecordedRequest[] = [];
  port = 0;
  fingerprint = '';
  certPem = '';
  private connections = 0;
  /** Requests the current phase fault has hit (its `times` counts down against this). */
  private phaseFaultHits = 0;
  private readonly sessions: SessionBook;
  private readonly server: http.Server | https.Server;

  constructor(
    readonly spec: ControllerSpec,
    private readonly device: DeviceContext,
    private certificate: ControllerCertificate | undefined,
  ) {
    const username = spec.username ?? 'admin';
    const password = spec.password ?? 'admin';
    this.sessions = new SessionBook({ username, password }, !spec.plainHttp);
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      // A simulator bug must surface as a 500 the test can see, not as an unhandled rejection in the runner.
      this.handle(req, res).catch(() => {
        if (!res.headersSent) answerText(res, 500, 'Internal Server Error');
        else res.destroy();
      });
    };
    if (certificate) {
      this.fingerprint = certificate.fingerprint;
      this.certPem = certificate.certPem;
      const server = https.createServer({ key: certificate.keyPem, cert: certificate.certPem }, handler);
      server.on('secureConnection', () => {
        this.connections += 1;
      });
      this.server = server;
    } else {
      this.server = http.createServer(handler);
    }
    // A client that vanishes mid-handshake must not leave an 'error' event unhandled.
    this.server.on('tlsClientError', () => undefined);
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  get tlsConnections(): number {
    return this.connections;
  }

  get busy(): boolean {
    return this.device.backups.busy();
  }

  get createdJobs(): number {
    return this.device.backups.createdJobs;
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, SIM_HOST, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  files(): string[] {
    return this.device.backups.all('Device').map((f) => f.name);
  }

  setFaults(faults: Faults): void {
    this.device.setFaults(faults);
    this.phaseFaultHits = 0;
  }

  async comeBack(): Promise<void> {
    if (this.server.listening) return;
    await this.listen(this.port);
  }

  /** Stops accepting connections and drops the open ones: the controller lost power or its network. */
  private goOffline(): void {
    this.server.close();
    this.server.closeAllConnections();
  }

  async rotateCertificate(): Promise<string> {
    if (!this.certificate) throw new Error(`${this.spec.name} serves plain HTTP: there is no certificate to rotate`);
    const next = await issueControllerCertificate(this.spec.name, { expired: this.spec.certExpired ?? false });
    // Only new handshakes see the new certificate; open keep-alive connections keep the old one, as on a device.
    (this.server as https.Server).setSecureContext({ key: next.keyPem, cert: next.certPem });
    this.certificate = next;
    this.fingerprint = next.fingerprint;
    this.certPem = next.certPem;
    return next.fingerprint;
  }

  async close(): Promise<void> {
    this.device.backups.stop();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Stalled downloads and keep-alive sockets would otherwise hold close() open forever.
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const body = await readBody(req);
    const target = req.url ?? '/';
    this.requests.push({
      method: req.method ?? 'GET',
      path: target,
      headers: { ...req.headers },
      body,
      basic: hasBasic(req),
      at,
    });
    const faults = this.device.faults();
    if (faults.responseDelayMs) await sleep(faults.responseDelayMs);
    const fault = faults.phaseFault;
    if (
      fault &&
      phasesOf(req).includes(fault.phase) &&
      (fault.times === undefined || this.phaseFaultHits < fault.times)
    ) {
      this.phaseFaultHits += 1;
      if (await misbehave(fault, fault.phase, req, res, () => this.goOffline())) return;
    }
    const url = new URL(target, 'http://controller.invalid');
    const api = this.spec.api ?? 'v1';
    const { dialect } = this.device;
    const place = locate(url.pathname, api, api === 'v2' && dialect.v2LegacyRoot);
    // Per path: paths outside this controller's API do not exist, whoever asks (so an anonymous probe tells
    // v1 from v2). Refuse-all: the login comes first, whatever the path.
    if (!place && dialect.anonymous === 'per-path') return answerNotFound(res);
    const auth = this.sessions.check(req, faults);
    if (!auth.ok) {
      if (auth.refusal) return answerRefusedLogin(res, auth.refusal);
      // The authentication page documents a session cookie on the 401 of a missing login; some servlet
      // containers also open one for the request they refuse.
      if (faults.cookieOnRefusal || dialect.anonymous === 'refuse-all')
        res.setHeader('Set-Cookie', `${SESSION_COOKIE}=refused${Date.now()}; Path=/; HttpOnly`);
      return answerUnauthorized(res);
    }
    if (auth.setCookie) res.setHeader('Set-Cookie', auth.setCookie);
    if (!place) return answerNotFound(res);
    const ex: Exchange = {
      req,
      res,
      method: (req.method ?? 'GET').toUpperCase(),
      segments: place.segments,
      query: url.searchParams,
      body,
      keyCase: api === 'v1' ? (this.spec.keyCase ?? 'camel') : 'camel',
      xmlCapable: api === 'v1' && revisionAtLeast(this.device.revision, XML_SINCE),
    };
    if (place.route === 'v1') return routeV1(ex, this.device);
    if (place.route === 'v2-legacy-root') return routeV2LegacyRoot(ex);
    return routeV2(ex, this.device, place.route === 'v2-jobs');
  }
}

/** Starts one simulated controller on 127.0.0.1 (its own port and self-signed certificate, or plain HTTP). */
export async function startController(spec: ControllerSpec): Promise<SimController> {
  const certificate = spec.plainHttp
    ? undefined
    : await issueControllerCertificate(spec.name, { expired: spec.certExpired ?? false });
  const controller = new RunningController(spec, createDevice(spec), certificate);
  await controller.listen(spec.port ?? 0);
  return controller;
}
