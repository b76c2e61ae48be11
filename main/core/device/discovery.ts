import type { BodyFormat } from './codecs';
import { field, stringField } from './codecs';
import { V1Api, V2Api, v2Entries, type ControllerApi, type DeviceIdentity } from './controller-api';
import { ENDPOINTS, REVISION_GATES, revisionAtLeast } from './endpoints';
import { BackupError } from './errors';
import type { DeviceSession } from './session';

/**
 * Finds out which API the controller speaks and who it is. Which API is asked without credentials (an
 * answer or a 401 both mean "here"), so the one Basic login goes to the right API; a wrong password then
 * fails once, before anything is created.
 */
export async function discoverController(session: DeviceSession, format: BodyFormat = 'json'): Promise<ControllerApi> {
  const present = (status: number): boolean => status < 300 || status === 401;
  const root = await session.request({ method: 'GET', path: ENDPOINTS.v1Root.path(), accept: [404, 405], anonymous: true });
  if (present(root.status)) return discoverV1(session, format);

  const services = await session.request({ method: 'GET', path: ENDPOINTS.v2Services.path(), accept: [404, 405], anonymous: true });
  if (present(services.status)) return discoverV2(session);

  throw new BackupError('API_UNSUPPORTED', 'The controller answers neither the v1 nor the v2 REST API.');
}

async function discoverV1(session: DeviceSession, format: BodyFormat): Promise<ControllerApi> {
  const info = await session.request({ method: 'GET', path: ENDPOINTS.info.path() });
  const apiRevision = stringField(info.body, 'apiRevision');
  if (!apiRevision || !/^\d+(\.\d+)*$/.test(apiRevision)) {
    throw new BackupError('PROTOCOL_ERROR', `The controller reported no usable API revision (${JSON.stringify(apiRevision ?? null)}).`);
  }
  if (!revisionAtLeast(apiRevision, REVISION_GATES.backupCreate)) {
    throw new BackupError(
      'API_UNSUPPORTED',
      `API revision ${apiRevision} cannot create backups (needs ${REVISION_GATES.backupCreate} or later).`,
    );
  }
  const device = await session.request({ method: 'GET', path: ENDPOINTS.infoDevice.path(), accept: [404] });
  const d = device.status === 404 ? undefined : device.body;
  const identity: DeviceIdentity = {
    api: 'v1',
    apiRevision,
    hostId: stringField(d, 'hostId') ?? '',
    hostName: stringField(d, 'hostName', 'controllerName') ?? '',
    modelName: stringField(d, 'modelName') ?? '',
    softwareVersion: stringField(d, 'softwareVersion') ?? '',
  };
  return new V1Api(session, identity, format);
}

async function discoverV2(session: DeviceSession): Promise<ControllerApi> {
  // v2 has no documented identity resource; the platform block of an existing backup names the device.
  const list = await session.request({ method: 'GET', path: ENDPOINTS.v2Backups.path(), accept: [404] });
  const platform = list.status === 404 ? undefined : v2Entries(list.body).find((e) => e.platform)?.platform;
  const identity: DeviceIdentity = {
    api: 'v2',
    apiRevision: '',
    hostId: stringField(platform, 'hostId') ?? '',
    hostName: stringField(platform, 'hostName') ?? '',
    modelName: stringField(platform, 'modelName') ?? '',
    softwareVersion: stringField(platform, 'osVersion') ?? stringField(field(platform, 'os'), 'version') ?? '',
  };
  return new V2Api(session, identity);
}
