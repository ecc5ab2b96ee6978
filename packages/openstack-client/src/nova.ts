/**
 * The Nova calls ceilometer makes (upstream's `ceilometer/nova_client.py`): servers of one host
 * with `changes-since`, flavors, one server. Microversion 2.1 as upstream's client, so servers
 * carry `flavor: {id, links}`; {@link NovaApi.serversDetailForHost} then fills the flavor in as
 * upstream's `_with_flavor` does (name, vcpus, ram, disk, ephemeral; `unknown-id-<id>` and zeros
 * when the flavor is gone), one lookup per distinct flavor per call.
 */
import type { OpenStackSession } from './session.js';

/** Upstream's novaclient microversion. */
export const NOVA_MICROVERSION = '2.1';

/** Options of {@link NovaApi}. */
export interface NovaApiOptions {
  /** Service type (`[service_types] nova`, default `compute`). */
  readonly serviceType?: string;
  /** How long a flavor name to id lookup is kept (default 1 h). */
  readonly flavorCacheTtlMs?: number;
  /** Page size for list calls (default: the server's, 1000 in Nova). */
  readonly pageSize?: number;
  readonly now?: () => number;
}

const HEADERS = { 'x-openstack-nova-api-version': NOVA_MICROVERSION, 'openstack-api-version': `compute ${NOVA_MICROVERSION}` };
const FLAVOR_DEFAULTS = [['vcpus', 0], ['ram', 0], ['disk', 0], ['ephemeral', 0]] as const;
const byId = (item: Record<string, unknown>): string | undefined => (typeof item['id'] === 'string' ? item['id'] : undefined);

/** Nova's API through an {@link OpenStackSession}. */
export class NovaApi {
  readonly #serviceType: string;
  readonly #ttl: number;
  readonly #now: () => number;
  readonly #pageSize: number | undefined;
  readonly #flavorIds = new Map<string, { id: string | null; at: number }>();

  constructor(private readonly session: OpenStackSession, options: NovaApiOptions = {}) {
    this.#serviceType = options.serviceType ?? 'compute';
    this.#ttl = options.flavorCacheTtlMs ?? 3_600_000;
    this.#now = options.now ?? Date.now;
    this.#pageSize = options.pageSize;
  }

  /**
   * `GET servers/detail?all_tenants=True&host=<host>[&changes-since=<iso>]`, every page, as raw
   * records with the flavor filled in (see the module comment). With `changesSince`, Nova also
   * returns servers deleted since then (`status: DELETED`).
   */
  async serversDetailForHost(host: string, changesSince: string | null, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    const servers = await this.session.list(
      this.#serviceType, 'servers/detail', 'servers',
      { ...(this.#pageSize !== undefined ? { limit: this.#pageSize } : {}), marker: byId },
      { headers: HEADERS, query: { all_tenants: 'True', host, 'changes-since': changesSince }, ...(signal ? { signal } : {}) },
    );
    const flavors = new Map<string, Promise<Record<string, unknown> | null>>();
    for (const server of servers) {
      const ref = server['flavor'] as Record<string, unknown> | undefined;
      const fid = typeof ref?.['id'] === 'string' ? ref['id'] : null;
      if (fid === null) continue;
      let pending = flavors.get(fid);
      if (!pending) {
        pending = this.flavor(fid, signal);
        flavors.set(fid, pending);
      }
      const flavor = await pending;
      const filled: Record<string, unknown> = { ...ref, name: flavor?.['name'] ?? `unknown-id-${fid}` };
      for (const [attr, fallback] of FLAVOR_DEFAULTS) {
        const key = attr === 'ephemeral' ? 'OS-FLV-EXT-DATA:ephemeral' : attr;
        filled[attr] = flavor ? (flavor[key] ?? flavor[attr] ?? fallback) : fallback;
      }
      server['flavor'] = filled;
    }
    return servers;
  }

  /** `GET flavors/<id>`, or null when Nova has no such flavor. */
  async flavor(id: string, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    const res = await this.session.request(this.#serviceType, `flavors/${encodeURIComponent(id)}`, { headers: HEADERS, acceptStatuses: [404], ...(signal ? { signal } : {}) });
    if (res.status === 404) return null;
    const flavor = (res.body as { flavor?: unknown } | null)?.flavor;
    return typeof flavor === 'object' && flavor !== null ? (flavor as Record<string, unknown>) : null;
  }

  /**
   * The id of the flavor named `name` (public and private, as an admin sees them), or null. Kept
   * for `flavorCacheTtlMs`, misses too, so a cycle over many instances costs one listing.
   */
  async flavorIdByName(name: string, signal?: AbortSignal): Promise<string | null> {
    const cached = this.#flavorIds.get(name);
    if (cached && this.#now() - cached.at < this.#ttl) return cached.id;
    const flavors = await this.session.list(this.#serviceType, 'flavors', 'flavors', { marker: byId, ...(this.#pageSize !== undefined ? { limit: this.#pageSize } : {}) }, {
      headers: HEADERS, query: { is_public: 'None' }, ...(signal ? { signal } : {}),
    });
    const at = this.#now();
    for (const f of flavors) if (typeof f['name'] === 'string' && typeof f['id'] === 'string') this.#flavorIds.set(f['name'], { id: f['id'], at });
    const hit = this.#flavorIds.get(name);
    if (hit && hit.at === at) return hit.id;
    this.#flavorIds.set(name, { id: null, at });
    return null;
  }

  /** `GET servers/<id>`, or null on 404. */
  async server(id: string, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    const res = await this.session.request(this.#serviceType, `servers/${encodeURIComponent(id)}`, { headers: HEADERS, acceptStatuses: [404], ...(signal ? { signal } : {}) });
    if (res.status === 404) return null;
    const server = (res.body as { server?: unknown } | null)?.server;
    return typeof server === 'object' && server !== null ? (server as Record<string, unknown>) : null;
  }
}
