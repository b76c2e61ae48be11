// The rules of the file name a controller is asked to give its backup. Imports nothing.

/** Longest file name we ask a controller for; the device appends a timestamp and the extension. */
export const MAX_FILE_NAME = 64;

/** Why a file name is unusable. */
export type FileNameProblem = 'empty' | 'too-long' | 'control' | 'separator' | 'reserved' | 'edge-space';

/** Why a file name cannot be asked for, or null when the controller can be asked for it. */
export function fileNameProblemKind(name: string): FileNameProblem | null {
  if (name.length === 0) return 'empty';
  if (name.length > MAX_FILE_NAME) return 'too-long';
  // eslint-disable-next-line no-control-regex -- a control character is what makes a file name invalid
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control';
  if (/[./\\]/.test(name)) return 'separator';
  if (/[<>:"|?*]/.test(name)) return 'reserved';
  if (name.trim() !== name) return 'edge-space';
  return null;
}
