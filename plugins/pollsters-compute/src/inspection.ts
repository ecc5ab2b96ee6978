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

/**
 * Inspects `instance` with `method`, once per cycle: the settled inspection when an earlier
 * pollster's call has finished (no promise to wait for), else the call in flight.
 */
export function inspectCached<M extends InspectMethod>(
  cycle: PollCycle,
  inspector: ComputeInspector,
  method: M,
  instance: ComputeInstance,
  clock: () => number,
): Inspection<Inspected<M>> | Promise<Inspection<Inspected<M>>> {
  const key = `pollsters-compute:${method}`;
  let byInstance = cycle.cache.get<Map<string, Inspection<Inspected<M>> | Promise<Inspection<Inspected<M>>>>>(key);
  if (!byInstance) cycle.cache.set(key, (byInstance = new Map()));
  const known = byInstance.get(instance.id);
  if (known) return known;
  const table = byInstance;
  const call = inspector[method].bind(inspector) as (i: ComputeInstance, c: PollCycle) => Promise<Inspected<M>>;
  const inspection = call(instance, cycle).then(
    (value): Inspection<Inspected<M>> => settle(table, instance.id, { ok: true, value, time: clock() }),
    (error: unknown): Inspection<Inspected<M>> => settle(table, instance.id, { ok: false, error }),
  );
  byInstance.set(instance.id, inspection);
  return inspection;
}

function settle<T>(table: Map<string, T | Promise<T>>, id: string, inspection: T): T {
  table.set(id, inspection);
  return inspection;
}
