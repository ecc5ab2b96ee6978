/**
 * The coordination groups a polling plan needs (upstream's `join_partitioning_groups`): one per
 * discovery group id and one per set of static resources, under a prefix made of the sorted
 * namespaces and `[polling] partitioning_group_prefix`. Agents that share a group split its
 * resources with the hash ring; agents in different groups never meet. A static set's group is named
 * by `stableGroupId` (a digest of the sorted set, the same in every process): upstream's
 * `hash(frozenset(...))` is salted per Python process, so its agents each polled every resource.
 */
import { stableGroupId } from '@ceilometer-ts/coordination';
import { parseDiscoveryUrl } from './discoverer.js';
import type { DiscoveryEntry } from './plugins.js';
import type { PollingPlan } from './task-plan.js';

/** `central-compute` or `central-compute-PREFIX` (upstream's `group_prefix`). */
export function partitionGroupPrefix(namespaces: readonly string[], partitioningGroupPrefix?: string): string {
  const base = [...namespaces].sort().join('-');
  return partitioningGroupPrefix ? `${base}-${partitioningGroupPrefix}` : base;
}

/** Group names of one plan, and which group each of its discoveries and static sets uses. */
export interface PartitionGroups {
  readonly prefix: string;
  /** Every group to join, sorted. */
  readonly all: readonly string[];
  /** Discovery name → group (only discoveries with a group id: the others are not partitioned). */
  readonly byDiscovery: ReadonlyMap<string, string>;
  /** Source name → the group of its static resources (sources that list some). */
  readonly bySource: ReadonlyMap<string, string>;
}

/**
 * The groups `plan` needs: the discoveries its sources name or its pollsters fall back to (those
 * with a non-null `groupId`), and its sources' static resource lists. Only what the plan uses is
 * joined: an agent in a group it does not poll would be given resources nobody polls.
 */
export function planPartitionGroups(plan: PollingPlan, discoveries: readonly DiscoveryEntry[], prefix: string): PartitionGroups {
  const entries = new Map(discoveries.map((d) => [d.name, d]));
  const byDiscovery = new Map<string, string>();
  const bySource = new Map<string, string>();
  const addDiscovery = (name: string): void => {
    const groupId = entries.get(name)?.discovery.groupId;
    if (groupId !== undefined && groupId !== null) byDiscovery.set(name, `${prefix}-${groupId}`);
  };
  for (const task of plan.tasks) {
    for (const { source, pollsters } of task.sources) {
      for (const url of source.discovery) addDiscovery(parseDiscoveryUrl(url).name);
      for (const p of pollsters) if (p.pollster.defaultDiscovery) addDiscovery(parseDiscoveryUrl(p.pollster.defaultDiscovery).name);
      if (source.resources.length > 0) bySource.set(source.name, `${prefix}-resources-${stableGroupId(source.resources)}`);
    }
  }
  const all = [...new Set([...byDiscovery.values(), ...bySource.values()])].sort();
  return { prefix, all, byDiscovery, bySource };
}
