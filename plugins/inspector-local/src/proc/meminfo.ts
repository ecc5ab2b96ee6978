/**
 * `/proc/meminfo`, reduced to the figures UCD-SNMP-MIB's memory group serves (all in KiB, which
 * upstream labels `KB`).
 */

/** Memory figures in KiB, named after the UCD-SNMP-MIB objects Stein read over SNMP. */
export interface MemoryStats {
  /** memTotalReal: MemTotal. */
  readonly total: number;
  /** memAvailReal: MemFree (net-snmp reports MemFree here, not MemAvailable). */
  readonly avail: number;
  /** Stein's hardware.memory.used: memTotalReal − memAvailReal. */
  readonly used: number;
  /** memBuffer: Buffers. */
  readonly buffer: number;
  /** memCached: Cached + SReclaimable, as net-snmp 5.9 computes it. */
  readonly cached: number;
  /** memTotalSwap: SwapTotal. */
  readonly swapTotal: number;
  /** memAvailSwap: SwapFree. */
  readonly swapAvail: number;
}

/** Parses `/proc/meminfo` into `field -> KiB` (fields without a unit are page counts, kept as is). */
export function parseMeminfo(text: string): ReadonlyMap<string, number> {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([^:\s]+):\s+(\d+)/.exec(line);
    if (match) fields.set(match[1]!, Number(match[2]));
  }
  return fields;
}

/** Derives the UCD-style memory figures; a missing MemTotal or MemFree is a malformed file. */
export function memoryStats(meminfo: ReadonlyMap<string, number>): MemoryStats {
  const total = meminfo.get('MemTotal');
  const avail = meminfo.get('MemFree');
  if (total === undefined || avail === undefined) throw new Error('malformed /proc/meminfo: no MemTotal or MemFree');
  const field = (name: string): number => meminfo.get(name) ?? 0;
  return {
    total,
    avail,
    used: total - avail,
    buffer: field('Buffers'),
    cached: field('Cached') + field('SReclaimable'),
    swapTotal: field('SwapTotal'),
    swapAvail: field('SwapFree'),
  };
}
