/**
 * The Discovery contract (upstream's `plugin_base.DiscoveryBase`).
 */
import type { PollCycle } from './poll-cycle.js';

/** A `ceilometer.discover.<ns>` entry point: finds the resources pollsters poll. */
export interface Discovery<R = unknown> {
  /** Partitioning group; null opts out of workload partitioning. */
  readonly groupId: string | null;
  /** Resources to poll; `param` is what follows `name:` in polling.yaml's `discovery` list. */
  discover(cycle: PollCycle, param?: string): Promise<readonly R[]>;
}
