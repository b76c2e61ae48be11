// The rules of a controller's address, the same for the forms, the IPC schema, the CSV import and the CLI.
// Imports nothing. A problem is returned as a kind with its facts; each caller words it in its own language.

/** Longest host name DNS allows. */
const MAX_HOST_LENGTH = 253;

/** Why a host cannot be used as a controller address. */
export type HostProblem =
  | { kind: 'empty' }
  | { kind: 'scheme'; scheme: string }
  | { kind: 'space' }
  | { kind: 'path' }
  | { kind: 'at' }
  | { kind: 'port'; host: string; port: string }
  | { kind: 'brackets' }
  | { kind: 'character'; character: string }
  | { kind: 'too-long' };

/** Why a host (the address alone, nothing around it) cannot be used, or null when it can. */
export function hostProblem(host: string): HostProblem | null {
  if (host === '') return { kind: 'empty' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host);
  if (scheme) return { kind: 'scheme', scheme: scheme[0] };
  if (/\s/.test(host)) return { kind: 'space' };
  if (/[/\\?#]/.test(host)) return { kind: 'path' };
  if (host.includes('@')) return { kind: 'at' };
  const [, portHost, port] = /^([^:]+):(\d+)$/.exec(host) ?? [];
  if (portHost !== undefined && port !== undefined) return { kind: 'port', host: portHost, port };
  if (/^\[.*\]$/.test(host)) return { kind: 'brackets' };
  const bad = /[^A-Za-z0-9._%:-]/.exec(host);
  if (bad) return { kind: 'character', character: bad[0] };
  if (host.length > MAX_HOST_LENGTH) return { kind: 'too-long' };
  return null;
}

/** A TCP port number (1–65535) written as digits only, or null. */
export function portOf(text: string | number): number | null {
  const s = String(text).trim();
  if (!/^\d{1,5}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : null;
}

/** An address as a person types it into one field: the host, and the port when one was written with it. */
export interface TypedAddress {
  host: string;
  port: string | null;
}

/**
 * Splits what was typed into a host field: `10.0.0.1:8443` → host 10.0.0.1, port 8443; `[fe80::1]:8443` and
 * `[fe80::1]` lose their brackets; `https://host/` loses the scheme and the trailing slash. Anything else is
 * returned trimmed, for hostProblem to judge.
 */
export function splitTypedAddress(text: string): TypedAddress {
  const s = text
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '');
  const [, v6Host, v6Port] = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? [];
  if (v6Host !== undefined) return { host: v6Host, port: v6Port ?? null };
  const [, plainHost, plainPort] = /^([^:]+):(\d+)$/.exec(s) ?? [];
  if (plainHost !== undefined && plainPort !== undefined) return { host: plainHost, port: plainPort };
  return { host: s, port: null };
}
