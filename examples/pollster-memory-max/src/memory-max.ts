/**
 * `memory.max`: the maximum memory of each instance's domain (libvirt's `<memory>`, what the
 * balloon can grow to), gauge, MB, resource id = instance id. A compute pollster written against
 * the sdk's inspector contract only: it asks the agent's hypervisor inspector (`[DEFAULT]
 * hypervisor_inspector`, loaded by the agent) for `InstanceStats.memoryMax`, which the libvirt
 * inspector reads in its one bulk statistics call per cycle, shared with every other compute meter.
 * When the statistics have no maximum (libvirt's test driver gives only `state.*`), it falls back to
 * the domain's `<memory>` from the inspector's domain list, also read once per cycle.
 */
import {
  COMPUTE_INSPECTOR_SERVICE,
  ExtensionLoadError,
  InspectorNoDataError,
  InstanceNotFoundError,
  InstanceShutOffError,
  PLUGIN_CONTEXT,
  inject,
  injectable,
  makeSample,
  reservedMetadataOptions,
  type ComputeInspector,
  type ComputeInspectorResolver,
  type ComputeInstance,
  type PluginContext,
  type PollCycle,
  type Pollster,
  type ReservedMetadataOptions,
  type Sample,
} from '@ceilometer-ts/sdk';
import { instanceMetadata } from './instance-metadata.js';

/** The meter this package adds. */
export const METER = 'memory.max';

@injectable()
export class MemoryMaxPollster implements Pollster<ComputeInstance> {
  /** The instances running on this host, as every compute pollster (`ceilometer.discover.compute`). */
  readonly defaultDiscovery = 'local_instances';
  /** Set once the inspector has said it cannot give this data: said once, then nothing is polled. */
  #unsupported = false;
  /** `[DEFAULT] reserved_metadata_*`: which server metadata goes into `user_metadata`. */
  readonly #reserved: ReservedMetadataOptions;

  constructor(@inject(PLUGIN_CONTEXT) private readonly ctx: PluginContext) {
    this.#reserved = reservedMetadataOptions(ctx.config);
  }

  /** Skipped quietly (as upstream skips compute pollsters off a compute node) in an agent without compute support. */
  async setup(): Promise<void> {
    if (!this.ctx.services.get<ComputeInspectorResolver>(COMPUTE_INSPECTOR_SERVICE)) {
      throw new ExtensionLoadError(`no "${COMPUTE_INSPECTOR_SERVICE}" service in this agent: ${METER} needs a hypervisor inspector`);
    }
  }

  async *getSamples(cycle: PollCycle, instances: readonly ComputeInstance[]): AsyncIterable<Sample> {
    if (this.#unsupported || instances.length === 0) return;
    // Loaded once by the agent and shared; a failed load rejects here and is retried next cycle.
    const inspector = await this.ctx.services.require<ComputeInspectorResolver>(COMPUTE_INSPECTOR_SERVICE).inspector();
    for (const instance of instances) {
      let maxMiB: number | undefined;
      try {
        maxMiB = (await inspector.inspectInstance(instance, cycle)).memoryMax ?? (await domainMaxMemoryMiB(inspector, instance, cycle));
      } catch (err) {
        // Gone or stopped since discovery: nothing to measure, as upstream (debug).
        if (err instanceof InstanceNotFoundError || err instanceof InstanceShutOffError) {
          this.ctx.logger.debug({ instance: instance.id, err }, `${METER}: instance ${instance.id} skipped: ${err.message}`);
          continue;
        }
        if (err instanceof InspectorNoDataError) {
          this.#unsupported = true;
          this.ctx.logger.warn({ inspector: inspector.name, err }, `${METER} is not supported by the ${inspector.name} inspector (${err.message}); not polled again until restart`);
          return;
        }
        // The hypervisor could not be read (connection lost, timeout): the agent logs it for the cycle.
        throw err;
      }
      if (maxMiB === undefined) {
        this.ctx.logger.debug({ instance: instance.id }, `${METER}: no maximum memory for instance ${instance.id}`);
        continue;
      }
      yield makeSample({
        name: METER,
        type: 'gauge',
        unit: 'MB',
        volume: maxMiB,
        user_id: instance.userId,
        project_id: instance.tenantId,
        resource_id: instance.id,
        timestamp: cycle.timestamp,
        resource_metadata: instanceMetadata(instance, this.#reserved),
      });
    }
  }
}

/** The domain's `<memory>` (KiB) in MiB, from the inspector's domain list; undefined when unknown. */
async function domainMaxMemoryMiB(inspector: ComputeInspector, instance: ComputeInstance, cycle: PollCycle): Promise<number | undefined> {
  const domain = (await inspector.listDomains(cycle)).find((d) => d.uuid === instance.id);
  return domain?.maxMemoryKiB == null ? undefined : domain.maxMemoryKiB / 1024;
}
