/**
 * The Swift account calls of upstream's `ceilometer/objectstore/swift.py`: `HEAD` and `GET` of a
 * project's account with the service token, the account URL built from the catalog's object-store
 * endpoint and `[DEFAULT] reseller_prefix` (`<endpoint before /v1>/v1/<prefix><project id>`).
 */
import type { OpenStackSession } from './session.js';

/** Options of {@link SwiftApi}. */
export interface SwiftApiOptions {
  /** Service type (`[service_types] swift`, default `object-store`). */
  readonly serviceType?: string;
  /** `[DEFAULT] reseller_prefix` (default `AUTH_`). */
  readonly resellerPrefix?: string;
}

/** An account's totals, from the `x-account-*` headers of `HEAD`. */
export interface SwiftAccountStats {
  readonly objectCount: number;
  readonly bytesUsed: number;
  readonly containerCount: number;
}

/** One container of `GET <account>?format=json`. */
export interface SwiftContainer {
  readonly name: string;
  readonly count: number;
  readonly bytes: number;
  readonly [key: string]: unknown;
}

/** What an account call answers: the value, or why there is none (404: no account; 403: no role). */
export type SwiftAccountResult<T> = { readonly status: 'ok'; readonly value: T } | { readonly status: 'not-found' | 'forbidden' };

/** Upstream's `_neaten_url`: the account URL of `projectId` under `endpoint`. */
export function swiftAccountUrl(endpoint: string, projectId: string, resellerPrefix: string): string {
  const root = `${endpoint.split('/v1')[0]!.replace(/\/+$/, '')}/`;
  return new URL(`v1/${resellerPrefix}${projectId}`, root).toString();
}

function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): number {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  const n = Number.parseInt(text ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

/** Swift's account API through an {@link OpenStackSession}. */
export class SwiftApi {
  readonly serviceType: string;
  readonly #prefix: string;

  constructor(private readonly session: OpenStackSession, options: SwiftApiOptions = {}) {
    this.serviceType = options.serviceType ?? 'object-store';
    this.#prefix = options.resellerPrefix ?? 'AUTH_';
  }

  /** The account URL of a project (throws OpenStackEndpointNotFoundError without object-store). */
  async accountUrl(projectId: string): Promise<string> {
    return swiftAccountUrl(await this.session.endpoint(this.serviceType), projectId, this.#prefix);
  }

  /** `HEAD <account>`: the account's object, byte and container counts. */
  async headAccount(projectId: string, signal?: AbortSignal): Promise<SwiftAccountResult<SwiftAccountStats>> {
    const res = await this.session.request(this.serviceType, await this.accountUrl(projectId), { method: 'HEAD', acceptStatuses: [403, 404], ...(signal ? { signal } : {}) });
    if (res.status === 404) return { status: 'not-found' };
    if (res.status === 403) return { status: 'forbidden' };
    return {
      status: 'ok',
      value: { objectCount: header(res.headers, 'x-account-object-count'), bytesUsed: header(res.headers, 'x-account-bytes-used'), containerCount: header(res.headers, 'x-account-container-count') },
    };
  }

  /** `GET <account>?format=json`: the first listing page of containers, as upstream (no `full_listing`). */
  async listContainers(projectId: string, signal?: AbortSignal): Promise<SwiftAccountResult<SwiftContainer[]>> {
    const res = await this.session.request(this.serviceType, await this.accountUrl(projectId), { query: { format: 'json' }, acceptStatuses: [403, 404], ...(signal ? { signal } : {}) });
    if (res.status === 404) return { status: 'not-found' };
    if (res.status === 403) return { status: 'forbidden' };
    const raw = Array.isArray(res.body) ? (res.body as unknown[]) : [];
    const containers = raw.filter((c): c is SwiftContainer => typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string');
    return { status: 'ok', value: containers };
  }
}
