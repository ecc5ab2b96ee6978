/**
 * Pollsters of values the instance's description holds (upstream's `InstanceMetadataPollster`):
 * no inspector call, so shut-off instances report them too.
 */
import { INJECT_TOKENS, makeSample, PLUGIN_CONTEXT, type ComputeInstance, type InstanceFlavor, type PluginContext, type PollCycle, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import type { ComputePollsterClass } from './compute-pollster.js';
import { ComputeRuntime } from './runtime.js';

/** Makes the class of a gauge read from the instance's flavor; instances without a flavor are skipped. */
export function instanceMetadataPollster(name: string, unit: string, volume: (flavor: InstanceFlavor) => number): ComputePollsterClass {
  return class InstanceMetadataPollster implements Pollster<ComputeInstance> {
    static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
    static readonly meterName = name;
    readonly defaultDiscovery = 'local_instances';
    readonly #runtime: ComputeRuntime;

    constructor(ctx: PluginContext) {
      this.#runtime = ComputeRuntime.of(ctx);
    }

    getSamples(cycle: PollCycle, instances: readonly ComputeInstance[]): Sample[] {
      const samples: Sample[] = [];
      const time = this.#runtime.clock();
      for (const instance of instances) {
        if (!instance.flavor) continue;
        const value = volume(instance.flavor);
        if (Number.isNaN(value)) continue;
        samples.push(
          makeSample({
            name,
            type: 'gauge',
            unit,
            volume: value,
            user_id: instance.userId,
            project_id: instance.tenantId,
            resource_id: instance.id,
            timestamp: cycle.timestamp,
            resource_metadata: this.#runtime.metadata.of(instance),
            monotonic_time: time,
          }),
        );
      }
      return samples;
    }
  };
}
