/**
 * `[polling] heartbeat_socket_dir`, as upstream's AgentHeartBeatManager: a unix stream socket
 * `<dir>/ceilometer-<sorted namespaces joined by ->.socket`; each connection receives one
 * `<pollster> <last poll timestamp>` line per pollster (lines joined by `\n`, no trailing
 * newline) and is closed.
 */
import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { CeilometerError, type Logger } from '@ceilometer-ts/sdk';
import type { PollingObserver } from './observer.js';

/** The heartbeat socket could not be opened. */
export class HeartbeatError extends CeilometerError {
  readonly code = 'CEILO_ERR_POLLING_HEARTBEAT' as const;
}

/** Socket path for a set of polling namespaces. */
export function heartbeatSocketPath(dir: string, namespaces: readonly string[]): string {
  return join(dir, `ceilometer-${[...namespaces].sort().join('-')}.socket`);
}

/** Records the last poll time of each pollster and serves it on the socket. */
export class HeartbeatServer implements PollingObserver {
  readonly path: string;
  readonly #status = new Map<string, string>();
  #server: Server | undefined;

  constructor(dir: string, namespaces: readonly string[], private readonly logger: Logger) {
    this.path = heartbeatSocketPath(dir, namespaces);
  }

  pollsterPolled(pollster: string, timestamp: string): void {
    this.#status.set(pollster, timestamp);
  }

  /** The report a client receives. */
  report(): string {
    return [...this.#status.entries()].map(([k, v]) => `${k} ${v}`).join('\n');
  }

  /** Removes a stale socket file and listens. */
  async start(): Promise<void> {
    await rm(this.path, { force: true });
    const server = createServer((socket: Socket) => {
      socket.on('error', () => socket.destroy());
      socket.end(this.report(), 'utf8');
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.path, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      throw new HeartbeatError(`Failed to open socket file (${this.path}): ${(err as Error).message}`, { cause: err });
    }
    this.#server = server;
    this.logger.info({ path: this.path }, `Starting heartbeat service. Listening on ${this.path}`);
  }

  /** Stops listening and removes the socket file. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(this.path, { force: true });
  }
}
