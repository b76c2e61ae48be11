import type { Body, BodyFormat } from './codecs';
import { field, stringField } from './codecs';
import { v2Entries } from './answers';
import type { ControllerApi } from './controller-api';
import type { DeviceIdentity } from '../../../shared/controller';
import { ENDPOINTS, REVISION_GATES, revisionAtLeast } from './endpoints';
import { CodedError } from '../errors';
import type { DeviceSession } from './session';
import { V1Api } from './v1-api';
import { V2Api } from './v2-api';

/**
 * Finds out which API the controller speaks and who it is, with one login. A first look without credentials
 * (no audit-log entry): a 404 at `/api/rest/v1` from a controller that answers unknown paths before asking
 * for a login means "not v1". Otherwise — an answer, or a 401 as firmware 2.x gives to any anonymous
 * request — it is decided after the login, as the public client does: `/info` answers on v1; a 404 there
 * from a controller that answers the v2 services is v2. Later requests ride the login's session cookie, and
 * a wrong password fails once, before anything is created.
 */
export async function discoverController(session: DeviceSession, format: BodyFormat = 'json'): Promise<ControllerApi> {
  const root = await session.request({
    method: 'GET',
    path: ENDPOINTS.v1Root.path(),
    accept: [404, 405],
    anonymous: true,
  });
  if (root.status === 404 || root.status === 405) {
    if (await answersV2(session)) return discoverV2(session);
    throw new CodedError('API_UNSUPPORTED', 'The controller answers neither the v1 nor the v2 REST API.');
  }
  const info = await session.request({ method: 'GET', path: ENDPOINTS.info.path(), accept: [404] });
  if (info.status !== 404) return discoverV1(session, format, info.body);
  if (await answersV2(session)) return discoverV2(session);
  throw new CodedError(
    'API_UNSUPPORTED',
    'The controller has no /api/rest/v1/info resource and answers no v2 services: this is not an ECLYPSE REST API it knows.',
  );
}

async function answersV2(session: DeviceSession): Promise<boolean> {
  const services = await session.request({ method: 'GET', path: ENDPOINTS.v2Services.path(), accept: [404, 405] });
  return services.status < 300;
}

async function discoverV1(session: DeviceSession, format: BodyFormat, info: Body): Promise<ControllerApi> {
  const apiRevision = stringField(info, 'apiRevision');
  if (!apiRevision || !/^\d+(\.\d+)*$/.test(apiRevision)) {
    throw new CodedError(
      'PROTOCOL_ERROR',
      `The controller reported no usable API revision (${JSON.stringify(apiRevision ?? null)}).`,
    );
  }
  if (!revisionAtLeast(apiRevision, REVISION_GATES.backupCreate)) {
    throw new CodedError(
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
