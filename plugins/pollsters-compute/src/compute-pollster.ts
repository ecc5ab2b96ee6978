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
import { inspectCached, inspectionTable, type Inspected, type InspectMethod } from './inspection.js';
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
  const recordOf = recordViews(family);
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

    /**
     * An array, not a generator: the agent walks it without a promise per sample. Only the first
     * pollster of a cycle to read an inspection waits for it; the others find it settled.
     */
    async getSamples(cycle: PollCycle, instances: readonly ComputeInstance[]): Promise<Sample[]> {
      const runtime = this.#runtime;
      const inspector = await runtime.inspector();
      const filter = family.keep ? await runtime.instanceFilter() : ALLOW_ALL;
      const samples: Sample[] = [];
      const view = recordOf(runtime, cycle);
      const table = inspectionTable(cycle, family.method);
      let records = 0;
      let values = 0;
      let noData: unknown;
      let failure: Error | undefined;
      let skipped: string[] | undefined;
      for (const instance of instances) {
        const cached = inspectCached(cycle, inspector, family.method, instance, runtime.clock, table);
        const inspection = cached instanceof Promise ? await cached : cached;
        if (!inspection.ok) {
          const err = inspection.error;
          if (err instanceof InstanceNotFoundError || err instanceof InstanceShutOffError) {
            // Said once per cycle below: a message per instance per meter costs more than the samples.
            (skipped ??= []).push(instance.id);
          } else if (err instanceof InspectorNoDataError) {
            noData = err;
          } else if (cycle.reportResourceFailure) {
            cycle.reportResourceFailure(instance, err);
            runtime.logger.debug({ err, instance: instance.id, meter: meter.name }, `${meter.name}: cannot inspect instance ${instance.id}`);
          } else {
            failure ??= err instanceof Error ? err : new Error(String(err));
          }
          continue;
        }
        for (const stats of family.items(inspection.value)) {
          if (family.keep && !family.keep(filter, stats)) continue;
          records++;
          const record = view(instance, stats);
          const volume = this.#volume(record.resourceId, stats, instance, inspection.time);
          if (volume === null) continue;
          values++;
          if (volume === undefined) continue;
          samples.push(
            makeSample({
              name: meter.name,
              type: meter.type,
              unit: meter.unit,
              volume,
              user_id: instance.userId,
              project_id: instance.tenantId,
              resource_id: record.resourceId,
              timestamp: cycle.timestamp,
              resource_metadata: record.metadata,
              monotonic_time: inspection.time,
            }),
          );
        }
      }
      if (skipped) runtime.logger.debug({ meter: meter.name, instances: skipped }, `${meter.name}: ${skipped.length} instance(s) skipped (shut off or gone)`);
      this.#memory?.prune(runtime.clock());
      if (failure !== undefined) throw failure;
      if (values === 0 && (noData !== undefined || records > 0)) this.#unsupported.report(inspector.name, noData);
      return samples;
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

/** What every meter of a family gives a record's samples: its resource id and metadata. */
interface RecordView {
  readonly resourceId: string;
  readonly metadata: ResourceMetadata;
}
type RecordViews<S> = (runtime: ComputeRuntime, cycle: PollCycle) => (instance: ComputeInstance, stats: S) => RecordView;
/** One maker per family, so every meter of a family shares the per-record views. */
const views = new WeakMap<object, RecordViews<never>>();
let families = 0;

function recordViews<M extends InspectMethod, S extends object>(family: StatsFamily<M, S>): RecordViews<S> {
  let maker = views.get(family) as RecordViews<S> | undefined;
  if (!maker) views.set(family, (maker = newRecordViews(family, (families += 1))) as RecordViews<never>);
  return maker;
}

/**
 * The instance's shared metadata, or one object per record with the family's extra keys; the
 * resource id built once per record. Records are shared by every pollster of the cycle (one
 * inspection), so 12 vNIC meters build one id and one metadata object per vNIC, not 12, and 20
 * instance meters look the instance's metadata up once. The views live in the cycle's cache (a Map
 * dropped with the cycle, not a WeakMap: ephemerons cost every GC).
 */
function newRecordViews<M extends InspectMethod, S extends object>(family: StatsFamily<M, S>, id: number): RecordViews<S> {
  const extra = family.extraMetadata;
  const key = `pollsters-compute:views:${id}`;
  return (runtime, cycle) => {
    let byRecord = cycle.cache.get<Map<S, RecordView & { readonly instance: ComputeInstance }>>(key);
    if (!byRecord) cycle.cache.set(key, (byRecord = new Map()));
    const table = byRecord;
    return (instance, stats) => {
      const cached = table.get(stats);
      if (cached?.instance === instance) return cached;
      const shared = runtime.metadata.of(instance);
      const view = { instance, resourceId: family.resourceId(instance, stats), metadata: extra ? { ...shared, ...extra(instance, stats) } : shared };
      table.set(stats, view);
      return view;
    };
  };
}
