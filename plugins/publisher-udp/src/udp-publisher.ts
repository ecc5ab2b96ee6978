/**
 * The `udp://host:port` publisher (upstream's ceilometer.publisher.udp.UDPPublisher): every sample
 * as its signed meter message in msgpack, one datagram each, to port 4952 unless the URL says
 * otherwise. Fire and forget, as upstream: a failed send is logged, never retried.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  toMeterMessage,
  toPublisherTarget,
  type Logger,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
} from '@ceilometer-ts/sdk';
import { packPy, parseHostPort, telemetrySecret, type HostPort } from '@ceilometer-ts/publisher-common';

interface Endpoint {
  readonly socket: Socket;
  readonly address: string;
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
  readonly #secret: string;
  readonly #logger: Logger;
  #endpoint: Promise<Endpoint> | undefined;
  #inFlight = new Set<Promise<void>>();

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    this.target = toPublisherTarget(args);
    this.address = parseHostPort(this.target.url);
    this.#secret = telemetrySecret(ctx.config);
    this.#logger = ctx.logger;
  }

  /** Resolves once every datagram was handed to the kernel (or its failure logged). */
  publishSamples(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return Promise.resolve();
    const sent = this.#send(samples);
    this.#inFlight.add(sent);
    // not `sent.finally(...)`: that derived promise would be an unhandled rejection when a send fails
    const forget = (): void => void this.#inFlight.delete(sent);
    sent.then(forget, forget);
    return sent;
  }

  /** Waits for sends in flight and closes the socket. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    const endpoint = await this.#endpoint?.catch(() => undefined);
    this.#endpoint = undefined;
    endpoint?.socket.close();
  }

  #open(): Promise<Endpoint> {
    this.#endpoint ??= resolve(this.address.host).then(({ address, family }) => {
      const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
      socket.on('error', (err) => this.#logger.warn({ err }, 'UDP publisher socket error'));
      socket.unref();
      return { socket, address };
    });
    return this.#endpoint;
  }

  async #send(samples: readonly Sample[]): Promise<void> {
    let endpoint: Endpoint;
    try {
      endpoint = await this.#open();
    } catch (err) {
      this.#endpoint = undefined;
      this.#logger.warn({ err, host: this.address.host, count: samples.length }, 'Unable to send sample over UDP: cannot resolve the host; samples dropped');
      return;
    }
    const { port } = this.address;
    await Promise.all(samples.map((sample) => new Promise<void>((done) => {
      let datagram: Buffer;
      try {
        datagram = packPy(toMeterMessage(sample, this.#secret));
      } catch (err) {
        this.#logger.warn({ err, sample: sample.id }, 'Unable to send sample over UDP: cannot encode it');
        done();
        return;
      }
      endpoint.socket.send(datagram, port, endpoint.address, (err) => {
        if (err) this.#logger.warn({ err, bytes: datagram.length, host: endpoint.address, port }, 'Unable to send sample over UDP');
        done();
      });
    })));
  }
}
