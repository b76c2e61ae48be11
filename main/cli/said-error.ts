import type { CliKey } from '../../shared/messages/cli';
import { CodedError, type ErrorDetails } from '../core/errors';
import type { ErrorCode } from '../../shared/errors';
import { cliWords } from './language';

/**
 * A failure the command line itself found (a bad option, a file it cannot read), worded from the CLI
 * catalogue: the message stays English (--json, the log and scripts read it as before), `said` is for the
 * person, in their language.
 */
export class SaidError extends CodedError {
  readonly said: string;

  constructor(
    code: ErrorCode,
    key: CliKey,
    values?: Record<string, string | number>,
    details: ErrorDetails = {},
    hint?: string,
  ) {
    super(code, cliWords('en')(key, values), details, hint);
    this.said = cliWords()(key, values);
  }
}
