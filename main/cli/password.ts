import { SaidError } from './said-error';
import { cliLogger } from './log-options';

/**
 * Reads the password for a controller: from the named environment variable (scripts), else asked on the
 * terminal without echo. Never from a command-line argument, which other users can see in the process list.
 */
export async function readPassword(passwordEnv: string | undefined, prompt: string): Promise<string> {
  checkPasswordSource(passwordEnv);
  const password = passwordEnv !== undefined ? (process.env[passwordEnv] ?? '') : await askHidden(prompt);
  // Before anything can log it: not in the log, in any form.
  cliLogger().protectPassword(password);
  return password;
}

/** Fails early (before any connection) when the password could not be obtained later. */
export function checkPasswordSource(passwordEnv: string | undefined): void {
  if (passwordEnv !== undefined) {
    const value = process.env[passwordEnv];
    if (value === undefined || value === '') {
      throw new SaidError('INVALID_INPUT', 'cli.password.env-unset', { variable: passwordEnv });
    }
  } else if (!process.stdin.isTTY) {
    throw new SaidError('INVALID_INPUT', 'cli.password.no-terminal');
  }
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const finish = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: Buffer): void => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new SaidError('CANCELLED', 'cli.password.cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
