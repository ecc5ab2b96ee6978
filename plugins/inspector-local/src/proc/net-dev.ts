/**
 * `/proc/net/dev`: per-interface traffic counters.
 */

/** Cumulative counters of one interface. */
export interface InterfaceCounters {
  readonly name: string;
  readonly rxBytes: number;
  readonly rxPackets: number;
  readonly rxErrors: number;
  readonly rxDrop: number;
  /** Multicast packets received (part of rxPackets). */
  readonly rxMulticast: number;
  readonly txBytes: number;
  readonly txPackets: number;
  readonly txErrors: number;
  readonly txDrop: number;
}

/** Parses `/proc/net/dev` (two header lines, then `name: 8 receive and 8 transmit columns`). */
export function parseNetDev(text: string): InterfaceCounters[] {
  const interfaces: InterfaceCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const v = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (!name || v.length < 16 || v.some(Number.isNaN)) continue;
    interfaces.push({
      name,
      rxBytes: v[0]!, rxPackets: v[1]!, rxErrors: v[2]!, rxDrop: v[3]!, rxMulticast: v[7]!,
      txBytes: v[8]!, txPackets: v[9]!, txErrors: v[10]!, txDrop: v[11]!,
    });
  }
  return interfaces;
}
