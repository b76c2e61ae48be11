import type { IncomingMessage, ServerResponse } from 'node:http';

/** Server-sent events to every open page: the harness's stand-in for `webContents.send`. */
export interface EventStream {
  /** Takes over a GET request as an event stream until the page or the harness closes it. */
  attach(req: IncomingMessage, res: ServerResponse): void;
  send(channel: string, payload: unknown): void;
  /** Ends every open stream (EventSource would otherwise keep the server from closing). */
  close(): void;
}

/** An event stream with no clients yet. */
export function createEventStream(headers: Record<string, string>): EventStream {
  const clients = new Set<ServerResponse>();
  return {
    attach(req, res) {
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      // The comment line flushes the headers now, so the page's EventSource fires `open` at once.
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    send(channel, payload) {
      // JSON has no raw newlines, so one `data:` line carries the whole payload.
      const frame = `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of clients) res.write(frame);
    },
    close() {
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
