/**
 * The Neutron discoveries of upstream master (`ceilometer/network/services/discovery.py`):
 * `fip_services` (floating IPs), `vpn_services`, `ipsec_connections`, `fw_services` (FWaaS v2
 * firewall groups, those in `error` left out) and `fw_policy`. Records are Neutron's, unchanged.
 * Neutron missing from the catalog: one warning, nothing discovered; an API error (an extension
 * not loaded: 404) is logged and nothing is discovered, as upstream's `logged` wrapper does.
 */
import { CatalogGuard, configuredServiceType, NeutronApi, sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { INJECT_TOKENS, GLOBAL_DISCOVERY_GROUP, PLUGIN_CONTEXT, type Discovery, type IdentifiedResource, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';

/** A Neutron record as discovered. */
export type NeutronRecord = IdentifiedResource;

type Listing = (neutron: NeutronApi, signal: AbortSignal) => Promise<Record<string, unknown>[]>;

const isRecord = (r: Record<string, unknown>): r is NeutronRecord => typeof r['id'] === 'string';

/** The common part: one listing through the shared session, guarded by the catalog. */
abstract class NeutronDiscovery implements Discovery<NeutronRecord> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly groupId = GLOBAL_DISCOVERY_GROUP;
  protected abstract readonly what: string;
  protected abstract readonly listing: Listing;
  readonly #guard: CatalogGuard;

  constructor(private readonly ctx: PluginContext) {
    this.#guard = new CatalogGuard(ctx.logger);
  }

  async discover(cycle: PollCycle): Promise<readonly NeutronRecord[]> {
    const session = sharedOpenStackSession(this.ctx);
    if (!session) return [];
    const neutron = new NeutronApi(session, { serviceType: configuredServiceType(this.ctx.config, 'neutron', 'network') });
    try {
      const records = await this.#guard.list(neutron.serviceType, `${this.what} discovery`, () => this.listing(neutron, cycle.signal));
      return this.keep(records.filter(isRecord));
    } catch (err) {
      this.ctx.logger.warn({ err }, `cannot list ${this.what} from Neutron: ${(err as Error).message}`);
      return [];
    }
  }

  protected keep(records: NeutronRecord[]): NeutronRecord[] {
    return records;
  }
}

/** `fip_services`: every floating IP. */
export class FloatingIPDiscovery extends NeutronDiscovery {
  protected readonly what = 'floating IPs';
  protected readonly listing: Listing = (n, s) => n.floatingIps(s);
}

/** `vpn_services`: every VPN service. */
export class VPNServicesDiscovery extends NeutronDiscovery {
  protected readonly what = 'VPN services';
  protected readonly listing: Listing = (n, s) => n.vpnServices(s);
}

/** `ipsec_connections`: every IPsec site connection. */
export class IPSecConnectionsDiscovery extends NeutronDiscovery {
  protected readonly what = 'IPsec site connections';
  protected readonly listing: Listing = (n, s) => n.ipsecSiteConnections(s);
}

/** `fw_services`: firewall groups not in `error`. */
export class FirewallDiscovery extends NeutronDiscovery {
  protected readonly what = 'firewall groups';
  protected readonly listing: Listing = (n, s) => n.firewallGroups(s);
  protected override keep(records: NeutronRecord[]): NeutronRecord[] {
    return records.filter((r) => r['status'] !== 'error');
  }
}

/** `fw_policy`: every firewall policy. */
export class FirewallPolicyDiscovery extends NeutronDiscovery {
  protected readonly what = 'firewall policies';
  protected readonly listing: Listing = (n, s) => n.firewallPolicies(s);
}
