/**
 * `ip.floating` (upstream master's `FloatingIPPollster`): one gauge per floating IP, volume the
 * status number (-1, with a warning, for an unknown or absent status), unit `ip`, resource the
 * floating IP's id, project its `tenant_id` (`project_id` when Neutron sends only that).
 */
import { INJECT_TOKENS, PLUGIN_CONTEXT, makeSample, type MetadataValue, type PluginContext, type PollCycle, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import type { NeutronRecord } from './discovery.js';
import { statusId } from './status.js';

const FIELDS = ['router_id', 'status', 'floating_network_id', 'fixed_ip_address', 'port_id', 'floating_ip_address'] as const;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export class FloatingIPPollster implements Pollster<NeutronRecord> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly defaultDiscovery = 'fip_services';

  constructor(private readonly ctx: PluginContext) {}

  *getSamples(cycle: PollCycle, resources: readonly NeutronRecord[]): Iterable<Sample> {
    for (const fip of resources) {
      const status = statusId(fip['status']);
      if (status === -1) {
        this.ctx.logger.warn(`Unknown status ${String(fip['status'])} for floating IP address ${String(fip['floating_ip_address'])} (${fip.id}), setting volume to -1`);
      }
      const metadata: Record<string, MetadataValue> = {};
      for (const field of FIELDS) metadata[field] = (fip[field] ?? null) as MetadataValue;
      yield makeSample({
        name: 'ip.floating',
        type: 'gauge',
        unit: 'ip',
        volume: status,
        user_id: str(fip['user_id']),
        project_id: str(fip['tenant_id'] ?? fip['project_id']),
        resource_id: fip.id,
        timestamp: cycle.timestamp,
        resource_metadata: metadata,
      });
    }
  }
}
