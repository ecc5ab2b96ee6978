/**
 * `local_instances` (upstream's `InstanceDiscovery`): the instances on this compute host, by
 * `[compute] instance_discovery_method`: `libvirt_metadata` (default) from the hypervisor's
 * domains, `naive` and `workload_partitioning` from Nova's API. Group id: `[DEFAULT] host`.
 */
import { COMPUTE_INSPECTOR_SERVICE, INJECT_TOKENS, PLUGIN_CONTEXT, type ComputeInspectorResolver, type ComputeInstance, type Discovery, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { computeSettings, type ComputeSettings } from '../options.js';
import { LibvirtMetadataDiscovery } from './libvirt-metadata.js';
import { NaiveInstanceCache } from './naive.js';
import { novaPortFactory } from './nova-client.js';
import type { NovaPortFactory } from './nova-port.js';

/** Service name under which tests (or a host) may register a NovaPortFactory. */
export const NOVA_PORT_SERVICE = 'pollsters-compute.nova-port';

export class InstanceDiscovery implements Discovery<ComputeInstance> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly groupId: string;
  readonly settings: ComputeSettings;
  readonly #libvirt: LibvirtMetadataDiscovery | undefined;
  readonly #naive: NaiveInstanceCache | undefined;

  constructor(private readonly ctx: PluginContext) {
    this.settings = computeSettings(ctx.config);
    this.groupId = this.settings.host;
    const nova = ctx.services.get<NovaPortFactory>(NOVA_PORT_SERVICE) ?? novaPortFactory(ctx.config, ctx.logger);
    const common = { host: this.settings.host, logger: ctx.logger, nova };
    if (this.settings.discoveryMethod === 'libvirt_metadata') {
      this.#libvirt = new LibvirtMetadataDiscovery({ ...common, fetchExtraMetadata: this.settings.fetchExtraMetadata });
    } else {
      this.#naive = new NaiveInstanceCache({ ...common, resourceUpdateInterval: this.settings.resourceUpdateInterval, resourceCacheExpiry: this.settings.resourceCacheExpiry });
    }
  }

  async discover(cycle: PollCycle): Promise<readonly ComputeInstance[]> {
    if (this.#naive) return this.#naive.instances(cycle.signal);
    const inspector = await this.ctx.services.require<ComputeInspectorResolver>(COMPUTE_INSPECTOR_SERVICE).inspector();
    const domains = await inspector.listDomains(cycle);
    return (this.#libvirt as LibvirtMetadataDiscovery).instances(domains, cycle.signal);
  }
}
