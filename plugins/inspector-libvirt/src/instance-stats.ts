/**
 * Upstream's `inspect_instance` arithmetic over libvirt's values: memory stats (KiB) to MiB, memory
 * usage as available − usable (else available − unused), cpu_time as the sum of every vCPU's
 * time + wait when all are present (else `cpu.time`), perf counters as they come.
 */
import type { InstanceStats } from '@ceilometer-ts/sdk';
import type { DomainDescription } from './domain-description.js';
import type { RawStats } from './virsh-parsers.js';

/** libvirt's SHUTOFF state. */
export const VIR_DOMAIN_SHUTOFF = 5;

function num(stats: RawStats, key: string): number | undefined {
  const v = stats.get(key);
  return typeof v === 'number' ? v : undefined;
}

/**
 * `virDomainMemoryStats` keys from the bulk `balloon.*` group (`balloon.current` is `actual`,
 * `last-update` is `last_update`), or undefined when the bulk statistics have no balloon group.
 */
export function memoryStatsFromBulk(stats: RawStats): Map<string, number> | undefined {
  if (!stats.has('balloon.current')) return undefined;
  const out = new Map<string, number>();
  for (const [key, value] of stats) {
    if (!key.startsWith('balloon.') || typeof value !== 'number') continue;
    const name = key.slice('balloon.'.length);
    if (name === 'maximum') continue;
    out.set(name === 'current' ? 'actual' : name.replace(/-/g, '_'), value);
  }
  return out;
}

/** upstream's cpu_time rule (`vcpu.N.time + vcpu.N.wait`; holes fall back to `cpu.time`). */
export function cpuTime(stats: RawStats): number | undefined {
  let total = 0;
  let remaining = num(stats, 'vcpu.current');
  const maximum = num(stats, 'vcpu.maximum') ?? 0;
  for (let i = 0; i < maximum; i++) {
    const time = num(stats, `vcpu.${i}.time`);
    const wait = num(stats, `vcpu.${i}.wait`);
    if (time === undefined || wait === undefined) continue;
    total += time + wait;
    if (remaining !== undefined) remaining -= 1;
  }
  // Python's `if current_cpus:`: None and 0 keep the sum (0 when libvirt gave no vcpu group at all).
  return remaining ? num(stats, 'cpu.time') : total;
}

/** Memory meters from `virDomainMemoryStats` (KiB) as upstream converts them (MiB). */
export function memoryFields(memory: ReadonlyMap<string, number>): Partial<InstanceStats> {
  const mib = (kib: number): number => kib / 1024;
  const get = (k: string): number | undefined => memory.get(k);
  const available = get('available');
  const usable = get('usable');
  const unused = get('unused');
  const swapIn = get('swap_in');
  const swapOut = get('swap_out');
  let usage: number | undefined;
  if (usable !== undefined && available !== undefined) usage = mib(available - usable);
  else if (available !== undefined && unused !== undefined) usage = mib(available - unused);
  const actual = get('actual');
  const rss = get('rss');
  return {
    ...(actual !== undefined && { memoryActual: mib(actual) }),
    ...(available !== undefined && { memoryAvailable: mib(available) }),
    ...(usage !== undefined && { memoryUsage: usage }),
    ...(rss !== undefined && { memoryResident: mib(rss) }),
    ...(swapIn !== undefined && swapOut !== undefined && { memorySwapIn: mib(swapIn), memorySwapOut: mib(swapOut) }),
  };
}

function defined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

/** The domain's maximum memory in MiB: `balloon.maximum`, else the XML's `<memory>`. */
export function memoryMax(stats: RawStats, description: DomainDescription): number | undefined {
  const maximum = num(stats, 'balloon.maximum');
  if (maximum !== undefined) return maximum / 1024;
  return description.maxMemoryKiB === null ? undefined : description.maxMemoryKiB / 1024;
}

/** A running (or paused) domain's statistics. */
export function runningInstanceStats(stats: RawStats, memory: ReadonlyMap<string, number>, description: DomainDescription): InstanceStats {
  return defined<InstanceStats>({
    powerState: num(stats, 'state.state'),
    cpuNumber: num(stats, 'vcpu.current'),
    cpuTime: cpuTime(stats),
    ...memoryFields(memory),
    memoryMax: memoryMax(stats, description),
    cpuCycles: num(stats, 'perf.cpu_cycles'),
    instructions: num(stats, 'perf.instructions'),
    cacheReferences: num(stats, 'perf.cache_references'),
    cacheMisses: num(stats, 'perf.cache_misses'),
    cpuL3CacheUsage: num(stats, 'perf.cmt'),
    memoryBandwidthTotal: num(stats, 'perf.mbmt'),
    memoryBandwidthLocal: num(stats, 'perf.mbml'),
    raw: stats,
  });
}

/**
 * A shut-off domain with `[compute] report_stopped_instance_metrics`: upstream's power state,
 * vCPU count and maximum memory from `virDomainGetInfo` (here from the domain XML).
 */
export function stoppedInstanceStats(stats: RawStats, description: DomainDescription): InstanceStats {
  const maxMemory = description.maxMemoryKiB === null ? undefined : description.maxMemoryKiB / 1024;
  return defined<InstanceStats>({
    powerState: VIR_DOMAIN_SHUTOFF,
    cpuNumber: description.vcpus ?? undefined,
    memoryActual: maxMemory,
    memoryMax: maxMemory,
    raw: stats,
  });
}
