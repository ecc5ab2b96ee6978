/**
 * A local HTTP server that records what the HTTP-based publishers post.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the recorder received. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** Which connection carried it (1-based, in connection order). */
  readonly socket: number;
}

/** A running recorder. */
export interface Recorder {
  readonly url: string;
  readonly port: number;
  readonly requests: Received[];
  /** Connections opened so far. */
  sockets(): number;
  close(): Promise<void>;
  readonly server: Server;
}

/** Starts a recorder on 127.0.0.1; `respond` picks each status from the request count (default 200). */
export async function startRecorder(respond: (n: number) => number = () => 200): Promise<Recorder> {
  const requests: Received[] = [];
  let sockets = 0;
  const ids = new WeakMap<object, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), socket: ids.get(req.socket) ?? -1 });
      res.statusCode = respond(requests.length);
      res.end('{}');
    });
  });
  server.on('connection', (s) => ids.set(s, ++sockets));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, port, requests, sockets: () => sockets, server,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
