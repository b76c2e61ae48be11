import { cliWords } from './language';

/**
 * Ctrl-C for a long command: the first asks the work to stop cleanly (`stop`, after printing `message`), a
 * second quits at once (exit 130). Returns the function that removes the handler.
 */
export function onInterrupt(message: string, stop: () => void): () => void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`\n${cliWords()('cli.interrupt', { message })}\n`);
    stop();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}
