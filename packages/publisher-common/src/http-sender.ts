/**
 * POSTs bodies to a publisher endpoint with got: keep-alive agents sized by
 * `[DEFAULT] max_parallel_requests`, the URL's timeouts, TLS and basic-auth settings, and retries
 * with exponential backoff on connection errors, timeouts, 429 and 5xx. Every POST ends within
 * `publish_timeout` and `close()` within `close_timeout`, whatever the server does.
 */
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { HTTPError, RequestError, TimeoutError, type Got } from 'got';
import type { Logger } from '@ceilometer-ts/sdk';
import { settlesWithin } from './deadline.js';
import { HttpPublishError, HttpPublisherConfigError } from './errors.js';
import { failureKindOf, type PublisherFailureKind } from './failure.js';
import { describeTarget, type HttpSettings } from './http-settings.js';
import { formatSeconds } from './timeouts.js';

/** Sender settings that do not come from the URL. */
export interface HttpSenderOptions {
  readonly contentType: string;
  /** `[DEFAULT] max_parallel_requests` (default 64): sockets per endpoint. */
  readonly maxSockets?: number;
  /** First retry delay; doubles per retry up to 5 s (default 200 ms). */
  readonly backoffBaseMs?: number;
  /** The publisher's scheme name for messages (default `http`). */
  readonly publisher?: string;
}

const RETRY_STATUS = [429, ...Array.from({ length: 100 }, (_, i) => 500 + i)];
const CONNECT_EVENTS = new Set(['lookup', 'connect', 'secureConnect']);
const readPem = (url: string, path: string, what: string): Buffer => {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new HttpPublisherConfigError(url, `cannot read ${what} ${path}`, { cause: err });
  }
};

/** Why a POST was given up before got finished it. */
type Abandon = 'publish-timeout' | 'closed';

/** One POST in flight. */
interface InFlight {
  readonly done: Promise<unknown>;
  abandon(why: Abandon): void;
}

/** The failure kind of what got threw (an HTTP status error has its own). */
function kindOf(err: unknown): PublisherFailureKind {
  if (err instanceof TimeoutError) return CONNECT_EVENTS.has(err.event) ? 'connect-timeout' : 'response-timeout';
  if (err instanceof HTTPError) return 'http-status';
  return failureKindOf(err);
}

/** One endpoint's HTTP client. */
export class HttpSender {
  readonly #client: Got;
  readonly #agents: { http: HttpAgent; https: HttpsAgent };
  readonly #inFlight = new Set<InFlight>();
  readonly #label: string;
  readonly #publisher: string;
  #closing = false;

  constructor(readonly settings: HttpSettings, private readonly logger: Logger, options: HttpSenderOptions) {
    const maxSockets = Math.max(options.maxSockets ?? 64, 1);
    this.#agents = { http: new HttpAgent({ keepAlive: true, maxSockets }), https: new HttpsAgent({ keepAlive: true, maxSockets }) };
    this.#label = describeTarget(settings);
    this.#publisher = options.publisher ?? 'http';
    const base = options.backoffBaseMs ?? 200;
    const { verifySsl, clientCert, clientKey } = settings;
    const cert = clientCert ? readPem(settings.target, clientCert, 'clientcert') : undefined;
    const connect = Math.min(settings.connectTimeoutMs, settings.timeoutMs);
    this.#client = got.extend({
      method: 'POST',
      headers: { 'content-type': options.contentType },
      timeout: { lookup: connect, connect, secureConnect: connect, request: settings.timeoutMs },
      agent: this.#agents,
      ...(settings.username !== undefined ? { username: settings.username, password: settings.password ?? '' } : {}),
      https: {
        rejectUnauthorized: verifySsl !== false,
        ...(typeof verifySsl === 'string' ? { certificateAuthority: readPem(settings.target, verifySsl, 'verify_ssl CA bundle') } : {}),
        ...(cert ? { certificate: cert, key: clientKey ? readPem(settings.target, clientKey, 'clientkey') : cert } : {}),
      },
      retry: {
        limit: settings.maxRetries,
        methods: ['POST'],
        statusCodes: RETRY_STATUS,
        maxRetryAfter: 30_000,
        calculateDelay: ({ attemptCount, computedValue }) =>
          computedValue === 0 ? 0 : Math.min(base * 2 ** (attemptCount - 1), 5_000) * (0.75 + Math.random() * 0.5),
      },
    });
  }

  /** POSTs in flight now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * POSTs one body to the target (plus `subPath`). Resolves on 2xx/3xx, and on 4xx after logging
   * (the server refused the data; resending cannot help, as upstream). Rejects with HttpPublishError
   * when retries are exhausted on connection errors, timeouts, 429 or 5xx, when `publish_timeout`
   * runs out first (kind `publish-timeout`), or when the sender is closed (kind `closed`).
   * Resolves to the response body of a successful POST, undefined for a dropped one.
   */
  post(body: string, subPath = ''): Promise<string | undefined> {
    if (this.#closing) {
      return Promise.reject(new HttpPublishError(this.#label, 0, undefined, { kind: 'closed', publisher: this.#publisher, cause: new Error('the publisher is closed') }));
    }
    const url = this.settings.target.replace(/([?#]|$)/, `${subPath}$1`);
    const controller = new AbortController();
    const attempts = { count: 0 };
    let abandoned: Abandon | undefined;
    let fail: (err: Error) => void = () => undefined;
    const done = new Promise<string | undefined>((resolve, reject) => {
      fail = reject;
      this.#send(url, body, controller.signal, attempts, () => abandoned).then(resolve, reject);
    });
    const entry: InFlight = {
      done,
      abandon: (why) => {
        if (abandoned) return;
        abandoned = why;
        controller.abort();
        const reason = why === 'closed'
          ? `the publisher was closed (close_timeout ${formatSeconds(this.settings.closeTimeoutMs)})`
          : `not delivered within publish_timeout ${formatSeconds(this.settings.publishTimeoutMs)}`;
        fail(new HttpPublishError(this.#label, Math.max(attempts.count, 1), undefined, { kind: why, publisher: this.#publisher, cause: new Error(reason) }));
      },
    };
    const timer = setTimeout(() => entry.abandon('publish-timeout'), this.settings.publishTimeoutMs);
    timer.unref();
    this.#inFlight.add(entry);
    done.then(
      () => this.#settled(entry, timer),
      () => this.#settled(entry, timer),
    );
    return done;
  }

  /**
   * Waits up to `close_timeout` for POSTs in flight, abandons what is left (their calls reject with
   * kind `closed`), then closes the keep-alive sockets. Always resolves.
   */
  async close(): Promise<void> {
    this.#closing = true;
    const pending = [...this.#inFlight];
    if (pending.length > 0 && !(await settlesWithin(Promise.allSettled(pending.map((p) => p.done)), this.settings.closeTimeoutMs))) {
      const left = [...this.#inFlight];
      this.logger.warn({ publisher: this.#publisher, target: this.#label, abandoned: left.length, closeTimeoutMs: this.settings.closeTimeoutMs },
        '%s publisher %s: %d POST(s) still unfinished after close_timeout; abandoned', this.#publisher, this.#label, left.length);
      for (const p of left) p.abandon('closed');
    }
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  #settled(entry: InFlight, timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.#inFlight.delete(entry);
  }

  async #send(url: string, body: string, signal: AbortSignal, attempts: { count: number }, abandoned: () => Abandon | undefined): Promise<string | undefined> {
    try {
      const res = await this.#client(url, { body, signal, hooks: { beforeRequest: [() => void attempts.count++] } });
      this.logger.debug({ target: this.#label, status: res.statusCode }, 'posted to %s', this.#label);
      return res.body;
    } catch (err) {
      const status = err instanceof HTTPError ? err.response.statusCode : undefined;
      const tries = Math.max(attempts.count, err instanceof RequestError ? (err.request?.retryCount ?? 0) + 1 : 1);
      if (status !== undefined && status < 500 && status !== 429) {
        this.logger.error({ target: this.#label, status, body: String(err instanceof HTTPError ? err.response.body : '').slice(0, 500) },
          'Status Code: %d. Failed to dispatch message to %s; dropped', status, this.#label);
        return undefined;
      }
      // the URL actually posted to (a sub path such as the Pushgateway's grouping key included), no query
      throw new HttpPublishError(url.replace(/[?#].*$/, ''), tries, status, { kind: abandoned() ?? kindOf(err), publisher: this.#publisher, cause: err });
    }
  }
}
