/**
 * custom.hardware.disk.*: filesystem sizes from UCD-SNMP-MIB's dskTable (per `dskDevice`) and I/O
 * counters from UCD-DISKIO-MIB (per `diskIODevice`), resource `<host>.<device>`, metadata `device`.
 *   size.total / size.used = dskTotalHigh·2^32 + dskTotalLow (64-bit halves; dskTotal when absent), KB
 *   utilization = 100 · used / total
 *   read.bytes / write.bytes = diskIONReadX / diskIONWrittenX (Counter64; Counter32 diskIONRead/NWritten when absent)
 *   read.requests / write.requests = diskIOReads / diskIOWrites
 *   <x>.average = Δx / Δt between two polls (Δt from sysUpTime, else our clock)
 */
import type { MetadataValue, OidValue, Sample } from '@ceilometer-ts/sdk';
import { counterReading } from '../counters.js';
import { hostSample } from '../hardware-pollster.js';
import { numericValue, type HostValues } from '../host-values.js';
import type { CustomMeter, CustomMeterInput } from './custom-meter.js';
import * as O from './oids.js';

const SIZE_REQUEST = {
  scalars: [],
  subtrees: [O.DSK_PATH, O.DSK_DEVICE, O.DSK_TOTAL, O.DSK_USED, O.DSK_TOTAL_LOW, O.DSK_TOTAL_HIGH, O.DSK_USED_LOW, O.DSK_USED_HIGH],
};

function kb(values: HostValues, suffix: string, plain: string, low: string, high: string): number | undefined {
  const at = (c: string): number | undefined => {
    const v = numericValue(values.rows(c).get(suffix));
    return v === undefined ? undefined : Number(v);
  };
  const [l, h] = [at(low), at(high)];
  return l !== undefined && h !== undefined ? h * 2 ** 32 + l : at(plain);
}

function sizeMeter(name: string, unit: string, compute: (total: number, used: number) => number | undefined): CustomMeter {
  return {
    name,
    type: 'gauge',
    unit,
    request: SIZE_REQUEST,
    samples({ host, values, cycle, filter }: CustomMeterInput): Sample[] {
      const samples: Sample[] = [];
      for (const [suffix, device] of values.rows(O.DSK_DEVICE)) {
        if (typeof device.value !== 'string' || !device.value || !filter.disk(device.value)) continue;
        const total = kb(values, suffix, O.DSK_TOTAL, O.DSK_TOTAL_LOW, O.DSK_TOTAL_HIGH);
        const used = kb(values, suffix, O.DSK_USED, O.DSK_USED_LOW, O.DSK_USED_HIGH);
        if (total === undefined || used === undefined) continue;
        const volume = compute(total, used);
        if (volume === undefined) continue;
        const metadata: Record<string, MetadataValue> = { device: device.value };
        const path = values.rows(O.DSK_PATH).get(suffix)?.value;
        if (typeof path === 'string') metadata.path = path;
        samples.push(hostSample(this, host, volume, cycle, { resourceId: `${host.resourceId}.${device.value}`, metadata }));
      }
      return samples;
    },
  };
}

interface IoCounter {
  readonly word: string;
  readonly unit: string;
  readonly columns: readonly string[];
}

const IO_COUNTERS: readonly IoCounter[] = [
  { word: 'read.bytes', unit: 'B', columns: [O.DISK_IO_NREAD_X, O.DISK_IO_NREAD] },
  { word: 'write.bytes', unit: 'B', columns: [O.DISK_IO_NWRITTEN_X, O.DISK_IO_NWRITTEN] },
  { word: 'read.requests', unit: 'requests', columns: [O.DISK_IO_READS] },
  { word: 'write.requests', unit: 'requests', columns: [O.DISK_IO_WRITES] },
];

/** The first column with a value for the row (64-bit before 32-bit). */
function ioValue(values: HostValues, suffix: string, columns: readonly string[]): OidValue | undefined {
  for (const c of columns) {
    const v = values.rows(c).get(suffix);
    if (numericValue(v) !== undefined) return v;
  }
  return undefined;
}

function ioMeter(counter: IoCounter, average: boolean): CustomMeter {
  return {
    name: `custom.hardware.disk.${counter.word}${average ? '.average' : ''}`,
    type: average ? 'gauge' : 'cumulative',
    unit: average ? `${counter.unit}/s` : counter.unit,
    request: { scalars: average ? [O.SYS_UPTIME] : [], subtrees: [O.DISK_IO_DEVICE, ...counter.columns] },
    samples({ host, values, cycle, filter, history, now }: CustomMeterInput): Sample[] {
      const samples: Sample[] = [];
      const uptime = numericValue(values.get(O.SYS_UPTIME));
      for (const [suffix, device] of values.rows(O.DISK_IO_DEVICE)) {
        if (typeof device.value !== 'string' || !device.value || !filter.disk(device.value)) continue;
        const raw = ioValue(values, suffix, counter.columns);
        const reading = counterReading(raw);
        if (!reading) continue;
        const options = { resourceId: `${host.resourceId}.${device.value}`, metadata: { device: device.value } };
        if (!average) {
          samples.push(hostSample(this, host, reading.value, cycle, options));
          continue;
        }
        const delta = history.advance(`${host.url.href} ${device.value}`, {
          counters: new Map([['x', reading]]),
          uptime: uptime === undefined ? undefined : Number(uptime),
          at: now,
        });
        const d = delta?.deltas.get('x');
        if (delta && d !== undefined) samples.push(hostSample(this, host, d / delta.seconds, cycle, options));
      }
      return samples;
    },
  };
}

/** Sizes, utilization, I/O counters and their rates. */
export function diskMeters(): CustomMeter[] {
  return [
    sizeMeter('custom.hardware.disk.size.total', 'KB', (total) => total),
    sizeMeter('custom.hardware.disk.size.used', 'KB', (_total, used) => used),
    sizeMeter('custom.hardware.disk.utilization', '%', (total, used) => (total > 0 ? (100 * used) / total : undefined)),
    ...IO_COUNTERS.map((c) => ioMeter(c, false)),
    ...IO_COUNTERS.map((c) => ioMeter(c, true)),
  ];
}
