/**
 * The Neutron service pollsters of upstream master (`ceilometer/network/services/vpnaas.py`,
 * `fwaas.py`): `network.services.vpn`, `network.services.vpn.connections`,
 * `network.services.firewall` and `network.services.firewall.policy`, one gauge per record of
 * their discovery. Upstream reads openstacksdk records (`to_dict()`), so its metadata keys are
 * openstacksdk's attribute names: `is_admin_state_up` is Neutron's `admin_state_up`, and a field
 * Neutron leaves out is null, as in openstacksdk's dict.
 */
import { INJECT_TOKENS, PLUGIN_CONTEXT, makeSample, type MetadataValue, type PluginContext, type PollCycle, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import type { NeutronRecord } from './discovery.js';
import { statusId } from './status.js';

/** openstacksdk attribute names that differ from Neutron's JSON keys. */
const API_KEY: Readonly<Record<string, string>> = { is_admin_state_up: 'admin_state_up' };

interface ServiceMeter {
  readonly name: string;
  readonly unit: string;
  readonly discovery: string;
  /** Metadata keys, upstream's FIELDS (openstacksdk names). */
  readonly fields: readonly string[];
  /** The status number as volume (with upstream's warning for an unknown one), else 1. */
  readonly statusOf?: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

abstract class NeutronServicePollster implements Pollster<NeutronRecord> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  protected abstract readonly meter: ServiceMeter;

  constructor(private readonly ctx: PluginContext) {}

  get defaultDiscovery(): string {
    return this.meter.discovery;
  }

  *getSamples(cycle: PollCycle, resources: readonly NeutronRecord[]): Iterable<Sample> {
    const { name, unit, fields, statusOf } = this.meter;
    for (const record of resources) {
      let volume = 1;
      if (statusOf !== undefined) {
        volume = statusId(record['status']);
        if (volume === -1) {
          this.ctx.logger.warn(`Unknown status ${String(record['status'])} for ${statusOf} ${String(record['name'])} (${record.id}), setting volume to -1`);
        }
      }
      const metadata: Record<string, MetadataValue> = {};
      for (const field of fields) metadata[field] = (record[API_KEY[field] ?? field] ?? null) as MetadataValue;
      yield makeSample({
        name,
        type: 'gauge',
        unit,
        volume,
        user_id: null,
        project_id: str(record['project_id']) ?? str(record['tenant_id']),
        resource_id: record.id,
        timestamp: cycle.timestamp,
        resource_metadata: metadata,
      });
    }
  }
}

/** `network.services.vpn`: a VPN service's status. */
export class VPNServicesPollster extends NeutronServicePollster {
  protected readonly meter: ServiceMeter = {
    name: 'network.services.vpn',
    unit: 'vpnservice',
    discovery: 'vpn_services',
    fields: ['is_admin_state_up', 'description', 'name', 'status', 'subnet_id', 'router_id', 'flavor_id', 'external_v4_ip', 'external_v6_ip'],
    statusOf: 'VPN',
  };
}

/** `network.services.vpn.connections`: 1 per IPsec site connection. */
export class IPSecConnectionsPollster extends NeutronServicePollster {
  protected readonly meter: ServiceMeter = {
    name: 'network.services.vpn.connections',
    unit: 'ipsec_site_connection',
    discovery: 'ipsec_connections',
    fields: ['name', 'description', 'peer_address', 'peer_id', 'peer_cidrs', 'peer_ep_group_id', 'psk', 'initiator', 'ikepolicy_id', 'ipsecpolicy_id', 'vpnservice_id', 'mtu', 'is_admin_state_up', 'status', 'project_id'],
  };
}

/** `network.services.firewall`: a firewall group's status (FWaaS v2). */
export class FirewallPollster extends NeutronServicePollster {
  protected readonly meter: ServiceMeter = {
    name: 'network.services.firewall',
    unit: 'firewall',
    discovery: 'fw_services',
    fields: ['admin_state_up', 'description', 'name', 'status', 'ingress_firewall_policy_id', 'egress_firewall_policy_id'],
    statusOf: 'firewall',
  };
}

/** `network.services.firewall.policy`: 1 per firewall policy. */
export class FirewallPolicyPollster extends NeutronServicePollster {
  protected readonly meter: ServiceMeter = {
    name: 'network.services.firewall.policy',
    unit: 'firewall_policy',
    discovery: 'fw_policy',
    fields: ['name', 'description', 'firewall_rules', 'shared', 'audited'],
  };
}
