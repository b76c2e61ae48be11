import { spawn } from 'node:child_process';
import path from 'node:path';

const CLI = path.resolve('dist/cli.cjs');

/** How a CLI run ended, with everything it printed. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** What a test may do to a running CLI when it sees something on stderr. */
export interface CliControl {
  /** Ctrl-C (sent once, however often asked). */
  interrupt(): void;
  /** kill -9. */
  kill(): void;
}

/** Runs the built `eclypse-backup ARGS` (test/support/build-once.ts built it) as a user would, without a terminal; `onStderr` sees stderr as it grows. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (stderr: string, control: CliControl) => void,
): Promise<CliResult> {
  return new Promise((resolve) => {
    // English unless a test asks otherwise: the tests read the CLI's words, whatever the developer's LANG.
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '', LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const control: CliControl = {
      interrupt: () => {
        if (!interrupted) child.kill('SIGINT');
        interrupted = true;
      },
      kill: () => child.kill('SIGKILL'),
    };
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, control);
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
