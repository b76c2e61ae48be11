import type { Command } from 'commander';
import { toErrorInfo } from '../../core/errors';
import { probeCertificate } from '../../core/device/tls-pin';
import { KnownDevices } from '../../core/inventory/known-devices';
import { resolveDataDir } from '../../core/inventory/data-dir';
import { pinState } from '../../core/inventory/trust';
import { parseAddress } from '../address';
import { printError } from '../output';
import { cliWords } from '../language';
import { readCaArg } from '../files';
import { terminalJson, terminalLines } from '../terminal-text';

/** `probe HOST[:PORT]`: the TLS handshake only — certificate details and how it compares with the pin. */
export function registerProbe(program: Command): void {
  const h = cliWords();
  program
    .command('probe')
    .description(h('help.probe.description'))
    .argument('<address>', h('help.probe.arg.address'))
    .option('--ca <file>', h('help.probe.opt.ca'))
    .option('--data-dir <dir>', h('help.probe.opt.data-dir'))
    .option('--timeout <seconds>', h('help.probe.opt.timeout'), '15')
    .option('--json', h('help.probe.opt.json'))
    .action(async (address: string, opts: { ca?: string; dataDir?: string; timeout: string; json?: boolean }) => {
      let host = address;
      let port = 0;
      try {
        ({ host, port } = parseAddress(address));
        const known = await KnownDevices.load(resolveDataDir(opts.dataDir));
        const siteCaPem = opts.ca ? await readCaArg(opts.ca, '--ca') : undefined;
        const cert = await probeCertificate(host, port, { siteCaPem, timeoutMs: Number(opts.timeout) * 1000 });
        const state = pinState(known, host, port, cert.fingerprint);
        const pinned = known.get(host, port)?.fingerprint ?? null;
        if (opts.json) {
          process.stdout.write(
            `${terminalJson({ status: 'ok', host, port, pinState: state, pinnedFingerprint: pinned, certificate: cert, error: null })}\n`,
          );
        } else {
          const w = cliWords();
          const row = (key: Parameters<typeof w>[0], value: string): string => `${w(key).padEnd(12)} ${value}`;
          process.stdout.write(
            terminalLines(
              [
                row('cli.probe.controller', `${host}:${port}`),
                row('cli.probe.fingerprint', cert.fingerprint),
                row('cli.probe.subject', cert.subject),
                row('cli.probe.issuer', `${cert.issuer}${cert.selfSigned ? ` ${w('cli.probe.self-signed')}` : ''}`),
                row(
                  'cli.probe.valid',
                  `${cert.validFrom} → ${cert.validTo}${cert.expired ? `  ${w('cli.probe.expired')}` : ''}`,
                ),
                row('cli.probe.trust', describeState(state, cert.caTrusted)),
                ...(state === 'changed' ? [row('cli.probe.pinned', pinned ?? '')] : []),
                '',
              ].join('\n'),
            ),
          );
        }
        process.exitCode = state === 'changed' ? 1 : 0;
      } catch (err) {
        const info = opts.json ? toErrorInfo(err) : printError(err);
        if (opts.json) process.stdout.write(`${terminalJson({ status: 'failed', host, port, error: info })}\n`);
        process.exitCode = info.code === 'INVALID_INPUT' ? 2 : 1;
      }
    });
}

function describeState(state: string, caTrusted: boolean): string {
  const w = cliWords();
  if (state === 'pinned') return w('cli.probe.state.pinned');
  if (state === 'changed') return w('cli.probe.state.changed');
  return caTrusted ? w('cli.probe.state.site-ca') : w('cli.probe.state.unknown');
}
