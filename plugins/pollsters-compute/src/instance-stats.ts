/**
 * Meters of the instance's own statistics (upstream's `instance_stats.py`, master's names and
 * units; 19.0's `cpu_util`, `cpu_l3_cache` and `memory.bandwidth.*`), plus the seed deployment's
 * `memory.util`.
 */
import type { InstanceStats } from '@ceilometer-ts/sdk';
import { computePollster } from './compute-pollster.js';
import { INSTANCE, INSTANCE_CPU } from './families.js';

const gauge = (name: string, unit: string, value: (s: InstanceStats) => number | undefined) =>
  computePollster(INSTANCE, { name, type: 'gauge', unit, volume: { kind: 'value', value } });
const cumulative = (name: string, unit: string, value: (s: InstanceStats) => number | undefined) =>
  computePollster(INSTANCE, { name, type: 'cumulative', unit, volume: { kind: 'value', value } });

export const PowerStatePollster = gauge('power.state', '', (s) => s.powerState);
export const CPUPollster = computePollster(INSTANCE_CPU, { name: 'cpu', type: 'cumulative', unit: 'ns', volume: { kind: 'value', value: (s) => s.cpuTime } });
/**
 * `cpu_util`: CPU time used over wall time, in percent of the instance's vCPUs, from two
 * consecutive polls (upstream 19.0 left it to an inspector that never gave it on libvirt; the
 * pipeline's old rate_of_change transformer computed it the same way).
 */
export const CPUUtilPollster = computePollster(INSTANCE, {
  name: 'cpu_util',
  type: 'gauge',
  unit: '%',
  volume: { kind: 'rate', value: (s) => s.cpuTime, scale: (s) => 100 / (1e9 * (s.cpuNumber || 1)) },
});
export const VCPUsPollster = gauge('vcpus', 'vcpu', (s) => s.cpuNumber);
export const MemoryPollster = gauge('memory', 'MiB', (s) => s.memoryActual);
export const MemoryAvailablePollster = gauge('memory.available', 'MiB', (s) => s.memoryAvailable);
export const MemoryUsagePollster = gauge('memory.usage', 'MiB', (s) => s.memoryUsage);
export const MemoryResidentPollster = gauge('memory.resident', 'MiB', (s) => s.memoryResident);
export const MemorySwapInPollster = cumulative('memory.swap.in', 'MiB', (s) => s.memorySwapIn);
export const MemorySwapOutPollster = cumulative('memory.swap.out', 'MiB', (s) => s.memorySwapOut);
/** `memory.util` (the seed deployment's): memory.usage as a percentage of the flavor's RAM. */
export const MemoryUtilPollster = computePollster(INSTANCE, {
  name: 'memory.util',
  type: 'gauge',
  unit: '%',
  volume: {
    kind: 'value',
    value: (s, instance) => {
      const ram = Number(instance.flavor?.ram);
      return s.memoryUsage === undefined || !(ram > 0) ? undefined : (s.memoryUsage / ram) * 100;
    },
  },
});
export const PerfCPUCyclesPollster = gauge('perf.cpu.cycles', '', (s) => s.cpuCycles);
export const PerfInstructionsPollster = gauge('perf.instructions', '', (s) => s.instructions);
export const PerfCacheReferencesPollster = gauge('perf.cache.references', '', (s) => s.cacheReferences);
export const PerfCacheMissesPollster = gauge('perf.cache.misses', '', (s) => s.cacheMisses);
export const MemoryBandwidthTotalPollster = gauge('memory.bandwidth.total', 'B/s', (s) => s.memoryBandwidthTotal);
export const MemoryBandwidthLocalPollster = gauge('memory.bandwidth.local', 'B/s', (s) => s.memoryBandwidthLocal);
export const CPUL3CachePollster = gauge('cpu_l3_cache', 'B', (s) => s.cpuL3CacheUsage);
