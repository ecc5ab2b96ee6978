/**
 * Options of the compute pollsters and discoveries: `[DEFAULT] hypervisor_inspector` and upstream
 * master's `[compute]` group (`ceilometer/compute/discovery.py`), plus `[hardware] monitor_file`
 * for the `instance:` section of monitor_hardware.yaml.
 */
import { MONITOR_FILE_OPTION, monitorFileName } from '@ceilometer-ts/monitor-hardware';
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

/** Instance discovery methods upstream accepts (`workload_partitioning` polls Nova as `naive` does). */
export const INSTANCE_DISCOVERY_METHODS = ['naive', 'workload_partitioning', 'libvirt_metadata'] as const;
export type InstanceDiscoveryMethod = (typeof INSTANCE_DISCOVERY_METHODS)[number];

/** What this package's `oslo.config.opts` entry point exports. */
export const computeOptions: OptionList = [
  {
    group: 'DEFAULT',
    name: 'hypervisor_inspector',
    type: 'string',
    default: 'libvirt',
    help: 'Inspector to use for inspecting the hypervisor layer: an entry point of ceilometer.compute.virt (upstream knows only libvirt).',
  },
  {
    group: 'compute',
    name: 'instance_discovery_method',
    type: 'string',
    default: 'libvirt_metadata',
    choices: INSTANCE_DISCOVERY_METHODS,
    help:
      'Ceilometer offers many methods to discover the instance running on a compute node: naive (poll nova to get all instances), ' +
      'workload_partitioning (poll nova to get instances of the compute), libvirt_metadata (get instances from libvirt metadata ' +
      'but without instance metadata, recommended).',
  },
  {
    group: 'compute',
    name: 'resource_update_interval',
    type: 'integer',
    default: 0,
    min: 0,
    help:
      'New instances will be discovered periodically based on this option (in seconds). By default, the agent discovers instances ' +
      'according to pipeline polling interval. If option is greater than 0, the instance list to poll will be updated based on this ' +
      "option's interval. Only used when 'instance_discovery_method' is 'naive'.",
  },
  {
    group: 'compute',
    name: 'resource_cache_expiry',
    type: 'integer',
    default: 3600,
    min: 0,
    help:
      'The expiry to totally refresh the instances resource cache, since the instance may be migrated to another host. The minimum ' +
      "should be the value of resource_update_interval. Only used when 'instance_discovery_method' is 'naive'.",
  },
  {
    group: 'compute',
    name: 'report_stopped_instance_metrics',
    type: 'boolean',
    default: false,
    help:
      'Report a minimal set of metrics (power.state, vcpus, memory, disk.device.capacity, disk.device.usage) for stopped (SHUTOFF) ' +
      "instances. Only works with the 'libvirt_metadata' instance discovery method.",
  },
  {
    group: 'compute',
    name: 'fetch_extra_metadata',
    type: 'boolean',
    default: false,
    help:
      'Whether or not additional instance attributes that require Nova API queries should be fetched (server metadata, used for ' +
      'user_metadata). Needs [service_credentials].',
  },
  MONITOR_FILE_OPTION,
];

/** The options as code uses them. */
export interface ComputeSettings {
  /** `[DEFAULT] host`: the compute host name, the discoveries' group id. */
  readonly host: string;
  readonly discoveryMethod: InstanceDiscoveryMethod;
  /** Seconds. */
  readonly resourceUpdateInterval: number;
  /** Seconds. */
  readonly resourceCacheExpiry: number;
  readonly fetchExtraMetadata: boolean;
  readonly monitorFile: string;
}

function read<T>(config: ConfigView, group: string, name: string, fallback: T): T {
  if (!config.has(group, name)) return fallback;
  return config.get<T | undefined | null>(group, name) ?? fallback;
}

/** Reads the settings; options not declared (tests without the declarations) take their defaults. */
export function computeSettings(config: ConfigView): ComputeSettings {
  const method = read<string>(config, 'compute', 'instance_discovery_method', 'libvirt_metadata');
  return {
    host: read(config, 'DEFAULT', 'host', ''),
    discoveryMethod: (INSTANCE_DISCOVERY_METHODS as readonly string[]).includes(method) ? (method as InstanceDiscoveryMethod) : 'libvirt_metadata',
    resourceUpdateInterval: read(config, 'compute', 'resource_update_interval', 0),
    resourceCacheExpiry: read(config, 'compute', 'resource_cache_expiry', 3600),
    fetchExtraMetadata: read(config, 'compute', 'fetch_extra_metadata', false),
    monitorFile: monitorFileName(config),
  };
}
