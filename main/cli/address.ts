import { SaidError } from './said-error';

/** A controller address as typed on the command line. */
export interface ParsedAddress {
  host: string;
  port: number;
}

/** Parses `host`, `host:port`, `[v6]:port` or `v6`; the port defaults to 443 (80 for plain HTTP). */
export function parseAddress(text: string, defaultPort = 443): ParsedAddress {
  const s = text
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '');
  let host = s;
  let port: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) {
    host = v6[1] ?? '';
    port = v6[2];
  } else if ((s.match(/:/g) ?? []).length === 1) {
    [host, port] = s.split(':') as [string, string];
  }
  if (!host || /[\s/\\@]/.test(host)) throw new SaidError('INVALID_INPUT', 'cli.input.address', { text });
  return { host, port: port === undefined ? defaultPort : parsePort(port) };
}

/** Parses a TCP port number (1–65535). */
function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < 1 || n > 65535) {
    throw new SaidError('INVALID_INPUT', 'cli.input.port', { text });
  }
  return n;
}
