import type { BackupOutcome } from '../core/backup/pipeline';
import type { BackupRecord } from '../../shared/run-record';
import { toErrorInfo } from '../core/errors';
import type { ErrorInfo } from '../../shared/errors';
import { SaidError } from './said-error';
import { cliLogger } from './log-options';
import { cliWords } from './language';
import { MAX_TERMINAL_LINE, terminalText } from './terminal-text';

/** The documented `--json` shape of `backup`: scripts depend on it, so it is built field by field. */
export function backupJson(
  outcome: Pick<BackupOutcome, 'device'> & { status: string; backup: BackupRecord | null; error: ErrorInfo | null },
): Record<string, unknown> {
  const d = outcome.device;
  const b = outcome.backup;
  return {
    status: outcome.status,
    device: d
      ? {
          host: d.host,
          port: d.port,
          api: d.api,
          apiRevision: d.apiRevision,
          hostId: d.hostId,
          hostName: d.hostName,
          modelName: d.modelName,
          softwareVersion: d.softwareVersion,
          fingerprint: d.fingerprint,
        }
      : null,
    backup: b
      ? {
          target: b.target,
          deviceFileName: b.deviceFileName,
          file: b.file,
          bytes: b.bytes,
          sha256: b.sha256,
          dataTypes: b.dataTypes,
          compatibility: b.compatibility,
        }
      : null,
    error: outcome.error ? errorJson(outcome.error) : null,
  };
}

/** An error as printed in JSON: code, message, hint, plus fingerprints when they explain it. */
export function errorJson(error: ErrorInfo): Record<string, unknown> {
  return { ...error };
}

/** Prints a failure for a person: the hint first, then what happened, then the code for support. */
export function printError(err: unknown, out: NodeJS.WritableStream = process.stderr): ErrorInfo {
  const info = toErrorInfo(err);
  cliLogger()[info.code === 'CANCELLED' ? 'info' : 'error']('command failed', { code: info.code, error: err });
  const t = cliWords();
  // A message may quote the controller (a job's error, a file or entry name): a line break in it would let
  // the controller print a line of its own ("✓ saved"), so it is printed as one line, made safe.
  // Another language says the code's title where English gives the core's message (the log keeps that one),
  // unless the command said it in the person's language itself (a SaidError).
  const what = err instanceof SaidError ? err.said : t.failure(info.code, info.message);
  out.write(
    `\n✗ ${terminalText(t.hint(info.code, info.hint), MAX_TERMINAL_LINE - 2)}\n  ${terminalText(what, MAX_TERMINAL_LINE - 2)}\n  (${info.code})\n`,
  );
  const pinned = t('cli.error.pinned');
  const presented = t('cli.error.presented');
  const width = Math.max(pinned.length, presented.length) + 1;
  if (info.expectedFingerprint) out.write(`  ${pinned.padEnd(width)}${terminalText(info.expectedFingerprint)}\n`);
  if (info.actualFingerprint) out.write(`  ${presented.padEnd(width)}${terminalText(info.actualFingerprint)}\n`);
  return info;
}
