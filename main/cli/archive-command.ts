import path from 'node:path';
import { toErrorInfo } from '../core/errors';
import { onInterrupt } from './interrupt';
import { errorJson, printError } from './output';
import { terminalJson } from './terminal-text';

/** What every command working on the archive folder takes. */
export interface ArchiveFlags {
  out: string;
  json?: boolean;
}

/**
 * Runs an archive command (verify, prune) with Ctrl-C wired to `abort`, and turns a failure into the
 * documented error object (`--json`) or the printed error; returns the exit code.
 */
export async function runArchiveCommand(
  flags: ArchiveFlags,
  interruptWords: string,
  work: (signal: AbortSignal) => Promise<number>,
  onFailure?: () => void,
): Promise<number> {
  const abort = new AbortController();
  const dispose = onInterrupt(interruptWords, () => abort.abort());
  try {
    return await work(abort.signal);
  } catch (err) {
    onFailure?.();
    const info = toErrorInfo(err);
    if (flags.json)
      process.stdout.write(
        `${terminalJson({ status: 'error', archiveRoot: path.resolve(flags.out), error: errorJson(info) })}\n`,
      );
    else printError(err);
    return info.code === 'INVALID_INPUT' ? 2 : 1;
  } finally {
    dispose();
  }
}
