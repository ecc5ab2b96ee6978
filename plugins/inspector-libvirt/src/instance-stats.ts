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

type MutableStats = { -readonly [K in keyof InstanceStats]: InstanceStats[K] };

/** Sets `key` when `value` is defined: stats objects carry no undefined fields (as upstream's attributes). */
function put<K extends keyof InstanceStats>(out: MutableStats, key: K, value: InstanceStats[K] | undefined): void {
  if (value !== undefined) out[key] = value;
}

/** Memory meters from `virDomainMemoryStats` (KiB) as upstream converts them (MiB), into `out`. */
function addMemoryFields(out: MutableStats, memory: ReadonlyMap<string, number>): void {
  const available = memory.get('available');
  const usable = memory.get('usable');
  const unused = memory.get('unused');
  const swapIn = memory.get('swap_in');
  const swapOut = memory.get('swap_out');
  const actual = memory.get('actual');
  const rss = memory.get('rss');
  if (actual !== undefined) out.memoryActual = actual / 1024;
  if (available !== undefined) out.memoryAvailable = available / 1024;
  if (usable !== undefined && available !== undefined) out.memoryUsage = (available - usable) / 1024;
  else if (available !== undefined && unused !== undefined) out.memoryUsage = (available - unused) / 1024;
  if (rss !== undefined) out.memoryResident = rss / 1024;
  if (swapIn !== undefined && swapOut !== undefined) {
    out.memorySwapIn = swapIn / 1024;
    out.memorySwapOut = swapOut / 1024;
  }
}

/** Memory meters from `virDomainMemoryStats` (KiB) as upstream converts them (MiB). */
export function memoryFields(memory: ReadonlyMap<string, number>): Partial<InstanceStats> {
  const out: MutableStats = {};
  addMemoryFields(out, memory);
  return out;
}

/** The domain's maximum memory in MiB: `balloon.maximum`, else the XML's `<memory>`. */
export function memoryMax(stats: RawStats, description: DomainDescription): number | undefined {
  const maximum = num(stats, 'balloon.maximum');
  if (maximum !== undefined) return maximum / 1024;
  return description.maxMemoryKiB === null ? undefined : description.maxMemoryKiB / 1024;
}

/** A running (or paused) domain's statistics (built field by field: 500 domains a cycle). */
export function runningInstanceStats(stats: RawStats, memory: ReadonlyMap<string, number>, description: DomainDescription): InstanceStats {
  const out: MutableStats = {};
  put(out, 'powerState', num(stats, 'state.state'));
  put(out, 'cpuNumber', num(stats, 'vcpu.current'));
  put(out, 'cpuTime', cpuTime(stats));
  addMemoryFields(out, memory);
  put(out, 'memoryMax', memoryMax(stats, description));
  put(out, 'cpuCycles', num(stats, 'perf.cpu_cycles'));
  put(out, 'instructions', num(stats, 'perf.instructions'));
  put(out, 'cacheReferences', num(stats, 'perf.cache_references'));
  put(out, 'cacheMisses', num(stats, 'perf.cache_misses'));
  put(out, 'cpuL3CacheUsage', num(stats, 'perf.cmt'));
  put(out, 'memoryBandwidthTotal', num(stats, 'perf.mbmt'));
  put(out, 'memoryBandwidthLocal', num(stats, 'perf.mbml'));
  out.raw = stats;
  return out;
}

/**
 * A shut-off domain with `[compute] report_stopped_instance_metrics`: upstream's power state,
 * vCPU count and maximum memory from `virDomainGetInfo` (here from the domain XML).
 */
export function stoppedInstanceStats(stats: RawStats, description: DomainDescription): InstanceStats {
  const maxMemory = description.maxMemoryKiB === null ? undefined : description.maxMemoryKiB / 1024;
  const out: MutableStats = { powerState: VIR_DOMAIN_SHUTOFF };
  put(out, 'cpuNumber', description.vcpus ?? undefined);
  put(out, 'memoryActual', maxMemory);
  put(out, 'memoryMax', maxMemory);
  out.raw = stats;
  return out;
}
