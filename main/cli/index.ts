import { Command, CommanderError } from 'commander';
import { englishHint } from '../../shared/errors';
import { TOOL_VERSION } from '../core/version';
import { registerBackup } from './commands/backup';
import { registerBulk } from './commands/bulk';
import { registerCompare } from './commands/compare';
import { registerCredentials } from './commands/credentials';
import { registerInventory } from './commands/inventory';
import { registerPrune } from './commands/prune';
import { registerVerify } from './commands/verify';
import { registerDemo } from './commands/demo';
import { registerDiagnose } from './commands/diagnose';
import { registerProbe } from './commands/probe';
import { registerSim } from './commands/sim';
import { cliLogger, registerLogOptions } from './log-options';
import { printError } from './output';
import { terminalJson } from './terminal-text';
import { cliWords } from './language';
import { commanderErrorInWords, helpInWords } from './help-words';

const h = cliWords();
const program = new Command('eclypse-backup')
  // Commander's own words (titles, the help option and command, its errors) in the person's language; set
  // before the commands are added, which inherit them.
  .configureHelp(helpInWords(h))
  .configureOutput({ outputError: (text, write) => write(commanderErrorInWords(text, h)) })
  .helpOption('-h, --help', h('help.program.opt.help'))
  .helpCommand('help [command]', h('help.program.command.help'))
  .description(h('help.program.description'))
  .version(TOOL_VERSION, '-V, --version', h('help.program.opt.version'))
  .option('--lang <language>', h('help.program.opt.lang'))
  .showHelpAfterError(h('cli.usage.after-error'))
  .exitOverride();

registerLogOptions(program);
registerProbe(program);
registerBackup(program);
registerBulk(program);
registerSim(program);
registerDemo(program);
registerCredentials(program);
registerInventory(program);
registerVerify(program);
registerPrune(program);
registerCompare(program);
registerDiagnose(program);

program
  .parseAsync(process.argv)
  .then(() => cliLogger().info('command finished', { exitCode: Number(process.exitCode ?? 0) }))
  .catch((err: unknown) => {
    if (err instanceof CommanderError) {
      // Help and version are exits with code 0; anything else commander rejects is bad usage.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      // A script asked for JSON: it gets one object even when the command line itself was wrong.
      if (err.exitCode !== 0 && process.argv.includes('--json')) {
        const error = {
          code: 'INVALID_INPUT',
          message: err.message.replace(/^error: /, ''),
          hint: englishHint('INVALID_INPUT'),
        };
        process.stdout.write(`${terminalJson({ status: 'failed', device: null, backup: null, error })}\n`);
      }
      return;
    }
    const info = printError(err);
    process.exitCode = info.code === 'INVALID_INPUT' ? 2 : 1;
  });
