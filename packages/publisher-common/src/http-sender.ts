/**
 * POSTs bodies to a publisher endpoint with got: keep-alive agents sized by
 * `[DEFAULT] max_parallel_requests`, the URL's timeout, TLS and basic-auth settings, and retries
 * with exponential backoff on connection errors, timeouts, 429 and 5xx.
 */
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { HTTPError, RequestError, type Got } from 'got';
import type { Logger } from '@ceilometer-ts/sdk';
import { HttpPublishError, HttpPublisherConfigError } from './errors.js';
import { describeTarget, type HttpSettings } from './http-settings.js';

/** Sender settings that do not come from the URL. */
export interface HttpSenderOptions {
  readonly contentType: string;
  /** `[DEFAULT] max_parallel_requests` (default 64): sockets per endpoint. */
  readonly maxSockets?: number;
  /** First retry delay; doubles per retry up to 5 s (default 200 ms). */
  readonly backoffBaseMs?: number;
}

const RETRY_STATUS = [429, ...Array.from({ length: 100 }, (_, i) => 500 + i)];
const readPem = (url: string, path: string, what: string): Buffer => {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new HttpPublisherConfigError(url, `cannot read ${what} ${path}`, { cause: err });
  }
};

/** One endpoint's HTTP client. */
export class HttpSender {
  readonly #client: Got;
  readonly #agents: { http: HttpAgent; https: HttpsAgent };
  readonly #pending = new Set<Promise<unknown>>();
  readonly #label: string;

  constructor(readonly settings: HttpSettings, private readonly logger: Logger, options: HttpSenderOptions) {
    const maxSockets = Math.max(options.maxSockets ?? 64, 1);
    this.#agents = { http: new HttpAgent({ keepAlive: true, maxSockets }), https: new HttpsAgent({ keepAlive: true, maxSockets }) };
    this.#label = describeTarget(settings);
    const base = options.backoffBaseMs ?? 200;
    const { verifySsl, clientCert, clientKey } = settings;
    const cert = clientCert ? readPem(settings.target, clientCert, 'clientcert') : undefined;
    this.#client = got.extend({
      method: 'POST',
      headers: { 'content-type': options.contentType },
      timeout: { request: settings.timeoutMs },
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

  /**
   * POSTs one body to the target (plus `subPath`). Resolves on 2xx/3xx, and on 4xx after logging
   * (the server refused the data; resending cannot help, as upstream). Rejects with HttpPublishError
   * when retries are exhausted on connection errors, timeouts, 429 or 5xx. Resolves to the
   * response body of a successful POST, undefined for a dropped one.
   */
  post(body: string, subPath = ''): Promise<string | undefined> {
    const url = this.settings.target.replace(/([?#]|$)/, `${subPath}$1`);
    const done = this.#send(url, body);
    this.#pending.add(done);
    void done.finally(() => this.#pending.delete(done)).catch(() => undefined);
    return done;
  }

  /** Waits for requests in flight, then closes the keep-alive sockets. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  async #send(url: string, body: string): Promise<string | undefined> {
    try {
      const res = await this.#client(url, { body });
      this.logger.debug({ target: this.#label, status: res.statusCode }, 'posted to %s', this.#label);
      return res.body;
    } catch (err) {
      const status = err instanceof HTTPError ? err.response.statusCode : undefined;
      const attempts = err instanceof RequestError ? (err.request?.retryCount ?? 0) + 1 : 1;
      if (status !== undefined && status < 500 && status !== 429) {
        this.logger.error({ target: this.#label, status, body: String(err instanceof HTTPError ? err.response.body : '').slice(0, 500) },
          'Status Code: %d. Failed to dispatch message to %s; dropped', status, this.#label);
        return undefined;
      }
      throw new HttpPublishError(this.#label, attempts, status, { cause: err });
    }
  }
}
