import { CodedError } from '../errors';
import type { BackupTarget } from '../../../shared/controller';

/** Parses the target name as people and CSV files write it, any case. */
export function parseTarget(spec: string): BackupTarget {
  const t = spec.trim().toLowerCase();
  if (t === 'device') return 'Device';
  if (t === 'usbkey' || t === 'usb') return 'UsbKey';
  throw new CodedError('INVALID_INPUT', `Unknown target "${spec}": use Device or UsbKey.`);
}
