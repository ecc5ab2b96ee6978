/**
 * `/proc/stat`: the aggregate `cpu` line (cumulative USER_HZ ticks, the same counters net-snmp
 * serves as ssCpuRaw*), and CPU percentages from two reads.
 */

/** Cumulative ticks of the `cpu` line, in the kernel's column order. */
export interface CpuTimes {
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly idle: number;
  readonly iowait: number;
  readonly irq: number;
  readonly softirq: number;
  readonly steal: number;
  readonly guest: number;
  readonly guestNice: number;
}

const COLUMNS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const;

/** Parses the aggregate `cpu ` line of `/proc/stat`; columns an old kernel lacks are 0. */
export function parseCpuTimes(text: string): CpuTimes {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('malformed /proc/stat: no aggregate cpu line');
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const at = (i: number): number => values[i] ?? 0;
  return {
    user: at(0), nice: at(1), system: at(2), idle: at(3), iowait: at(4),
    irq: at(5), softirq: at(6), steal: at(7), guest: at(8), guestNice: at(9),
  };
}

/**
 * Total ticks: every state except guest and guest_nice, which Linux already counts inside user
 * and nice.
 */
export function totalTicks(t: CpuTimes): number {
  return t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;
}

/** CPU shares over the interval between two reads, in percent. */
export interface CpuPercentages {
  /** 100 · (1 − Δidle / Δtotal): iowait counts as busy, as the SNMP custom meters define it. */
  readonly util: number;
  /** 100 · Δidle / Δtotal. */
  readonly idle: number;
}

/**
 * Percentages between two reads; undefined when no tick elapsed or a counter went backwards
 * (a reboot or a counter reset), so the caller emits nothing for that interval.
 */
export function cpuPercentages(previous: CpuTimes, current: CpuTimes): CpuPercentages | undefined {
  if (COLUMNS.some((c) => current[c] < previous[c])) return undefined;
  const total = totalTicks(current) - totalTicks(previous);
  if (total <= 0) return undefined;
  const idle = (100 * (current.idle - previous.idle)) / total;
  return { util: 100 - idle, idle };
}
