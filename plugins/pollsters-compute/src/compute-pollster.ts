/**
 * The generic compute pollster (upstream's `GenericComputePollster`): for each instance, the
 * inspection shared through the cycle (one inspector call per instance and method per cycle), one
 * sample per stats record (the instance, each vNIC, each disk). Meters are data: a family (which
 * inspection, resource id, extra metadata, monitor filter) and a volume rule (a value read as is,
 * a delta, a rate or a ratio of two counters over consecutive polls).
 */
import {
  InspectorNoDataError,
  InstanceNotFoundError,
  InstanceShutOffError,
  INJECT_TOKENS,
  makeSample,
  PLUGIN_CONTEXT,
  type ComputeInstance,
  type MetadataValue,
  type PluginContext,
  type PollCycle,
  type Pollster,
  type ResourceMetadata,
  type Sample,
  type SampleType,
} from '@ceilometer-ts/sdk';
import { ALLOW_ALL, type MonitorFilter } from '@ceilometer-ts/monitor-hardware';
import { inspectCached, type Inspected, type InspectMethod } from './inspection.js';
import { RateMemory } from './rate-memory.js';
import { ComputeRuntime } from './runtime.js';
import { UnsupportedReporter } from './unsupported.js';

/** Which inspection a meter reads and how its records become resources. */
export interface StatsFamily<M extends InspectMethod, S extends object> {
  readonly method: M;
  /** The records of one inspection (the instance's stats, its vNICs, its disks). */
  items(value: Inspected<M>): readonly S[];
  /** Whether monitor_hardware.yaml's `instance:` section keeps the record (disks and vNICs). */
  keep?(filter: MonitorFilter, stats: S): boolean;
  resourceId(instance: ComputeInstance, stats: S): string;
  /** Keys added to the instance's metadata (`disk_name`, vNIC details); one object per record. */
  extraMetadata?(instance: ComputeInstance, stats: S): Record<string, MetadataValue>;
}

/** How a meter's volume comes from a record. */
export type VolumeRule<S> =
  /** The value as the inspector gives it. */
  | { readonly kind: 'value'; value(stats: S, instance: ComputeInstance): number | undefined }
  /** Change since the previous poll: 0 on the first poll, the value itself after a reset (upstream's vNIC deltas). */
  | { readonly kind: 'delta'; value(stats: S): number | undefined }
  /** Change per second since the previous poll, times `scale`; nothing on the first poll. */
  | { readonly kind: 'rate'; value(stats: S): number | undefined; scale?(stats: S, instance: ComputeInstance): number }
  /** Change of `value` over change of `base`, times `scale` (0 when `base` did not move); nothing on the first poll. */
  | { readonly kind: 'ratio'; value(stats: S): number | undefined; base(stats: S): number | undefined; readonly scale: number };

/** A meter: name, type, unit as upstream, and its volume rule. */
export interface ComputeMeter<S> {
  readonly name: string;
  readonly type: SampleType;
  readonly unit: string;
  readonly volume: VolumeRule<S>;
}

/** A compute pollster class as the registry constructs it (`new Cls(context)`). */
export type ComputePollsterClass = (new (ctx: PluginContext) => Pollster<ComputeInstance>) & { readonly meterName: string };

/** Makes the pollster class of one meter. */
export function computePollster<M extends InspectMethod, S extends object>(family: StatsFamily<M, S>, meter: ComputeMeter<S>): ComputePollsterClass {
  const metadataOf = metadataMaker(family);
  return class GenericComputePollster implements Pollster<ComputeInstance> {
    static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
    static readonly meterName = meter.name;
    readonly defaultDiscovery = 'local_instances';
    readonly #runtime: ComputeRuntime;
    readonly #memory = meter.volume.kind === 'value' ? undefined : new RateMemory();
    readonly #unsupported: UnsupportedReporter;

    constructor(ctx: PluginContext) {
      this.#runtime = ComputeRuntime.of(ctx);
      this.#unsupported = new UnsupportedReporter(meter.name, ctx.logger);
    }

    async *getSamples(cycle: PollCycle, instances: readonly ComputeInstance[]): AsyncIterable<Sample> {
      const runtime = this.#runtime;
      const logger = runtime.logger;
      const inspector = await runtime.inspector();
      const filter = family.keep ? await runtime.instanceFilter() : ALLOW_ALL;
      let records = 0;
      let values = 0;
      let noData: unknown;
      let failure: Error | undefined;
      let skipped: string[] | undefined;
      for (const instance of instances) {
        const inspection = await inspectCached(cycle, inspector, family.method, instance, runtime.clock);
        if (!inspection.ok) {
          const err = inspection.error;
          if (err instanceof InstanceNotFoundError || err instanceof InstanceShutOffError) {
            // Said once per cycle below: a message per instance per meter costs more than the samples.
            (skipped ??= []).push(instance.id);
          } else if (err instanceof InspectorNoDataError) {
            noData = err;
          } else if (cycle.reportResourceFailure) {
            cycle.reportResourceFailure(instance, err);
            logger.debug({ err, instance: instance.id, meter: meter.name }, `${meter.name}: cannot inspect instance ${instance.id}`);
          } else {
            failure ??= err instanceof Error ? err : new Error(String(err));
          }
          continue;
        }
        for (const stats of family.items(inspection.value)) {
          if (family.keep && !family.keep(filter, stats)) continue;
          records++;
          const resourceId = family.resourceId(instance, stats);
          const volume = this.#volume(resourceId, stats, instance, inspection.time);
          if (volume === null) continue;
          values++;
          if (volume === undefined) continue;
          yield makeSample({
            name: meter.name,
            type: meter.type,
            unit: meter.unit,
            volume,
            user_id: instance.userId,
            project_id: instance.tenantId,
            resource_id: resourceId,
            timestamp: cycle.timestamp,
            resource_metadata: metadataOf(runtime, instance, stats),
            monotonic_time: inspection.time,
          });
        }
      }
      if (skipped) logger.debug({ meter: meter.name, instances: skipped }, `${meter.name}: ${skipped.length} instance(s) skipped (shut off or gone)`);
      this.#memory?.prune(runtime.clock());
      if (failure !== undefined) throw failure;
      if (values === 0 && (noData !== undefined || records > 0)) this.#unsupported.report(inspector.name, noData);
    }

    /** null: the inspector gave no value; undefined: a value, but no sample yet (first poll of a rate). */
    #volume(resourceId: string, stats: S, instance: ComputeInstance, time: number): number | null | undefined {
      const rule = meter.volume;
      if (rule.kind === 'value') return rule.value(stats, instance) ?? null;
      const value = rule.value(stats);
      if (value === undefined) return null;
      const memory = this.#memory as RateMemory;
      if (rule.kind === 'delta') return memory.update(resourceId, value, time)?.delta ?? 0;
      if (rule.kind === 'rate') {
        const change = memory.update(resourceId, value, time);
        if (!change || change.seconds <= 0) return undefined;
        return (change.delta / change.seconds) * (rule.scale ? rule.scale(stats, instance) : 1);
      }
      const base = rule.base(stats);
      if (base === undefined) return null;
      const change = memory.update(resourceId, value, time, base);
      if (!change) return undefined;
      return change.baseDelta > 0 ? (change.delta / change.baseDelta) * rule.scale : 0;
    }
  };
}

type MetadataMaker<S> = (runtime: ComputeRuntime, instance: ComputeInstance, stats: S) => ResourceMetadata;
/** One maker per family, so every meter of a family shares the per-record metadata objects. */
const makers = new WeakMap<object, MetadataMaker<never>>();

/** The instance's shared metadata, or one object per record with the family's extra keys. */
function metadataMaker<M extends InspectMethod, S extends object>(family: StatsFamily<M, S>): MetadataMaker<S> {
  let maker = makers.get(family) as MetadataMaker<S> | undefined;
  if (!maker) makers.set(family, (maker = newMetadataMaker(family)) as MetadataMaker<never>);
  return maker;
}

function newMetadataMaker<M extends InspectMethod, S extends object>(family: StatsFamily<M, S>): MetadataMaker<S> {
  const extra = family.extraMetadata;
  if (!extra) return (runtime, instance) => runtime.metadata.of(instance);
  // Records are shared by every pollster of the cycle (one inspection), so their metadata is too.
  const byRecord = new WeakMap<S, { readonly instance: ComputeInstance; readonly metadata: ResourceMetadata }>();
  return (runtime, instance, stats) => {
    const cached = byRecord.get(stats);
    if (cached?.instance === instance) return cached.metadata;
    const metadata = { ...runtime.metadata.of(instance), ...extra(instance, stats) };
    byRecord.set(stats, { instance, metadata });
    return metadata;
  };
}
