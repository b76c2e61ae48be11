import { ZipFile } from 'yazl';
// For its side effect: yazl's CRC-32 made native (see the file for why).
import './native-crc.cjs';
import { hash32, payloadStream } from './payload';

/** The 13 data types a v1 backup can include, as documented for POST /system/backup/create. */
export const DATA_TYPES = [
  'TIMEZONE',
  'WEB_SERVER_CONFIGURATION',
  'WEATHER',
  'NETWORK_CONFIGURATION',
  'USER_MANAGEMENT',
  'MODULES_FIRMWARES',
  'CERTIFICATE',
  'HOSTNAME',
  'GFX',
  'BACNET_CONFIGURATION',
  'PERSISTENCY',
  'TRENDLOG',
  'OPENADR',
] as const;

/** One of the documented v1 backup data types. */
export type DataType = (typeof DATA_TYPES)[number];

/** The includes of a v2 (firmware 2.x) "full" backup. */
export const V2_FULL_INCLUDES = [
  'configuration',
  'network',
  'users',
  'certificates',
  'programs',
  'trend-logs',
  'firmwares',
];

/** Path of the manifest every simulated backup zip starts with. */
const MANIFEST_PATH = 'META-INF/manifest.json';

/** Where one part of a backup lives in the zip and how big it is: fixed bytes, or a share of the bulk. */
interface PartLayout {
  path: string;
  fixed?: number;
  share?: number;
}

// Configuration parts are small and fixed; the parts that grow on a real site (trend logs, persisted values,
// module firmwares, the program) take the bulk of ControllerSpec.backupBytes, shares in percent.
const V1_PARTS: Record<DataType, PartLayout> = {
  TIMEZONE: { path: 'TIMEZONE/timezone.json', fixed: 312 },
  WEB_SERVER_CONFIGURATION: { path: 'WEB_SERVER_CONFIGURATION/webserver.json', fixed: 1_480 },
  WEATHER: { path: 'WEATHER/weather.json', fixed: 264 },
  NETWORK_CONFIGURATION: { path: 'NETWORK_CONFIGURATION/network.json', fixed: 2_310 },
  USER_MANAGEMENT: { path: 'USER_MANAGEMENT/users.db', fixed: 12_288 },
  MODULES_FIRMWARES: { path: 'MODULES_FIRMWARES/modules.bin', share: 25 },
  CERTIFICATE: { path: 'CERTIFICATE/server.p12', fixed: 2_661 },
  HOSTNAME: { path: 'HOSTNAME/hostname.txt', fixed: 24 },
  GFX: { path: 'GFX/program.gfx', share: 10 },
  BACNET_CONFIGURATION: { path: 'BACNET_CONFIGURATION/bacnet.json', fixed: 3_874 },
  PERSISTENCY: { path: 'PERSISTENCY/persistency.dat', share: 20 },
  TRENDLOG: { path: 'TRENDLOG/trendlog.dat', share: 45 },
  OPENADR: { path: 'OPENADR/openadr.json', fixed: 640 },
};

const V2_PARTS: Record<string, PartLayout> = {
  configuration: { path: 'configuration/configuration.json', fixed: 24_576 },
  network: { path: 'network/network.json', fixed: 4_096 },
  users: { path: 'users/users.db', fixed: 12_288 },
  certificates: { path: 'certificates/certificates.p12', fixed: 4_096 },
  programs: { path: 'programs/programs.tar', share: 15 },
  'trend-logs': { path: 'trend-logs/trend-logs.dat', share: 50 },
  firmwares: { path: 'firmwares/firmwares.bin', share: 35 },
};

const ENVYSION_PROJECT_BYTES = 48 * 1024;

/** One payload entry of a backup zip; its bytes are regenerated from `seed` on every download. */
interface ArchiveEntry {
  path: string;
  size: number;
  seed: number;
}

/** Everything needed to produce a backup zip byte for byte, without holding its payload. */
export interface ArchivePlan {
  manifest: Buffer;
  entries: ArchiveEntry[];
  mtime: Date;
}

function layoutEntries(parts: PartLayout[], all: PartLayout[], backupBytes: number, seedBase: string): ArchiveEntry[] {
  // Sizes are relative to a FULL backup so that a partial one is smaller, as on a device.
  const fixedOfFull = all.reduce((sum, p) => sum + (p.fixed ?? 0), 0);
  const bulk = Math.max(0, backupBytes - fixedOfFull);
  return parts.map((p) => ({
    path: p.path,
    size: p.fixed ?? Math.floor((bulk * (p.share ?? 0)) / 100),
    seed: hash32(`${seedBase}/${p.path}`),
  }));
}

function envysionPath(project: string): string {
  return `ENVYSION/${project.replace(/[^A-Za-z0-9_-]+/g, '_')}.envproj`;
}

/** Plans a v1 `.ecybackup`: a manifest, one entry per data type and one per ENVYSION project. */
export function planV1Archive(args: {
  manifest: Record<string, unknown>;
  dataTypes: DataType[];
  envysionProjects: string[];
  backupBytes: number;
  createdAt: Date;
  seedBase: string;
}): ArchivePlan {
  const parts = args.dataTypes.map((t) => V1_PARTS[t]);
  const entries = layoutEntries(parts, Object.values(V1_PARTS), args.backupBytes, args.seedBase);
  for (const project of args.envysionProjects) {
    const path = envysionPath(project);
    entries.push({ path, size: ENVYSION_PROJECT_BYTES, seed: hash32(`${args.seedBase}/${path}`) });
  }
  return { manifest: manifestBytes(args.manifest), entries, mtime: args.createdAt };
}

/** Plans a v2 backup zip: a manifest and one entry per include. */
export function planV2Archive(args: {
  manifest: Record<string, unknown>;
  includes: string[];
  backupBytes: number;
  createdAt: Date;
  seedBase: string;
}): ArchivePlan {
  const parts = args.includes.map((i) => V2_PARTS[i] ?? { path: `${i}/${i}.dat`, fixed: 4_096 });
  const entries = layoutEntries(parts, Object.values(V2_PARTS), args.backupBytes, args.seedBase);
  return { manifest: manifestBytes(args.manifest), entries, mtime: args.createdAt };
}

function manifestBytes(manifest: Record<string, unknown>): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/** A backup zip ready to stream: its exact byte count is known before the first byte. */
export interface OpenedArchive {
  size: number;
  output: NodeJS.ReadableStream;
}

function buildZip(plan: ArchivePlan, producePayload: boolean): OpenedArchive {
  const zip = new ZipFile();
  zip.addBuffer(plan.manifest, MANIFEST_PATH, { compress: false, mtime: plan.mtime });
  for (const entry of plan.entries) {
    zip.addReadStreamLazy(entry.path, { size: entry.size, compress: false, mtime: plan.mtime }, (cb) => {
      // When only measuring, never hand yazl the stream: it waits forever and is garbage collected.
      if (producePayload) cb(null, payloadStream(entry.size, entry.seed));
    });
  }
  let size = -1;
  // @types/yazl declares the callback without its argument; yazl passes the total (or -1 if unknowable).
  const onSize = ((total: number) => {
    size = total;
  }) as () => void;
  // Stored entries with declared sizes let yazl compute the total synchronously inside end().
  zip.end({ forceZip64Format: false, comment: '' }, onSize);
  if (size < 0) throw new Error('yazl could not predict the archive size');
  zip.on('error', (err: Error) => (zip.outputStream as unknown as { destroy(e: Error): void }).destroy(err));
  return { size, output: zip.outputStream };
}

/** The exact size in bytes of the zip a plan produces. */
export function archiveSize(plan: ArchivePlan): number {
  return buildZip(plan, false).size;
}

/** Starts producing the zip for a plan; bytes flow only as fast as the reader pulls them. */
export function openArchive(plan: ArchivePlan): OpenedArchive {
  return buildZip(plan, true);
}

const LOCAL_HEADER_BYTES = 30;
const DATA_DESCRIPTOR_BYTES = 16;
const ZIP64_DATA_DESCRIPTOR_BYTES = 24;
const ZIP32_LIMIT = 0xfffffffe;

/**
 * Byte offset, within the zip, of a byte in the middle of the largest entry's data: flipping it breaks
 * that entry's CRC while the central directory stays readable. Mirrors yazl's layout (no local extra
 * fields, a data descriptor after each streamed entry); the corruptZip test proves the two agree.
 */
export function corruptionOffset(plan: ArchivePlan): number {
  const nameBytes = (p: string) => Buffer.byteLength(p, 'utf8');
  let cursor = LOCAL_HEADER_BYTES + nameBytes(MANIFEST_PATH);
  let best = { at: cursor + Math.floor(plan.manifest.length / 2), size: plan.manifest.length };
  cursor += plan.manifest.length;
  for (const entry of plan.entries) {
    const zip64 = entry.size > ZIP32_LIMIT || cursor > ZIP32_LIMIT;
    const dataStart = cursor + LOCAL_HEADER_BYTES + nameBytes(entry.path);
    if (entry.size > best.size) best = { at: dataStart + Math.floor(entry.size / 2), size: entry.size };
    cursor = dataStart + entry.size + (zip64 ? ZIP64_DATA_DESCRIPTOR_BYTES : DATA_DESCRIPTOR_BYTES);
  }
  return best.at;
}
