/**
 * The Neutron calls of upstream master's `ceilometer/neutron_client.py`: floating IPs, VPN
 * services, IPsec site connections, FWaaS v2 firewall groups and policies, each every page, as raw
 * records. The catalog's URL may or may not end in the API version (`/v2.0`); both work.
 */
import type { OpenStackSession } from './session.js';

/** Options of {@link NeutronApi}. */
export interface NeutronApiOptions {
  /** Service type (`[service_types] neutron`, default `network`). */
  readonly serviceType?: string;
  /** Page size (default: the server's; Neutron pages only when asked). */
  readonly pageSize?: number;
}

const byId = (item: Record<string, unknown>): string | undefined => (typeof item['id'] === 'string' ? item['id'] : undefined);

/** Neutron's API through an {@link OpenStackSession}. */
export class NeutronApi {
  readonly serviceType: string;
  readonly #pageSize: number | undefined;

  constructor(private readonly session: OpenStackSession, options: NeutronApiOptions = {}) {
    this.serviceType = options.serviceType ?? 'network';
    this.#pageSize = options.pageSize;
  }

  /** `GET /v2.0/floatingips`. */
  floatingIps(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('floatingips', 'floatingips', signal);
  }

  /** `GET /v2.0/vpn/vpnservices`. */
  vpnServices(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('vpn/vpnservices', 'vpnservices', signal);
  }

  /** `GET /v2.0/vpn/ipsec-site-connections`. */
  ipsecSiteConnections(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('vpn/ipsec-site-connections', 'ipsec_site_connections', signal);
  }

  /** `GET /v2.0/fwaas/firewall_groups` (FWaaS v2, as upstream master). */
  firewallGroups(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('fwaas/firewall_groups', 'firewall_groups', signal);
  }

  /** `GET /v2.0/fwaas/firewall_policies`. */
  firewallPolicies(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('fwaas/firewall_policies', 'firewall_policies', signal);
  }

  async #list(resource: string, key: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    const base = await this.session.endpoint(this.serviceType);
    const url = /\/v2\.0$/.test(base) ? `${base}/${resource}` : `${base}/v2.0/${resource}`;
    return this.session.list(
      this.serviceType, url, key,
      { ...(this.#pageSize !== undefined ? { limit: this.#pageSize } : {}), marker: byId },
      signal ? { signal } : {},
    );
  }
}
