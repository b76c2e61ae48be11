import type { Command } from 'commander';
import { toErrorInfo } from '../../core/errors';
import { probeCertificate } from '../../core/device/tls-pin';
import { KnownDevices } from '../../core/inventory/known-devices';
import { resolveDataDir } from '../../core/inventory/data-dir';
import { pinState } from '../../core/inventory/trust';
import { parseAddress } from '../address';
import { printError } from '../output';
import { readCaArg } from '../files';
import { terminalJson, terminalLines } from '../terminal-text';

/** `probe HOST[:PORT]`: the TLS handshake only — certificate details and how it compares with the pin. */
export function registerProbe(program: Command): void {
  program
    .command('probe')
    .description('Show a controller\'s certificate (fingerprint, subject, validity) and whether it is trusted. Sends no HTTP request.')
    .argument('<address>', 'HOST or HOST:PORT (port 443 by default)')
    .option('--ca <file>', 'the site CA certificate (PEM, or DER .cer/.crt), for controllers with CA-signed certificates')
    .option('--data-dir <dir>', 'folder of trusted controllers and settings')
    .option('--timeout <seconds>', 'connect and handshake limit', '15')
    .option('--json', 'print one JSON object on stdout')
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
          process.stdout.write(`${terminalJson({ status: 'ok', host, port, pinState: state, pinnedFingerprint: pinned, certificate: cert, error: null })}\n`);
        } else {
          process.stdout.write(
            terminalLines([
              `Controller   ${host}:${port}`,
              `Fingerprint  ${cert.fingerprint}`,
              `Subject      ${cert.subject}`,
              `Issuer       ${cert.issuer}${cert.selfSigned ? ' (self-signed)' : ''}`,
              `Valid        ${cert.validFrom} → ${cert.validTo}${cert.expired ? '  EXPIRED (a pin still works)' : ''}`,
              `Trust        ${describeState(state, cert.caTrusted)}`,
              ...(state === 'changed' ? [`Pinned       ${pinned}`] : []),
              '',
            ].join('\n')),
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
  if (state === 'pinned') return 'pinned — this is the certificate you trusted';
  if (state === 'changed') return 'CHANGED — not the certificate you trusted; re-trust only if the controller was reset or upgraded';
  return caTrusted ? 'signed by the site CA' : 'unknown — compare the fingerprint with the controller\'s web page, then back up with --fingerprint';
}
