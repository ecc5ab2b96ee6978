/**
 * The `tcp://host:port` publisher (upstream's ceilometer.publisher.tcp.TCPPublisher, master):
 * signed meter messages in msgpack, each behind an 8-byte little-endian length, on one long-lived
 * connection to port 4952 unless the URL says otherwise. A write that fails on a broken
 * connection reconnects once and resends the batch (so a receiver may see a sample twice); when
 * that fails too the call rejects, where upstream logged and lost the rest of the batch.
 *
 * Every wait is bounded (issue 9: a collector that accepted but never read hung the agent): the
 * connect (`connect_timeout`), each write (`write_timeout`: the batch must reach the kernel's send
 * buffer in time), the whole call (`publish_timeout`, waiting behind earlier calls included) and
 * `close()` (`close_timeout`, then the connection is destroyed).
 */
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  redactUrl,
  toPublisherTarget,
  type Logger,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
} from '@ceilometer-ts/sdk';
import {
  failureKindOf, formatSeconds, parseHostPort, settlesWithin, telemetrySecret, timeoutsFromUrl, withDeadline,
  type HostPort, type PublisherFailureKind, type PublisherTimeouts,
} from '@ceilometer-ts/publisher-common';
import { TcpPublishError } from './errors.js';
import { encodeFrames } from './tcp-message.js';

/** Default `connect_timeout`: how long one connection attempt may take. */
export const TCP_CONNECT_TIMEOUT_MS = 5_000;

/** Defaults of the URL's timeout parameters. */
export const TCP_DEFAULT_TIMEOUTS: PublisherTimeouts = {
  connectTimeoutMs: TCP_CONNECT_TIMEOUT_MS,
  writeTimeoutMs: 10_000,
  publishTimeoutMs: 30_000,
  closeTimeoutMs: 5_000,
};

/** One step of a delivery failed in a known way. */
class StepError extends Error {
  constructor(readonly kind: PublisherFailureKind, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
const stepKind = (err: unknown): PublisherFailureKind => (err instanceof StepError ? err.kind : failureKindOf(err));

/** Streams samples to a TCP collector. Samples only: events are not supported, as upstream. */
@injectable()
export class TCPPublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly address: HostPort;
  readonly publisherId: string;
  readonly timeouts: PublisherTimeouts;
  readonly #label: string;
  readonly #secret: string;
  readonly #logger: Logger;
  #socket: Socket | undefined;
  #connecting: Socket | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  #abandoned = false;
  #closing: Promise<void> | undefined;

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    this.target = toPublisherTarget(args);
    this.address = parseHostPort(this.target.url);
    this.timeouts = timeoutsFromUrl(this.target.url, TCP_DEFAULT_TIMEOUTS);
    this.#label = redactUrl(this.target.url);
    this.#secret = telemetrySecret(ctx.config);
    const host = ctx.config?.has('DEFAULT', 'host') ? ctx.config.get<string>('DEFAULT', 'host') : undefined;
    this.publisherId = host || hostname();
    this.#logger = ctx.logger;
  }

  /** Whether a connection is open now. */
  get connected(): boolean {
    return this.#socket !== undefined;
  }

  /**
   * Writes the batch (calls are serialised). Rejects with TcpPublishError when it cannot, at the
   * latest after `publish_timeout`; a call that times out while waiting its turn is not written.
   */
  publishSamples(samples: readonly Sample[]): Promise<void> {
    if (this.#closed) return Promise.reject(this.#error(samples.length, 'closed', new Error('the publisher is closed')));
    if (samples.length === 0) return Promise.resolve();
    const data = encodeFrames(samples, this.#secret, this.publisherId);
    const call = { abandoned: false };
    const run = this.#queue.then(() => {
      if (this.#abandoned) throw this.#error(samples.length, 'closed', new Error('the publisher was closed before this batch was written'));
      return call.abandoned ? undefined : this.#deliver(data, samples.length);
    });
    this.#queue = run.catch(() => undefined);
    const { publishTimeoutMs } = this.timeouts;
    return withDeadline(run, publishTimeoutMs, () => {
      call.abandoned = true;
      return this.#error(samples.length, 'publish-timeout', new Error(`not written within publish_timeout ${formatSeconds(publishTimeoutMs)}`));
    });
  }

  /**
   * Waits up to `close_timeout` for pending writes and the connection's orderly end; past it,
   * destroys the connection (pending calls reject with kind `closed`). Always resolves.
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const deadline = Date.now() + this.timeouts.closeTimeoutMs;
    const flushed = await settlesWithin(this.#queue, this.timeouts.closeTimeoutMs);
    if (!flushed) {
      this.#abandoned = true;
      this.#logger.warn({ publisher: this.#label, closeTimeoutMs: this.timeouts.closeTimeoutMs },
        'tcp publisher %s: pending writes not finished within close_timeout; connection destroyed', this.#label);
    }
    const socket = this.#socket;
    this.#socket = undefined;
    this.#connecting?.destroy();
    if (!socket) return;
    // Wait for 'close', not end()'s callback: that only says our FIN is queued, and a peer that never
    // reads never answers it, so the half-open socket would keep the process alive after stop.
    const ended = new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
    });
    if (!flushed || !(await settlesWithin(ended, Math.max(deadline - Date.now(), 100)))) {
      socket.destroy();
    }
  }

  async #deliver(data: Buffer, count: number): Promise<void> {
    if (this.#socket) {
      try {
        await this.#write(this.#socket, data);
        return;
      } catch (err) {
        const kind = stepKind(err);
        // NOTE: a collector that stopped reading accepts a new connection just as well; resending cannot help
        if (this.#abandoned) throw this.#error(count, 'closed', err);
        if (kind === 'write-timeout') throw this.#error(count, kind, err);
        this.#logger.warn({ publisher: this.#label, err: (err as Error).message, kind },
          'Unable to send sample over TCP, trying to reconnect and resend the message');
      }
    }
    try {
      const socket = await this.#connect();
      await this.#write(socket, data);
    } catch (err) {
      throw this.#error(count, stepKind(err), err);
    }
  }

  #error(count: number, kind: PublisherFailureKind, cause: unknown): TcpPublishError {
    return new TcpPublishError(this.address.host, this.address.port, count, { kind, url: this.target.url, cause });
  }

  #connect(): Promise<Socket> {
    const { host, port } = this.address;
    const { connectTimeoutMs } = this.timeouts;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true, timeout: connectTimeoutMs });
      this.#connecting = socket;
      const fail = (err: Error): void => {
        if (this.#connecting === socket) this.#connecting = undefined;
        socket.destroy();
        reject(err);
      };
      socket.once('error', fail);
      socket.once('close', () => fail(new StepError('closed', 'connection closed while connecting')));
      socket.once('timeout', () => fail(new StepError('connect-timeout', `no connection within connect_timeout ${formatSeconds(connectTimeoutMs)}`)));
      socket.once('connect', () => {
        this.#connecting = undefined;
        socket.removeAllListeners('error');
        socket.removeAllListeners('close');
        socket.removeAllListeners('timeout');
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

  /** Resolves once the batch is in the kernel's send buffer; past `write_timeout` drops the connection and rejects. */
  #write(socket: Socket, data: Buffer): Promise<void> {
    const { writeTimeoutMs } = this.timeouts;
    return new Promise((resolve, reject) => {
      if (socket.destroyed || !socket.writable) {
        reject(new StepError('reset', 'connection closed'));
        return;
      }
      const timer = setTimeout(() => {
        reject(new StepError('write-timeout', `the collector took no data for write_timeout ${formatSeconds(writeTimeoutMs)} (${socket.writableLength} byte(s) unsent); connection dropped`));
        this.#drop(socket);
      }, writeTimeoutMs);
      socket.write(data, (err) => {
        clearTimeout(timer);
        // NOTE: Node reports a write cut short by destroy() as a success; the batch may not have left
        if (err) reject(err);
        else if (socket.destroyed) reject(new StepError('reset', 'connection destroyed before the batch was flushed'));
        else resolve();
      });
    });
  }
}
