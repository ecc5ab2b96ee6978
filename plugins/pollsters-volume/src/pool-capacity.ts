/**
 * `volume.provider.pool.capacity.{total,free,allocated,provisioned,virtual_free}` (upstream
 * master's `VolumeProviderPoolCapacity*`): one gauge per scheduler pool, in GiB, resource the
 * pool's name (`host@backend#pool`), no user or project, metadata `{pool_name}`. `provisioned` and
 * `virtual_free` only for pools reporting a non-zero `provisioned_capacity_gb`, as upstream.
 * `virtual_free` = ratio × (total − ⌊reserved% × total⌋) − provisioned, the ratio being
 * `max_over_subscription_ratio` for thin-provisioning pools, else 1.
 * Cinder reports `"infinite"` / `"unknown"` for some backends: such a pool has no sample for that
 * meter (upstream would publish the string), said once per pool and meter.
 */
import { makeSample, type Logger, type PollCycle, type Pollster, type Sample, INJECT_TOKENS, PLUGIN_CONTEXT, type PluginContext } from '@ceilometer-ts/sdk';
import type { CinderRecord } from './discovery.js';
import { capacity, stringOrNull } from './record-metadata.js';

/** The value of one meter for one pool: a number, undefined for "no sample", or a reason it has none. */
type PoolValue = number | undefined | { readonly unusable: string };

function provisioned(pool: CinderRecord): number | undefined {
  const value = capacity(pool['provisioned_capacity_gb']);
  return value ? value : undefined;
}

/** `virtual_free` of a pool, as upstream computes it. */
export function virtualFree(pool: CinderRecord): PoolValue {
  const used = provisioned(pool);
  if (used === undefined) return undefined;
  const total = capacity(pool['total_capacity_gb']);
  const reserved = capacity(pool['reserved_percentage']) ?? 0;
  const ratio = pool['thin_provisioning_support'] === true ? capacity(pool['max_over_subscription_ratio']) : 1;
  if (total === undefined) return { unusable: `total_capacity_gb ${String(pool['total_capacity_gb'])}` };
  if (ratio === undefined) return { unusable: `max_over_subscription_ratio ${String(pool['max_over_subscription_ratio'])}` };
  return ratio * (total - Math.floor((reserved / 100) * total)) - used;
}

function field(name: string): (pool: CinderRecord) => PoolValue {
  return (pool) => capacity(pool[name]) ?? { unusable: `${name} ${String(pool[name])}` };
}

abstract class PoolCapacityPollster implements Pollster<CinderRecord> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly defaultDiscovery = 'volume_pools';
  protected abstract readonly meter: string;
  protected abstract value(pool: CinderRecord): PoolValue;
  readonly #said = new Set<string>();
  readonly #logger: Logger | undefined;

  constructor(ctx?: PluginContext) {
    this.#logger = ctx?.logger;
  }

  *getSamples(cycle: PollCycle, resources: readonly CinderRecord[]): Iterable<Sample> {
    for (const pool of resources) {
      const value = this.value(pool);
      if (value === undefined) continue;
      if (typeof value !== 'number') {
        this.#unusable(pool.id, value.unusable);
        continue;
      }
      yield makeSample({
        name: this.meter,
        type: 'gauge',
        unit: 'GiB',
        volume: value,
        user_id: null,
        project_id: null,
        resource_id: pool.id,
        timestamp: cycle.timestamp,
        resource_metadata: { pool_name: stringOrNull(pool['pool_name']) },
      });
    }
  }

  #unusable(pool: string, why: string): void {
    if (this.#said.has(pool)) return;
    this.#said.add(pool);
    this.#logger?.warn(`${this.meter}: pool ${pool} reports ${why}, not a number: no sample (said once per pool)`);
  }
}

export class VolumeProviderPoolCapacityTotal extends PoolCapacityPollster {
  protected readonly meter = 'volume.provider.pool.capacity.total';
  protected value = field('total_capacity_gb');
}

export class VolumeProviderPoolCapacityFree extends PoolCapacityPollster {
  protected readonly meter = 'volume.provider.pool.capacity.free';
  protected value = field('free_capacity_gb');
}

export class VolumeProviderPoolCapacityAllocated extends PoolCapacityPollster {
  protected readonly meter = 'volume.provider.pool.capacity.allocated';
  protected value = field('allocated_capacity_gb');
}

export class VolumeProviderPoolCapacityProvisioned extends PoolCapacityPollster {
  protected readonly meter = 'volume.provider.pool.capacity.provisioned';
  protected value = provisioned;
}

export class VolumeProviderPoolCapacityVirtualFree extends PoolCapacityPollster {
  protected readonly meter = 'volume.provider.pool.capacity.virtual_free';
  protected value = virtualFree;
}
