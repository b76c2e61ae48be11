import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerText, answerUnauthorized } from './http-answers';
import { hasBasic } from './sessions';
import type { PhaseFault, SimPhase } from './types';

// Which step of a backup a request belongs to, read from its method and path (v1 and v2).
const ROUTES: Array<[SimPhase, string, RegExp]> = [
  ['probe', 'GET', /^\/api\/rest\/v1\/?$|^\/api\/rest\/v2\/services\/?$/],
  ['create', 'POST', /\/system\/backup\/create\/?$|\/services\/backup\/backups\/create\/?$/],
  ['job', 'GET', /\/jobs\/[^/]+\/?$/],
  ['list', 'GET', /\/system\/backup\/targets\/[^/]+\/files\/?$|\/services\/backup\/backups\/?$/],
  ['preview', 'GET', /\/system\/backup\/targets\/[^/]+\/files\/[^/]+\/?$/],
  ['download', 'GET', /\/files\/backup\/[^/]+$|\/services\/backup\/store\/[^/]+$/],
];

/** The phases a request belongs to: its route's, plus `login` when it carries Basic credentials. */
export function phasesOf(req: IncomingMessage): SimPhase[] {
  const path = new URL(req.url ?? '/', 'http://controller.invalid').pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  const phases: SimPhase[] = hasBasic(req) ? ['login'] : [];
  const route = ROUTES.find(([, m, re]) => m === method && re.test(path));
  if (route) phases.push(route[0]);
  return phases;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x5b); // '[' — valid-looking JSON that never closes

const HTML_500 =
  '<html><head><title>500 Internal Server Error</title></head><body><h1>HTTP Status 500 - Internal Server Error</h1>' +
  '<pre>java.lang.NullPointerException\n\tat com.distech.rest.BackupServlet.doGet(BackupServlet.java:212)</pre></body></html>';

// "Billion laughs": ten levels of ten references; a parser that expands entities builds 10^9 copies of "lol".
const XML_BOMB = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
  ']>',
  '<Info><ApiRevision>&lol9;</ApiRevision></Info>',
].join('');

/** Streams a body that never ends (until the client hangs up). */
async function endless(res: ServerResponse, contentType: string): Promise<void> {
  res.writeHead(200, { 'Content-Type': contentType });
  while (!res.destroyed && !res.writableEnded) {
    if (!res.write(CHUNK)) {
      // Both listeners go once either fires: an endless body drains thousands of times.
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
}

/**
 * Answers a request the way `fault` says. Returns false when the fault only decorates the answer (a huge
 * header) and the normal route must still answer; true when the request was dealt with here.
 */
export async function misbehave(
  fault: PhaseFault,
  phase: SimPhase,
  req: IncomingMessage,
  res: ServerResponse,
  goOffline: () => void,
): Promise<boolean> {
  const json = phase !== 'download';
  switch (fault.kind) {
    case 'offline':
      goOffline();
      req.socket.destroy();
      return true;
    case 'reset':
      res.writeHead(200, {
        'Content-Type': json ? 'application/json' : 'application/octet-stream',
        'Content-Length': '4096',
      });
      res.write(json ? '{"partial": "the connection dies her' : Buffer.alloc(1024, 7), () => req.socket.destroy());
      return true;
    case 'stall':
      // Nothing is ever written; closing the controller ends the socket.
      return true;
    case '503':
      answerText(res, 503, 'Service Unavailable: the controller is in maintenance');
      return true;
    case '500-html':
      res.writeHead(500, {
        'Content-Type': 'text/html;charset=utf-8',
        'Content-Length': String(Buffer.byteLength(HTML_500)),
      });
      res.end(HTML_500);
      return true;
    case '401':
      answerUnauthorized(res);
      return true;
    case 'endless':
      await endless(res, json ? 'application/json' : 'application/octet-stream');
      return true;
    case 'huge-header':
      res.setHeader('X-Diagnostics', 'x'.repeat(fault.size ?? 1024 * 1024));
      return false;
    case 'redirect':
      res.writeHead(302, { Location: fault.location ?? 'https://127.0.0.2/', 'Content-Length': '0' });
      res.end();
      return true;
    case 'nested-json': {
      const depth = fault.size ?? 100_000;
      const body = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
      res.end(body);
      return true;
    }
    case 'xml-bomb':
      res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(XML_BOMB)) });
      res.end(XML_BOMB);
      return true;
    case 'body': {
      const body = fault.body ?? Buffer.alloc(0);
      res.writeHead(fault.status ?? 200, {
        'Content-Type': fault.contentType ?? 'application/octet-stream',
        'Content-Length': String(body.length),
      });
      res.end(body);
      return true;
    }
  }
}
