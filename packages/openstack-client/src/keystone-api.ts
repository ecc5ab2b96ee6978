/**
 * The Keystone v3 calls of upstream's tenant discovery and identity name lookup (domains, projects
 * per domain, one project, one user), and the catalog URL listing of its endpoint discovery
 * (`keystone_client.get_urls`: every URL of a service type, or of every service, on the
 * credentials' interface and region, from the token's catalog; no API call).
 */
import type { OpenStackSession } from './session.js';

/** Options of {@link KeystoneApi}. */
export interface KeystoneApiOptions {
  /** Service type of Keystone in the catalog (default `identity`). */
  readonly serviceType?: string;
}

/** Filters of the list calls (`enabled=True` for `[polling] ignore_disabled_projects`). */
export interface KeystoneListFilter {
  readonly enabled?: boolean;
}

/** Keystone's API through an {@link OpenStackSession}. */
export class KeystoneApi {
  readonly serviceType: string;

  constructor(private readonly session: OpenStackSession, options: KeystoneApiOptions = {}) {
    this.serviceType = options.serviceType ?? 'identity';
  }

  /** `GET /v3/domains[?enabled=True]`. */
  domains(filter: KeystoneListFilter = {}, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('domains', 'domains', { ...enabledQuery(filter) }, signal);
  }

  /** `GET /v3/projects?domain_id=<id>[&enabled=True]`. */
  projects(domainId: string, filter: KeystoneListFilter = {}, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('projects', 'projects', { domain_id: domainId, ...enabledQuery(filter) }, signal);
  }

  /** `GET /v3/projects/<id>`, or null when Keystone has none. */
  project(id: string, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    return this.#get('projects', 'project', id, signal);
  }

  /** `GET /v3/users/<id>`, or null when Keystone has none. */
  user(id: string, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    return this.#get('users', 'user', id, signal);
  }

  /** Every catalog URL of `serviceType` (every service when null) on the session's interface and region. */
  async catalogUrls(serviceType: string | null): Promise<string[]> {
    const { catalog } = await this.session.auth();
    const region = this.session.credentials.regionName;
    const urls: string[] = [];
    for (const service of catalog.services) {
      if (serviceType !== null && service.type !== serviceType) continue;
      for (const ep of service.endpoints) {
        if (ep.interface !== this.session.interface) continue;
        if (region !== null && ep.region_id !== region && ep.region !== region) continue;
        urls.push(ep.url);
      }
    }
    return urls;
  }

  async #base(): Promise<string> {
    const base = await this.session.endpoint(this.serviceType);
    return /\/v3$/.test(base) ? base : `${base}/v3`;
  }

  async #list(path: string, key: string, query: Record<string, string>, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.session.list(this.serviceType, `${await this.#base()}/${path}`, key, {}, { query, ...(signal ? { signal } : {}) });
  }

  async #get(path: string, key: string, id: string, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    const res = await this.session.request(this.serviceType, `${await this.#base()}/${path}/${encodeURIComponent(id)}`, { acceptStatuses: [404], ...(signal ? { signal } : {}) });
    if (res.status === 404) return null;
    const record = (res.body as Record<string, unknown> | null)?.[key];
    return typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : null;
  }
}

function enabledQuery(filter: KeystoneListFilter): Record<string, string> {
  return filter.enabled ? { enabled: 'True' } : {};
}
