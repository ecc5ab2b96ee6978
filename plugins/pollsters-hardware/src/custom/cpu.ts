/**
 * custom.hardware.cpu.<state>.percentage and custom.hardware.cpu.util.percentage: shares of CPU
 * time between two polls, from UCD-SNMP-MIB's ssCpuRaw* tick counters.
 *   ΔT = Δuser + Δnice + Δsystem + Δidle + Δwait + Δinterrupt + Δsoftinterrupt + Δsteal
 *   <state>.percentage = 100 · Δstate / ΔT;   util.percentage = 100 · (1 − Δidle / ΔT)
 */
import type { Sample } from '@ceilometer-ts/sdk';
import { counterReading, type CounterReading } from '../counters.js';
import { hostSample } from '../hardware-pollster.js';
import { numericValue } from '../host-values.js';
import type { CustomMeter, CustomMeterInput } from './custom-meter.js';
import { CPU_RAW, CPU_TOTAL_STATES, SYS_UPTIME } from './oids.js';

/** The CPU states with a percentage meter, in the seed's order. */
export const CPU_STATES = ['user', 'nice', 'wait', 'system', 'idle', 'steal', 'softinterrupt', 'interrupt', 'kernel', 'guest', 'guestnice'] as const;

const REQUEST = { scalars: [...Object.values(CPU_RAW), SYS_UPTIME], subtrees: [] };
const REQUIRED = ['user', 'nice', 'system', 'idle'];

function cpuMeter(name: string, share: (delta: (state: string) => number | undefined, total: number) => number | undefined): CustomMeter {
  return {
    name,
    type: 'gauge',
    unit: '%',
    request: REQUEST,
    samples({ host, values, cycle, history, now }: CustomMeterInput): Sample[] {
      const counters = new Map<string, CounterReading>();
      for (const [state, oid] of Object.entries(CPU_RAW)) {
        const c = counterReading(values.get(oid));
        if (c) counters.set(state, c);
      }
      if (REQUIRED.some((s) => !counters.has(s))) return [];
      const uptime = numericValue(values.get(SYS_UPTIME));
      const delta = history.advance(host.url.href, { counters, uptime: uptime === undefined ? undefined : Number(uptime), at: now });
      if (!delta) return [];
      const total = CPU_TOTAL_STATES.reduce((sum, s) => sum + (delta.deltas.get(s) ?? 0), 0);
      if (total <= 0) return [];
      const volume = share((s) => delta.deltas.get(s), total);
      return volume === undefined ? [] : [hostSample(this, host, volume, cycle)];
    },
  };
}

/** The twelve CPU percentage meters. */
export function cpuMeters(): CustomMeter[] {
  return [
    ...CPU_STATES.map((state) =>
      cpuMeter(`custom.hardware.cpu.${state}.percentage`, (delta, total) => {
        const d = delta(state);
        return d === undefined ? undefined : (100 * d) / total;
      }),
    ),
    cpuMeter('custom.hardware.cpu.util.percentage', (delta, total) => (100 * (total - (delta('idle') ?? 0))) / total),
  ];
}
