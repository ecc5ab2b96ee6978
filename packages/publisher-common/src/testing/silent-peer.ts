/**
 * A TCP peer that accepts connections and then neither reads nor answers: a collector or HTTP
 * server that hangs. Bytes pile up in the kernel buffers until the sender's writes stall.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A running silent peer. */
export interface SilentPeer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: readonly Socket[];
  readonly server: Server;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (port 0: any free port); every accepted socket is paused and never written to. */
export async function startSilentPeer(port = 0): Promise<SilentPeer> {
  const connections: Socket[] = [];
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    connections.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    server,
    close: () => new Promise<void>((resolve) => {
      for (const s of connections) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves with how long `work` took to settle, in ms, and its rejection if any. */
export async function timed(work: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  let error: unknown;
  await work.catch((err: unknown) => {
    error = err;
  });
  return { ms: performance.now() - started, error };
}
