/**
 * A self-healing AMQP connection over amqplib: fails over across the transport URL's hosts
 * (round-robin or shuffle, hosts shuffled once at start like oslo), TLS from `[oslo_messaging_rabbit]`,
 * heartbeats, reconnection with capped exponential backoff and jitter.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import amqp from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { classifyConnectFailure, connectFailureHint, type ConnectFailure } from './connect-failure.js';
import { MessagingClosedError } from './errors.js';
import { defaultRabbitSettings, type RabbitSettings } from './settings.js';
import { runDetached } from './detached.js';
import { formatTransportUrl, parseTransportUrl, type TransportHost, type TransportUrl } from './transport-url.js';

/** Reconnection delays. Defaults come from rabbit_retry_interval / rabbit_retry_backoff / rabbit_interval_max. */
export interface ReconnectPolicy {
  readonly initialDelayMs: number;
  /** Delay multiplier per failed round over all hosts. */
  readonly multiplier: number;
  readonly maxDelayMs: number;
  /** 0..1: share of the delay that is randomised (0.5 = between 50 % and 100 % of the delay). */
  readonly jitter: number;
}

/** Options of {@link AmqpConnection}. */
export interface AmqpConnectionOptions {
  /** A `rabbit://` transport URL, parsed or not. */
  readonly url: string | TransportUrl;
  readonly rabbit?: Partial<RabbitSettings>;
  readonly reconnect?: Partial<ReconnectPolicy>;
  readonly logger?: Logger;
  /** Shown by `rabbitmqctl list_connections client_properties`; default `<program>:<pid>:<uuid>` as oslo. */
  readonly connectionName?: string;
  /** Socket connect timeout per attempt (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Random source in [0, 1) for shuffling and jitter (tests pass a fixed one). */
  readonly random?: () => number;
}

/** Events: `connected` (model, host label), `disconnected` (error or undefined), `error` is never emitted. */
export interface AmqpConnectionEvents {
  connected: [ChannelModel, string];
  disconnected: [Error | undefined];
}

/** The delay before reconnect round `round` (0-based): capped exponential with jitter. */
export function backoffDelay(policy: ReconnectPolicy, round: number, random: () => number = Math.random): number {
  const raw = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** round);
  const jitter = Math.min(Math.max(policy.jitter, 0), 1);
  return Math.round(raw * (1 - jitter + jitter * random()));
}

/** amqplib connect arguments for one host, as oslo's `_transform_transport_url` + `_fetch_ssl_params` build them. */
export function amqpConnectArgs(url: TransportUrl, host: TransportHost, settings: RabbitSettings, heartbeat: number):
  { options: amqp.Options.Connect; socket: Record<string, unknown> } {
  const hostname = host.hostname || 'localhost';
  const options: amqp.Options.Connect = {
    protocol: settings.ssl ? 'amqps' : 'amqp',
    hostname,
    port: host.port ?? 5672,
    username: host.username || 'guest',
    password: host.password || 'guest',
    vhost: url.virtualHost || '/',
    heartbeat,
  };
  const socket: Record<string, unknown> = { noDelay: true };
  if (settings.ssl) {
    const tls: ConnectionOptions = { servername: hostname };
    if (settings.sslCaFile) {
      tls.ca = [readFileSync(settings.sslCaFile)];
      tls.rejectUnauthorized = true;
      if (!settings.sslEnforceHostnameVerification) tls.checkServerIdentity = () => undefined;
    } else {
      // oslo: ssl without a CA file does not verify the peer
      tls.rejectUnauthorized = false;
    }
    if (settings.sslCertFile) tls.cert = readFileSync(settings.sslCertFile);
    if (settings.sslKeyFile) tls.key = readFileSync(settings.sslKeyFile);
    const method = { tlsv1: 'TLSv1_method', tlsv1_1: 'TLSv1_1_method', tlsv1_2: 'TLSv1_2_method', sslv23: 'TLS_method' }[settings.sslVersion.toLowerCase()];
    if (method) tls.secureProtocol = method;
    Object.assign(socket, tls);
  }
  return { options, socket };
}

/**
 * One logical connection to the broker that keeps itself connected until `close()`. Users listen to
 * `connected` to (re)open their channels and declarations, and `disconnected` to park their work.
 */
export class AmqpConnection extends EventEmitter<AmqpConnectionEvents> {
  readonly url: TransportUrl;
  readonly settings: RabbitSettings;
  readonly policy: ReconnectPolicy;
  #hosts: TransportHost[];
  #next = 0;
  #model: ChannelModel | undefined;
  #closed = false;
  #started = false;
  #timer: NodeJS.Timeout | undefined;
  #wakeSleep: (() => void) | undefined;
  /** When the backoff wait in progress ends (epoch ms); 0 when not waiting. */
  #sleepEndsAt = 0;
  /** Set by expedite(): short retries until `until`. */
  #expedite: { readonly until: number; readonly intervalMs: number } | undefined;
  /** Aborts the connection attempt in flight: close() must not wait for a silent host's connect timeout. */
  #connecting: AbortController | undefined;
  #reconnects = 0;
  #lastFailure: ConnectFailure | undefined;
  readonly #logger: Logger;
  readonly #random: () => number;
  readonly #name: string;
  readonly #connectTimeoutMs: number;

  constructor(options: AmqpConnectionOptions) {
    super();
    this.url = typeof options.url === 'string' ? parseTransportUrl(options.url) : options.url;
    this.settings = { ...defaultRabbitSettings(), ...options.rabbit };
    this.policy = {
      initialDelayMs: Math.max(this.settings.retryInterval, 0.05) * 1000,
      multiplier: Math.max(this.settings.retryBackoff, 1),
      maxDelayMs: this.settings.intervalMax * 1000,
      jitter: 0.5,
      ...options.reconnect,
    };
    this.#logger = options.logger ?? silentLogger;
    this.#random = options.random ?? Math.random;
    this.#name = options.connectionName ?? `${basename(process.argv[1] ?? 'node')}:${process.pid}:${randomUUID()}`;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#hosts = this.url.hosts.length ? [...this.url.hosts] : [{ hostname: null, port: null, username: null, password: null }];
    if (this.#hosts.length > 1) this.#shuffle();
  }

  /** The live amqplib connection, if connected. */
  get model(): ChannelModel | undefined {
    return this.#model;
  }

  get connected(): boolean {
    return this.#model !== undefined;
  }

  /** Successful connections after the first one. */
  get reconnects(): number {
    return this.#reconnects;
  }

  /** Why the last connection attempt failed; undefined once connected. */
  get lastFailure(): ConnectFailure | undefined {
    return this.#lastFailure;
  }

  /** Starts connecting in the background (idempotent). */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    runDetached(this.#loop(), this.#logger, 'AMQP connection loop');
  }

  /** Resolves once connected (starting the connection if needed); rejects after `timeoutMs` or on close. */
  waitConnected(timeoutMs = 30_000): Promise<ChannelModel> {
    this.start();
    if (this.#model) return Promise.resolve(this.#model);
    if (this.#closed) return Promise.reject(new MessagingClosedError('connection closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('connected', onConnected);
        reject(new Error(`not connected to ${this.describe()} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onConnected = (model: ChannelModel): void => {
        clearTimeout(timer);
        resolve(model);
      };
      this.once('connected', onConnected);
    });
  }

  /** The hosts for logs (`h1:5672,h2:5672`). */
  describe(): string {
    return this.url.hosts.map((h) => `${h.hostname ?? 'localhost'}:${h.port ?? 5672}`).join(',');
  }

  /** The transport URL for logs: users kept, passwords replaced by `***`. */
  describeUrl(): string {
    return formatTransportUrl(this.url, { redactPasswords: true });
  }

  /**
   * Until `until` (epoch ms), waits at most `intervalMs` between connection rounds instead of the
   * capped exponential backoff, and cuts a longer wait in progress short. A notifier closing with
   * notifications still held calls it, so a broker that is back before the stop timeout gets them
   * (the normal backoff may by then be 30 s). The rounds of this window are logged at debug level:
   * the caller says once what it is waiting for.
   */
  expedite(until: number, intervalMs = 500): void {
    if (this.#closed) return;
    const interval = Math.max(intervalMs, 10);
    this.#expedite = { until, intervalMs: interval };
    const now = Date.now();
    if (this.#timer && this.#sleepEndsAt > now + interval) {
      clearTimeout(this.#timer);
      this.#sleepEndsAt = now + interval;
      this.#timer = setTimeout(() => this.#wakeSleep?.(), interval);
    }
  }

  /** True while an expedite() window is open. */
  get expedited(): boolean {
    return this.#expedite !== undefined && this.#expedite.until > Date.now();
  }

  /** Closes the connection and stops reconnecting. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#wakeSleep?.();
    this.#connecting?.abort();
    const model = this.#model;
    this.#model = undefined;
    if (model) {
      try {
        await model.close();
      } catch {
        // already closing or closed by the broker
      }
      this.emit('disconnected', undefined);
    }
  }

  /** Drops the current connection and reconnects (after a channel-level failure, for example). */
  forceReconnect(reason: Error): void {
    const model = this.#model;
    if (!model) return;
    this.#logger.warn({ err: reason.message }, 'AMQP connection reset');
    model.close().catch(() => {});
  }

  #shuffle(): void {
    for (let i = this.#hosts.length - 1; i > 0; i--) {
      const j = Math.floor(this.#random() * (i + 1));
      [this.#hosts[i], this.#hosts[j]] = [this.#hosts[j]!, this.#hosts[i]!];
    }
  }

  #pickHost(): TransportHost {
    if (this.settings.failoverStrategy === 'shuffle' && this.#hosts.length > 1) {
      return this.#hosts[Math.floor(this.#random() * this.#hosts.length)]!;
    }
    const host = this.#hosts[this.#next % this.#hosts.length]!;
    this.#next = (this.#next + 1) % this.#hosts.length;
    return host;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        if (this.#timer) clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#wakeSleep = undefined;
        this.#sleepEndsAt = 0;
        resolve();
      };
      this.#wakeSleep = wake;
      this.#sleepEndsAt = Date.now() + ms;
      this.#timer = setTimeout(wake, ms);
    });
  }

  /** The wait before reconnect round `round`: the backoff, or the short step of an expedite() window. */
  #retryDelay(round: number): { delayMs: number; expedited: boolean } {
    const delayMs = backoffDelay(this.policy, round, this.#random);
    const hurry = this.#expedite;
    if (!hurry) return { delayMs, expedited: false };
    const left = hurry.until - Date.now();
    if (left <= 0) {
      this.#expedite = undefined;
      return { delayMs, expedited: false };
    }
    return { delayMs: Math.min(delayMs, hurry.intervalMs, left), expedited: true };
  }

  async #loop(): Promise<void> {
    let failures = 0;
    let everConnected = false;
    let roundErrors: string[] = [];
    while (!this.#closed) {
      const host = this.#pickHost();
      const label = `${host.hostname ?? 'localhost'}:${host.port ?? 5672}`;
      const attempt = new AbortController();
      this.#connecting = attempt;
      try {
        const { options, socket } = amqpConnectArgs(this.url, host, this.settings, this.settings.heartbeatTimeoutThreshold);
        const model = await amqp.connect(options, {
          ...socket,
          // amqplib hands these options to net/tls.connect, whose sockets honour `signal`
          signal: attempt.signal,
          timeout: this.#connectTimeoutMs,
          clientProperties: { connection_name: this.#name, product: 'ceilometer-ts' },
        });
        this.#connecting = undefined;
        if (this.#closed) {
          await model.close().catch(() => {});
          return;
        }
        failures = 0;
        roundErrors = [];
        this.#lastFailure = undefined;
        if (everConnected) this.#reconnects++;
        everConnected = true;
        const lost = new Promise<Error | undefined>((resolve) => {
          model.once('close', (err?: Error) => resolve(err));
          model.on('error', () => {}); // 'close' follows; never crash on an unhandled 'error'
          model.on('blocked', (reason: string) => this.#logger.error({ reason }, 'The broker has blocked the connection'));
          model.on('unblocked', () => this.#logger.info('The broker has unblocked the connection'));
        });
        this.#model = model;
        this.#logger.info({ host: label }, 'connected to AMQP server');
        this.emit('connected', model, label);
        const err = await lost;
        if (this.#model === model) {
          this.#model = undefined;
          this.#logger.warn({ host: label, err: err?.message }, 'AMQP connection lost; reconnecting');
          this.emit('disconnected', err);
        }
      } catch (error) {
        this.#connecting = undefined;
        if (this.#closed) return;
        failures++;
        const failure = classifyConnectFailure(error);
        this.#lastFailure = failure;
        roundErrors.push(`${label}: ${failure.message}`);
        // try every host once before waiting, and say so once per wait (one line per backoff step)
        if (failures % this.#hosts.length !== 0) {
          this.#logger.debug({ host: label, err: failure.message }, 'AMQP connection failed; trying the next host');
          continue;
        }
        const round = Math.floor((failures - 1) / this.#hosts.length);
        const { delayMs: delay, expedited } = this.#retryDelay(round);
        if (expedited) this.#logger.debug({ url: this.describeUrl(), errors: roundErrors, retryInMs: delay }, 'broker still unreachable while stopping; retrying soon');
        else this.#logFailure(failure, roundErrors, delay, everConnected);
        roundErrors = [];
        if (!this.#closed) await this.#sleep(delay);
      }
    }
  }

  #logFailure(failure: ConnectFailure, errors: readonly string[], delayMs: number, everConnected: boolean): void {
    const url = this.describeUrl();
    const seconds = Number((delayMs / 1000).toPrecision(2));
    const fields = { url, errors, kind: failure.kind, retryInMs: delayMs };
    if (failure.kind === 'auth' || failure.kind === 'vhost') {
      // a configuration problem: an error, but still retried (the password may be fixed on the broker side)
      this.#logger.error(fields, `broker ${url}: ${connectFailureHint(failure.kind)}; retrying in ${seconds} s`);
    } else if (everConnected) {
      this.#logger.warn(fields, `reconnecting to broker ${url} (${connectFailureHint(failure.kind)}: ${failure.message}); retrying in ${seconds} s`);
    } else {
      this.#logger.warn(fields, `waiting for broker ${url} (${connectFailureHint(failure.kind)}: ${failure.message}); retrying in ${seconds} s`);
    }
  }
}
