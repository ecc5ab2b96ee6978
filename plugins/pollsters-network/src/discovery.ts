/**
 * The Neutron discoveries of upstream master (`ceilometer/network/services/discovery.py`):
 * `fip_services` (floating IPs), `vpn_services`, `ipsec_connections`, `fw_services` (FWaaS v2
 * firewall groups, those in `error` left out) and `fw_policy`. Records are Neutron's, unchanged.
 * Neutron missing from the catalog: one warning, nothing discovered; an API error (an extension
 * not loaded: 404) is logged and nothing is discovered, as upstream's `logged` wrapper does.
 */
import { configuredServiceType, ListingDiscovery, NeutronApi, type OpenStackSession } from '@ceilometer-ts/openstack-client';
import type { IdentifiedResource } from '@ceilometer-ts/sdk';

/** A Neutron record as discovered. */
export type NeutronRecord = IdentifiedResource;

/** The common part: a failed listing is logged and discovers nothing (upstream's `logged` wrapper). */
abstract class NeutronDiscovery extends ListingDiscovery<NeutronApi> {
  protected api(session: OpenStackSession): NeutronApi {
    return new NeutronApi(session, { serviceType: configuredServiceType(this.ctx.config, 'neutron', 'network') });
  }

  protected override onListingError(err: unknown): readonly NeutronRecord[] {
    this.ctx.logger.warn({ err }, `cannot list ${this.what} from Neutron: ${(err as Error).message}`);
    return [];
  }
}

/** `fip_services`: every floating IP. */
export class FloatingIPDiscovery extends NeutronDiscovery {
  protected readonly what = 'floating IPs';
  protected list(neutron: NeutronApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return neutron.floatingIps(signal);
  }
}

/** `vpn_services`: every VPN service. */
export class VPNServicesDiscovery extends NeutronDiscovery {
  protected readonly what = 'VPN services';
  protected list(neutron: NeutronApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return neutron.vpnServices(signal);
  }
}

/** `ipsec_connections`: every IPsec site connection. */
export class IPSecConnectionsDiscovery extends NeutronDiscovery {
  protected readonly what = 'IPsec site connections';
  protected list(neutron: NeutronApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return neutron.ipsecSiteConnections(signal);
  }
}

/** `fw_services`: firewall groups not in `error`. */
export class FirewallDiscovery extends NeutronDiscovery {
  protected readonly what = 'firewall groups';
  protected list(neutron: NeutronApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return neutron.firewallGroups(signal);
  }
  protected override identify(records: readonly Record<string, unknown>[]): NeutronRecord[] {
    return super.identify(records).filter((r) => r['status'] !== 'error');
  }
}

/** `fw_policy`: every firewall policy. */
export class FirewallPolicyDiscovery extends NeutronDiscovery {
  protected readonly what = 'firewall policies';
  protected list(neutron: NeutronApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return neutron.firewallPolicies(signal);
  }
}
