/**
 * An authenticated session against one cloud: resolves a service's endpoint from the token's
 * catalog (`[service_credentials] interface` and `region_name`), sends requests with the token,
 * authenticates again once on a 401, maps failures to typed errors and follows pagination.
 */
import type { ConfigView, Logger } from '@ceilometer-ts/sdk';
import { readCredentials, type EndpointInterface, type KeystoneCredentials } from './credentials.js';
import { OpenStackHttpError } from './errors.js';
import { displayUrl, HttpTransport, type HttpResponse, type HttpTransportOptions } from './http-transport.js';
import { KeystoneAuth, type AuthState, type SessionAuthenticator } from './keystone-auth.js';
import { nextPageUrl, type PageOptions } from './pagination.js';
import { StaticAuth } from './static-auth.js';
import { readStaticCredentials, type StaticEndpointCredentials } from './static-credentials.js';

/** What a session authenticates with: Keystone credentials, or a static endpoint (gnocchi-basic, gnocchi-noauth). */
export type SessionCredentials = KeystoneCredentials | StaticEndpointCredentials;

/** Whether `c` is a static session's credentials. */
export function isStaticCredentials(c: SessionCredentials): c is StaticEndpointCredentials {
  return 'endpoint' in c && 'authType' in c;
}

/** Options of {@link OpenStackSession} and {@link createOpenStackSession}. */
export interface OpenStackSessionOptions extends HttpTransportOptions {
  /** Renew the token this long before it expires (default 60 s). */
  readonly renewBeforeMs?: number;
  /** Clock for token expiry (tests). */
  readonly now?: () => number;
}

/** One API call. */
export interface ServiceRequest {
  readonly method?: string;
  /** Query parameters (`undefined` / `null` values left out). */
  readonly query?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  /** A body already serialised (sent as is; set `content-type` in `headers`). */
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** Statuses returned instead of thrown (e.g. `[404]` for "absent is fine"). */
  readonly acceptStatuses?: readonly number[];
}

function withQuery(url: string, query: ServiceRequest['query']): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) u.searchParams.append(k, String(v));
  return u.toString();
}

function errorDetail(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (typeof body === 'object' && body !== null) {
    // OpenStack faults: {"itemNotFound": {"message": ...}}, {"error": {"message": ...}}, {"message": ...}
    for (const value of [body, ...Object.values(body)]) {
      const message = (value as { message?: unknown } | null)?.message;
      if (typeof message === 'string') return message.slice(0, 200);
    }
  }
  return '';
}

/** An authenticated session; share one per process and credentials group. */
export class OpenStackSession {
  readonly #auth: SessionAuthenticator;
  readonly #transport: HttpTransport;

  constructor(readonly credentials: SessionCredentials, private readonly logger: Logger, options: OpenStackSessionOptions = {}) {
    this.#transport = new HttpTransport(logger, {
      ...(credentials.timeoutMs !== undefined ? { timeoutMs: credentials.timeoutMs } : {}),
      ...(credentials.cafile !== undefined ? { cafile: credentials.cafile } : {}),
      insecure: credentials.insecure,
      ...options,
    });
    this.#auth = isStaticCredentials(credentials)
      ? new StaticAuth(credentials)
      : new KeystoneAuth(credentials, this.#transport, logger, options.renewBeforeMs, options.now);
  }

  /** The endpoint interface requests use. */
  get interface(): EndpointInterface {
    return this.credentials.interface;
  }

  /** A valid token and its catalog (authenticating when needed). */
  auth(): Promise<AuthState> {
    return this.#auth.state();
  }

  /** The base URL of `serviceType` (interface and region from the credentials unless given). */
  async endpoint(serviceType: string, options: { interface?: EndpointInterface; region?: string | null } = {}): Promise<string> {
    const state = await this.#auth.state();
    return state.catalog.endpoint(serviceType, options.interface ?? this.credentials.interface, options.region === undefined ? this.credentials.regionName : options.region);
  }

  /**
   * Calls `serviceType` at `path` (relative to its endpoint, or an absolute URL such as a `next`
   * link). A 401 makes the session authenticate again and retry once; other non-2xx statuses not
   * in `acceptStatuses` throw {@link OpenStackHttpError}.
   */
  async request(serviceType: string, path: string, request: ServiceRequest = {}): Promise<HttpResponse> {
    const method = request.method ?? 'GET';
    for (let attempt = 0; ; attempt += 1) {
      const state = await this.#auth.state();
      const base = /^https?:\/\//.test(path) ? path : `${state.catalog.endpoint(serviceType, this.credentials.interface, this.credentials.regionName)}/${path.replace(/^\/+/, '')}`;
      const url = withQuery(base, request.query);
      const res = await this.#transport.send({
        method, url, service: serviceType,
        headers: { ...request.headers, ...state.headers },
        ...(request.json !== undefined ? { json: request.json } : {}),
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      if (res.status === 401 && attempt === 0 && this.#auth.renewable) {
        this.logger.debug({ service: serviceType, url: displayUrl(url) }, 'token refused (401): authenticating again');
        this.#auth.invalidate(state.token);
        continue;
      }
      if ((res.status >= 200 && res.status < 300) || request.acceptStatuses?.includes(res.status)) return res;
      throw new OpenStackHttpError(res.status, { service: serviceType, method, url: displayUrl(url) }, errorDetail(res.body));
    }
  }

  /** `GET` returning the parsed JSON body. */
  async getJson(serviceType: string, path: string, request: ServiceRequest = {}): Promise<Record<string, unknown>> {
    const res = await this.request(serviceType, path, { ...request, method: 'GET' });
    return typeof res.body === 'object' && res.body !== null ? (res.body as Record<string, unknown>) : {};
  }

  /**
   * Every page of a list call, as arrays of raw records under `key` (`servers`, `flavors`, ...):
   * follows `<key>_links` / `next` in the body, a `Link: <...>; rel="next"` header, or markers
   * (`options.marker`), and stops on an empty page or a repeated URL.
   */
  async *pages(serviceType: string, path: string, key: string, options: PageOptions = {}, request: ServiceRequest = {}): AsyncGenerator<Record<string, unknown>[]> {
    let next: string | null = path;
    let query: NonNullable<ServiceRequest['query']> = { ...request.query, ...(options.limit !== undefined ? { limit: options.limit } : {}) };
    const seen = new Set<string>();
    while (next !== null) {
      const res = await this.request(serviceType, next, { ...request, method: 'GET', query });
      const body = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as Record<string, unknown>;
      const raw = body[key];
      const items = Array.isArray(raw) ? raw.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null) : [];
      if (items.length > 0) yield items;
      seen.add(res.url);
      const following = nextPageUrl(res, body, key, items, options);
      if (following === null || items.length === 0) return;
      if (following.kind === 'url') {
        const url = new URL(following.url, res.url).toString();
        if (seen.has(url)) return;
        next = url;
        query = {};
      } else {
        if (following.marker === query['marker']) return;
        next = path;
        query = { ...request.query, ...(options.limit !== undefined ? { limit: options.limit } : {}), marker: following.marker };
      }
    }
  }

  /** Every record of a list call (all pages). */
  async list(serviceType: string, path: string, key: string, options: PageOptions = {}, request: ServiceRequest = {}): Promise<Record<string, unknown>[]> {
    const all: Record<string, unknown>[] = [];
    for await (const page of this.pages(serviceType, path, key, options, request)) all.push(...page);
    return all;
  }

  /** Closes idle sockets. */
  close(): void {
    this.#transport.close();
  }
}

/**
 * The credentials of config group `group` (default `[service_credentials]`): static ones for
 * `auth_type = gnocchi-basic | gnocchi-noauth`, else Keystone's; null when a Keystone group has no
 * `auth_url`. Invalid settings throw `OpenStackAuthError` (status 0).
 */
export function readSessionCredentials(config: ConfigView, group?: string): SessionCredentials | null {
  return readStaticCredentials(config, group) ?? readCredentials(config, group);
}

/**
 * The session for config group `group` (default `[service_credentials]`), or null when that group
 * has no `auth_url` (and no static `auth_type`). Invalid credentials settings throw
 * `OpenStackAuthError` (status 0).
 */
export function createOpenStackSession(config: ConfigView, logger: Logger, options: OpenStackSessionOptions & { group?: string } = {}): OpenStackSession | null {
  const { group, ...sessionOptions } = options;
  const credentials = readSessionCredentials(config, group);
  return credentials ? new OpenStackSession(credentials, logger, sessionOptions) : null;
}
