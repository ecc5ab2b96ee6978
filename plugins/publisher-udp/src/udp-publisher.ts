/**
 * The `udp://host:port` publisher (upstream's ceilometer.publisher.udp.UDPPublisher): every sample
 * as its signed meter message in msgpack, one datagram each, to port 4952 unless the URL says
 * otherwise. Fire and forget, as upstream: a failed send is logged, never retried, and a call
 * never rejects. It never blocks either: the name lookup is bounded by `connect_timeout` (and a
 * failed one is retried at most every 10 s), the whole call by `publish_timeout`, `close()` by
 * `close_timeout`.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  redactUrl,
  toMeterMessage,
  toPublisherTarget,
  type Logger,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
} from '@ceilometer-ts/sdk';
import {
  describeFailureKind, failureKindOf, formatSeconds, packPy, parseHostPort, settlesWithin, telemetrySecret, timeoutsFromUrl,
  withDeadline, type HostPort, type PublisherFailureKind, type PublisherTimeouts,
} from '@ceilometer-ts/publisher-common';

/** Defaults of the URL's timeout parameters (`write_timeout` does not apply to datagrams). */
export const UDP_DEFAULT_TIMEOUTS: PublisherTimeouts = { connectTimeoutMs: 1_000, writeTimeoutMs: 1_000, publishTimeoutMs: 2_000, closeTimeoutMs: 1_000 };

/** After a failed name lookup, calls drop at once for this long before looking the name up again. */
export const UDP_RESOLVE_RETRY_MS = 10_000;

interface Endpoint {
  readonly socket: Socket;
  readonly address: string;
}

/** What one call did, for its single summary line. */
interface CallState {
  handed: number;
  failed: number;
  /** publish_timeout passed: what is left was counted then. */
  timedOut?: boolean;
  firstError?: unknown;
}

/** A lookup that failed, with its failure kind. */
class ResolveError extends Error {
  constructor(readonly kind: PublisherFailureKind, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Resolves `host` preferring IPv6, as upstream tries AF_INET6 before AF_INET. */
async function resolve(host: string): Promise<{ address: string; family: 4 | 6 }> {
  const family = isIP(host);
  if (family) return { address: host, family: family as 4 | 6 };
  const all = await lookup(host, { all: true, verbatim: true });
  const chosen = all.find((a) => a.family === 6) ?? all[0];
  if (!chosen) throw new Error(`cannot resolve ${host}`);
  return { address: chosen.address, family: chosen.family as 4 | 6 };
}

/** Sends samples as msgpack datagrams. Samples only: events are not supported, as upstream. */
@injectable()
export class UDPPublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly address: HostPort;
  readonly timeouts: PublisherTimeouts;
  readonly #label: string;
  readonly #secret: string;
  readonly #logger: Logger;
  #endpoint: Promise<Endpoint> | undefined;
  #resolveFailure: { error: ResolveError; until: number } | undefined;
  #inFlight = new Set<Promise<void>>();
  #dropped = 0;

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    this.target = toPublisherTarget(args);
    this.address = parseHostPort(this.target.url);
    this.timeouts = timeoutsFromUrl(this.target.url, UDP_DEFAULT_TIMEOUTS);
    this.#label = redactUrl(this.target.url);
    this.#secret = telemetrySecret(ctx.config);
    this.#logger = ctx.logger;
  }

  /** Samples given up so far (lookup failed, send failed, not handed over within publish_timeout). */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Resolves once every datagram was handed to the kernel, or failed, or `publish_timeout` passed
   * (one warning per call counts what was dropped). Never rejects.
   */
  publishSamples(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return Promise.resolve();
    const state: CallState = { handed: 0, failed: 0 };
    const { publishTimeoutMs } = this.timeouts;
    const sent = withDeadline(this.#send(samples, state), publishTimeoutMs, () => new ResolveError('publish-timeout', `not sent within publish_timeout ${formatSeconds(publishTimeoutMs)}`))
      .catch((err: unknown) => {
        state.timedOut = true;
        const kind = err instanceof ResolveError ? err.kind : failureKindOf(err);
        this.#warn(kind, samples.length - state.handed, samples.length, err);
      });
    this.#inFlight.add(sent);
    // not `sent.finally(...)`: that derived promise would be an unhandled rejection when a send fails
    const forget = (): void => void this.#inFlight.delete(sent);
    sent.then(forget, forget);
    return sent;
  }

  /** Waits up to `close_timeout` for sends in flight, then closes the socket. Always resolves. */
  async close(): Promise<void> {
    await settlesWithin(Promise.allSettled([...this.#inFlight]), this.timeouts.closeTimeoutMs);
    const pending = this.#endpoint;
    this.#endpoint = undefined;
    const endpoint = pending ? await withDeadline(pending, 100, () => new Error('lookup pending')).catch(() => undefined) : undefined;
    endpoint?.socket.close();
  }

  #warn(kind: PublisherFailureKind, count: number, of: number, err: unknown): void {
    if (count <= 0) return;
    this.#dropped += count;
    this.#logger.warn({ publisher: this.#label, kind, dropped: count, of, droppedTotal: this.#dropped, err: err instanceof Error ? err.message : String(err) },
      'udp publisher %s: %s: %d of %d sample(s) dropped', this.#label, describeFailureKind(kind), count, of);
  }

  #open(): Promise<Endpoint> {
    if (this.#endpoint) return this.#endpoint;
    const failure = this.#resolveFailure;
    if (failure && Date.now() < failure.until) return Promise.reject(failure.error);
    const { host } = this.address;
    const { connectTimeoutMs } = this.timeouts;
    const looked = withDeadline(resolve(host), connectTimeoutMs, () => new ResolveError('dns', `no address for ${host} within connect_timeout ${formatSeconds(connectTimeoutMs)}`))
      .catch((err: unknown) => {
        throw err instanceof ResolveError ? err : new ResolveError('dns', `cannot resolve ${host}: ${(err as Error).message}`, { cause: err });
      });
    const endpoint = looked.then(({ address, family }) => {
      this.#resolveFailure = undefined;
      const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
      socket.on('error', (err) => this.#logger.warn({ publisher: this.#label, err: err.message }, 'UDP publisher socket error'));
      socket.unref();
      return { socket, address };
    });
    endpoint.catch((err: unknown) => {
      if (this.#endpoint === endpoint) this.#endpoint = undefined;
      this.#resolveFailure = { error: err as ResolveError, until: Date.now() + UDP_RESOLVE_RETRY_MS };
    });
    this.#endpoint = endpoint;
    return endpoint;
  }

  async #send(samples: readonly Sample[], state: CallState): Promise<void> {
    const endpoint = await this.#open();
    const { port } = this.address;
    await Promise.all(samples.map((sample) => new Promise<void>((done) => {
      let datagram: Buffer;
      try {
        datagram = packPy(toMeterMessage(sample, this.#secret));
      } catch (err) {
        state.handed++;
        state.failed++;
        state.firstError ??= err;
        done();
        return;
      }
      endpoint.socket.send(datagram, port, endpoint.address, (err) => {
        state.handed++;
        if (err) {
          state.failed++;
          state.firstError ??= err;
        }
        done();
      });
    })));
    if (state.failed > 0 && !state.timedOut) this.#warn(failureKindOf(state.firstError), state.failed, samples.length, state.firstError);
  }
}
