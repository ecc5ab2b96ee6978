/**
 * The `tcp://host:port` publisher (upstream's ceilometer.publisher.tcp.TCPPublisher, master):
 * signed meter messages in msgpack, each behind an 8-byte little-endian length, on one long-lived
 * connection to port 4952 unless the URL says otherwise. A write that fails reconnects once and
 * resends the batch (so a receiver may see a sample twice, never a torn frame); when that fails too
 * the call rejects, where upstream logged and lost the rest of the batch.
 */
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  toPublisherTarget,
  type Logger,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
} from '@ceilometer-ts/sdk';
import { parseHostPort, telemetrySecret, type HostPort } from '@ceilometer-ts/publisher-common';
import { TcpPublishError } from './errors.js';
import { encodeFrames } from './tcp-message.js';

/** How long one connection attempt may take. */
export const TCP_CONNECT_TIMEOUT_MS = 10_000;

/** Streams samples to a TCP collector. Samples only: events are not supported, as upstream. */
@injectable()
export class TCPPublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly address: HostPort;
  readonly publisherId: string;
  readonly #secret: string;
  readonly #logger: Logger;
  #socket: Socket | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    this.target = toPublisherTarget(args);
    this.address = parseHostPort(this.target.url);
    this.#secret = telemetrySecret(ctx.config);
    const host = ctx.config?.has('DEFAULT', 'host') ? ctx.config.get<string>('DEFAULT', 'host') : undefined;
    this.publisherId = host || hostname();
    this.#logger = ctx.logger;
  }

  /** Whether a connection is open now. */
  get connected(): boolean {
    return this.#socket !== undefined;
  }

  /** Writes the batch (calls are serialised); rejects with TcpPublishError when it cannot. */
  publishSamples(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return this.#queue;
    const data = encodeFrames(samples, this.#secret, this.publisherId);
    const run = this.#queue.then(() => this.#deliver(data, samples.length));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for pending writes, then closes the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.end(resolve));
  }

  async #deliver(data: Buffer, count: number): Promise<void> {
    if (this.#socket) {
      try {
        await this.#write(this.#socket, data);
        return;
      } catch (err) {
        this.#logger.warn({ err, host: this.address.host, port: this.address.port }, 'Unable to send sample over TCP, trying to reconnect and resend the message');
        this.#drop(this.#socket);
      }
    }
    try {
      const socket = await this.#connect();
      await this.#write(socket, data);
    } catch (err) {
      this.#logger.error({ err, host: this.address.host, port: this.address.port, count }, 'Unable to reconnect and resend sample over TCP');
      throw new TcpPublishError(this.address.host, this.address.port, count, { cause: err });
    }
  }

  #connect(): Promise<Socket> {
    const { host, port } = this.address;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true, timeout: TCP_CONNECT_TIMEOUT_MS });
      const fail = (err: Error): void => {
        socket.destroy();
        reject(err);
      };
      socket.once('error', fail);
      socket.once('timeout', () => fail(new Error(`connection to ${host}:${port} timed out`)));
      socket.once('connect', () => {
        socket.off('error', fail);
        socket.setTimeout(0);
        socket.setKeepAlive(true, 30_000);
        // a peer that closes or resets makes the next batch reconnect first
        socket.on('error', (err) => this.#logger.debug({ err }, 'TCP publisher connection error'));
        socket.once('close', () => this.#drop(socket));
        socket.on('data', () => undefined);
        socket.once('end', () => this.#drop(socket));
        if (this.#closed) socket.unref();
        this.#socket = socket;
        resolve(socket);
      });
    });
  }

  #drop(socket: Socket): void {
    if (this.#socket === socket) this.#socket = undefined;
    socket.destroy();
  }

  #write(socket: Socket, data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (socket.destroyed || !socket.writable) {
        reject(new Error('connection closed'));
        return;
      }
      socket.write(data, (err) => (err ? reject(err) : resolve()));
    });
  }
}
