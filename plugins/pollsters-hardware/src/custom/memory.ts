/**
 * custom.hardware.memory.* and custom.hardware.swap.*: UCD-SNMP-MIB memory scalars (KiB, which
 * upstream labels KB), read once per poll.
 *   used = memTotalReal − memAvailReal − memBuffer − memCached   (free(1)'s "used", never below 0)
 *   memory.utilization = 100 · used / total
 *   swap.utilization = total > 0 ? 100 · (memTotalSwap − memAvailSwap) / memTotalSwap : 0
 */
import type { Sample } from '@ceilometer-ts/sdk';
import { hostSample } from '../hardware-pollster.js';
import { numericValue, type HostValues } from '../host-values.js';
import type { CustomMeter, CustomMeterInput } from './custom-meter.js';
import { MEM_AVAIL_REAL, MEM_AVAIL_SWAP, MEM_BUFFER, MEM_CACHED, MEM_TOTAL_REAL, MEM_TOTAL_SWAP } from './oids.js';

const REQUEST = { scalars: [MEM_TOTAL_REAL, MEM_AVAIL_REAL, MEM_BUFFER, MEM_CACHED, MEM_TOTAL_SWAP, MEM_AVAIL_SWAP], subtrees: [] };

const num = (values: HostValues, oid: string): number | undefined => {
  const v = numericValue(values.get(oid));
  return v === undefined ? undefined : Number(v);
};

/** free(1)'s used memory in KiB, undefined when the agent lacks a figure. */
export function usedMemory(values: HostValues): number | undefined {
  const [total, avail, buffer, cached] = [MEM_TOTAL_REAL, MEM_AVAIL_REAL, MEM_BUFFER, MEM_CACHED].map((o) => num(values, o));
  if (total === undefined || avail === undefined) return undefined;
  return Math.max(total - avail - (buffer ?? 0) - (cached ?? 0), 0);
}

function memoryMeter(name: string, unit: string, compute: (values: HostValues) => number | undefined): CustomMeter {
  return {
    name,
    type: 'gauge',
    unit,
    request: REQUEST,
    samples({ host, values, cycle }: CustomMeterInput): Sample[] {
      const volume = compute(values);
      return volume === undefined || Number.isNaN(volume) ? [] : [hostSample(this, host, volume, cycle)];
    },
  };
}

/** The memory and swap meters. */
export function memoryMeters(): CustomMeter[] {
  return [
    memoryMeter('custom.hardware.memory.total', 'KB', (v) => num(v, MEM_TOTAL_REAL)),
    memoryMeter('custom.hardware.memory.used', 'KB', usedMemory),
    memoryMeter('custom.hardware.memory.cached', 'KB', (v) => num(v, MEM_CACHED)),
    memoryMeter('custom.hardware.memory.buffer', 'KB', (v) => num(v, MEM_BUFFER)),
    memoryMeter('custom.hardware.memory.utilization', '%', (v) => {
      const total = num(v, MEM_TOTAL_REAL);
      const used = usedMemory(v);
      return total === undefined || used === undefined || total <= 0 ? undefined : (100 * used) / total;
    }),
    memoryMeter('custom.hardware.swap.total', 'KB', (v) => num(v, MEM_TOTAL_SWAP)),
    memoryMeter('custom.hardware.swap.avail', 'KB', (v) => num(v, MEM_AVAIL_SWAP)),
    memoryMeter('custom.hardware.swap.utilization', '%', (v) => {
      const total = num(v, MEM_TOTAL_SWAP);
      const avail = num(v, MEM_AVAIL_SWAP);
      if (total === undefined || avail === undefined) return undefined;
      return total > 0 ? (100 * (total - avail)) / total : 0;
    }),
  ];
}
