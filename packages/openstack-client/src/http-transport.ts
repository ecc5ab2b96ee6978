/**
 * One HTTP client per session: got over keep-alive agents (sockets per host bounded by
 * `maxSockets`, which also bounds concurrency), a per-request timeout, TLS from `cafile` /
 * `insecure`, and retries with exponential backoff on connection errors, timeouts and 5xx (never on
 * 4xx). It returns every answered response; mapping statuses to errors is the session's job.
 */
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Got, RequestError, TimeoutError } from 'got';
import type { Logger } from '@ceilometer-ts/sdk';
import { OpenStackAuthError, OpenStackConnectionError, type RequestTarget } from './errors.js';

/** Transport settings; every field has a default. */
export interface HttpTransportOptions {
  /** Per-attempt timeout (default 30 s; `[service_credentials] timeout` when set). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt on connection errors and 5xx (default 3). */
  readonly retries?: number;
  /** First retry delay, doubled per retry up to 5 s (default 250 ms). */
  readonly backoffBaseMs?: number;
  /** Sockets per host (default 8). */
  readonly maxSockets?: number;
  /** CA bundle (PEM) for HTTPS. */
  readonly cafile?: string;
  /** Skip TLS verification. */
  readonly insecure?: boolean;
}

/** One request. */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  /** Service type, for errors and logs. */
  readonly service: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  /** A serialised body, sent as is. */
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/** An answered request (any status). */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON when the body is JSON, else the text ('' when empty). */
  readonly body: unknown;
  readonly url: string;
}

/** The URL without userinfo, as errors and logs show it. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return '';
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Keep-alive, retrying HTTP for OpenStack APIs. */
export class HttpTransport {
  readonly #got: Got;
  readonly #agents: { http: HttpAgent; https: HttpsAgent };
  readonly #retries: number;
  readonly #backoffBaseMs: number;

  constructor(private readonly logger: Logger, options: HttpTransportOptions = {}) {
    const maxSockets = Math.max(options.maxSockets ?? 8, 1);
    this.#agents = { http: new HttpAgent({ keepAlive: true, maxSockets }), https: new HttpsAgent({ keepAlive: true, maxSockets }) };
    this.#retries = Math.max(options.retries ?? 3, 0);
    this.#backoffBaseMs = options.backoffBaseMs ?? 250;
    let ca: Buffer | undefined;
    if (options.cafile) {
      try {
        ca = readFileSync(options.cafile);
      } catch (error) {
        throw new OpenStackAuthError(`cannot read cafile ${options.cafile}`, 0, { cause: error });
      }
    }
    this.#got = got.extend({
      agent: this.#agents,
      timeout: { request: options.timeoutMs ?? 30_000 },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: true,
      https: { rejectUnauthorized: options.insecure !== true, ...(ca ? { certificateAuthority: ca } : {}) },
    });
  }

  /** Sends `request`, retrying connection errors and 5xx; throws {@link OpenStackConnectionError} when no answer came. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const target: RequestTarget = { service: request.service, method: request.method, url: displayUrl(request.url) };
    for (let attempt = 0; ; attempt += 1) {
      const started = Date.now();
      let response: HttpResponse | undefined;
      let failure: OpenStackConnectionError | undefined;
      try {
        const res = await this.#got(request.url, {
          method: request.method as 'GET',
          headers: { accept: 'application/json', ...request.headers },
          ...(request.json !== undefined ? { json: request.json } : {}),
          ...(request.body !== undefined ? { body: request.body } : {}),
          ...(request.signal ? { signal: request.signal } : {}),
        });
        response = { status: res.statusCode, headers: res.headers, body: parseBody(res.body, res.headers['content-type']), url: request.url };
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason as Error;
        const reason = error instanceof TimeoutError ? `timed out (${error.event})` : error instanceof RequestError ? (error.code || error.message) : String(error);
        failure = new OpenStackConnectionError(target, reason, { cause: error });
      }
      const retryable = failure !== undefined || (response !== undefined && response.status >= 500);
      this.logger.debug(
        { service: request.service, method: request.method, url: target.url, status: response?.status, ms: Date.now() - started, attempt },
        failure ? 'OpenStack request failed: %s' : 'OpenStack request',
        failure?.reason ?? '',
      );
      if (!retryable || attempt >= this.#retries) {
        if (failure) throw failure;
        return response!;
      }
      await sleep(Math.min(this.#backoffBaseMs * 2 ** attempt, 5000), request.signal);
    }
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }
}
