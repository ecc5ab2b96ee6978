/**
 * The Discovery contract (upstream's `plugin_base.DiscoveryBase`).
 */
import type { PollCycle } from './poll-cycle.js';

/**
 * The group of a discovery whose resources are the same wherever it runs (Neutron's floating IPs,
 * Keystone's projects, the catalog's endpoints): upstream's `DiscoveryBase.group_id` default. Agents
 * sharing `[coordination] backend_url` split such resources between them; `null` would make every
 * agent poll all of them.
 */
export const GLOBAL_DISCOVERY_GROUP = 'global';

/** A `ceilometer.discover.<ns>` entry point: finds the resources pollsters poll. */
export interface Discovery<R = unknown> {
  /** Partitioning group; null opts out of workload partitioning (upstream's `None`); see {@link GLOBAL_DISCOVERY_GROUP}. */
  readonly groupId: string | null;
  /** Resources to poll; `param` is what follows `name:` in polling.yaml's `discovery` list. */
  discover(cycle: PollCycle, param?: string): Promise<readonly R[]>;
}
