import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { electronLogSink } from '../core/log/electron-log-sink';
import { createLogger, SILENT_LOGGER, type Logger, type LogRecord } from '../core/log/logger';
import { TOOL_VERSION } from '../core/version';
import { cliWords } from './language';
import { SaidError } from './said-error';
import { terminalText } from './terminal-text';

let current: Logger = SILENT_LOGGER;

/** The CLI's logger: a JSON-lines file with `--log FILE`, readable lines on stderr with `--verbose`; silent otherwise. */
export function cliLogger(): Logger {
  return current;
}

/**
 * `--log FILE` and `--verbose`, for every command. The log is opened just before the command runs (so a bad
 * command line writes nothing), and unexpected exceptions are logged before Node reports them as usual.
 */
export function registerLogOptions(program: Command): void {
  const h = cliWords();
  program.option('--log <file>', h('help.program.opt.log')).option('--verbose', h('help.program.opt.verbose'));
  program.hook('preAction', (_program, command) => {
    const { log, verbose } = program.opts<{ log?: string; verbose?: boolean }>();
    current = openCliLog(log, verbose === true);
    current.info('command started', {
      command: command.name(),
      toolVersion: TOOL_VERSION,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      pid: process.pid,
    });
  });
  process.on('uncaughtExceptionMonitor', (error, origin) => current.error('unexpected exception', { origin, error }));
}

function openCliLog(file: string | undefined, verbose: boolean): Logger {
  if (file === undefined && !verbose) return SILENT_LOGGER;
  if (file !== undefined) checkWritable(path.resolve(file));
  const sink = electronLogSink({
    ...(file !== undefined ? { file: { path: path.resolve(file) } } : {}),
    ...(verbose
      ? { console: { level: 'debug' as const, write: (r: LogRecord) => process.stderr.write(`${terminalLine(r)}\n`) } }
      : {}),
  });
  return createLogger(sink, { level: verbose ? 'debug' : 'info' });
}

/** Fails before the command does anything when the log cannot be written (electron-log would stay silent). */
function checkWritable(file: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  } catch (err) {
    throw new SaidError(
      'INVALID_INPUT',
      'cli.log.unwritable',
      { file, reason: (err as Error).message },
      {},
      cliWords('en')('cli.log.unwritable.hint'),
    );
  }
}

/** A record as one line for a person: time, level, event, then key=value (made safe for a terminal). */
function terminalLine(record: LogRecord): string {
  const { time, level, event, ...fields } = record;
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return terminalText(
    `${time.slice(11, 23)} ${level.padEnd(5)} ${event}${parts.length > 0 ? ` ${parts.join(' ')}` : ''}`,
    2000,
  );
}
