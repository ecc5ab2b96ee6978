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

/** The cycle's inspections by instance id, for one method. */
export type InspectionTable<M extends InspectMethod> = Map<string, Inspection<Inspected<M>> | Promise<Inspection<Inspected<M>>>>;

/** Cache keys, made once: a key built per call is a new string to hash on every lookup. */
const TABLE_KEYS: Readonly<Record<InspectMethod, string>> = {
  inspectInstance: 'pollsters-compute:inspectInstance',
  inspectVnics: 'pollsters-compute:inspectVnics',
  inspectDisks: 'pollsters-compute:inspectDisks',
  inspectDiskInfo: 'pollsters-compute:inspectDiskInfo',
};

/** The cycle's table of `method` inspections (looked up once per pollster run, not per instance). */
export function inspectionTable<M extends InspectMethod>(cycle: PollCycle, method: M): InspectionTable<M> {
  const key = TABLE_KEYS[method];
  let table = cycle.cache.get<InspectionTable<M>>(key);
  if (!table) cycle.cache.set(key, (table = new Map()));
  return table;
}

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
  table: InspectionTable<M> = inspectionTable(cycle, method),
): Inspection<Inspected<M>> | Promise<Inspection<Inspected<M>>> {
  const known = table.get(instance.id);
  if (known) return known;
  const call = inspector[method].bind(inspector) as (i: ComputeInstance, c: PollCycle) => Promise<Inspected<M>>;
  const inspection = call(instance, cycle).then(
    (value): Inspection<Inspected<M>> => settle(table, instance.id, { ok: true, value, time: clock() }),
    (error: unknown): Inspection<Inspected<M>> => settle(table, instance.id, { ok: false, error }),
  );
  table.set(instance.id, inspection);
  return inspection;
}

function settle<T>(table: Map<string, T | Promise<T>>, id: string, inspection: T): T {
  table.set(id, inspection);
  return inspection;
}
