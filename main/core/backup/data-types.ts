// No imports, on purpose: the renderer shows these lists and checks file names as the technician types, and it
// may load no Node code. test/unit/layers.test.ts keeps this file import-free.

/** The 13 data types a v1 backup can contain, with their meaning from the API documentation. */
export const DATA_TYPES = {
  TIMEZONE: 'Time zone settings',
  WEB_SERVER_CONFIGURATION: 'Web server HTTP and HTTPS settings',
  WEATHER: 'Weather service city and activation',
  NETWORK_CONFIGURATION: 'IP network configuration (Ethernet, Wi-Fi)',
  USER_MANAGEMENT: 'User database and RADIUS server settings',
  MODULES_FIRMWARES: 'Firmware files of the IO and expansion modules',
  CERTIFICATE: 'Web server certificates',
  HOSTNAME: 'Host name',
  GFX: 'EC-gfxProgram file and BACnet objects, with the BACnet mapping',
  BACNET_CONFIGURATION: 'BACnet ports and BACnet device ID',
  PERSISTENCY: 'Persisted values of BACnet objects and EC-gfxProgram blocks',
  TRENDLOG: 'BACnet trend log data',
  OPENADR: 'OpenADR configuration',
} as const;

/** One of the 13 data types. */
export type DataType = keyof typeof DATA_TYPES;

/** All data types, in the documentation's order. */
export const ALL_DATA_TYPES = Object.keys(DATA_TYPES) as DataType[];

/** Named selections: `all` (a full backup) and `config` (everything but bulky run-time data). */
export const DATA_TYPE_PRESETS: Record<'all' | 'config', DataType[]> = {
  all: ALL_DATA_TYPES,
  config: ALL_DATA_TYPES.filter((t) => t !== 'TRENDLOG' && t !== 'PERSISTENCY' && t !== 'MODULES_FIRMWARES'),
};

/** Longest file name we ask a controller for; the device appends a timestamp and the extension. */
export const MAX_FILE_NAME = 64;

/** Returns why a file name is unusable, or undefined when the controller can be asked for it. */
export function fileNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'The file name is empty.';
  if (name.length > MAX_FILE_NAME) return `The file name is longer than ${MAX_FILE_NAME} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'The file name contains control characters.';
  if (/[./\\]/.test(name)) return 'The file name may not contain ".", "/" or "\\".';
  if (/[<>:"|?*]/.test(name)) return 'The file name may not contain < > : " | ? or *.';
  if (name.trim() !== name) return 'The file name may not start or end with a space.';
  return undefined;
}

