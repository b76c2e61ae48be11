// The data types a backup can hold, and file-name checking in English for the CLI and logs: the renderer shows
// these lists and checks file names as the technician types, with the very rules main applies.
import { fileNameProblemKind, MAX_FILE_NAME } from './file-name';

export { MAX_FILE_NAME };

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

const FILE_NAME_WORDS = {
  empty: 'The file name is empty.',
  'too-long': `The file name is longer than ${MAX_FILE_NAME} characters.`,
  control: 'The file name contains control characters.',
  separator: 'The file name may not contain ".", "/" or "\\".',
  reserved: 'The file name may not contain < > : " | ? or *.',
  'edge-space': 'The file name may not start or end with a space.',
} as const;

/** Returns why a file name is unusable (in English, for the CLI and logs), or undefined when it can be asked for. */
export function fileNameProblem(name: string): string | undefined {
  const kind = fileNameProblemKind(name);
  return kind ? FILE_NAME_WORDS[kind] : undefined;
}
