/**
 * One inspector call per instance and method per cycle, shared by every pollster that needs it
 * (upstream's `_inspect_cached`), with the monotonic time it was made at. A failure is kept too,
 * so fifty pollsters do not retry a vanished domain fifty times.
 */
import type { ComputeInspector, ComputeInstance, PollCycle } from '@ceilometer-ts/sdk';

/** The inspector methods pollsters read. */
export type InspectMethod = 'inspectInstance' | 'inspectVnics' | 'inspectDisks' | 'inspectDiskInfo';

/** What a method returns, as a list (inspectInstance gives one record). */
export type Inspected<M extends InspectMethod> = Awaited<ReturnType<ComputeInspector[M]>>;

/** The settled outcome of one inspection. */
export type Inspection<T> = { readonly ok: true; readonly value: T; readonly time: number } | { readonly ok: false; readonly error: unknown };

/** Inspects `instance` with `method`, once per cycle. */
export function inspectCached<M extends InspectMethod>(
  cycle: PollCycle,
  inspector: ComputeInspector,
  method: M,
  instance: ComputeInstance,
  clock: () => number,
): Promise<Inspection<Inspected<M>>> {
  const key = `pollsters-compute:${method}`;
  let byInstance = cycle.cache.get<Map<string, Promise<Inspection<Inspected<M>>>>>(key);
  if (!byInstance) cycle.cache.set(key, (byInstance = new Map()));
  let inspection = byInstance.get(instance.id);
  if (!inspection) {
    const call = inspector[method].bind(inspector) as (i: ComputeInstance, c: PollCycle) => Promise<Inspected<M>>;
    inspection = call(instance, cycle).then(
      (value): Inspection<Inspected<M>> => ({ ok: true, value, time: clock() }),
      (error: unknown): Inspection<Inspected<M>> => ({ ok: false, error }),
    );
    byInstance.set(instance.id, inspection);
  }
  return inspection;
}
