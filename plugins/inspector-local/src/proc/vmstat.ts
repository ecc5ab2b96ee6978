/**
 * `/proc/vmstat`: paging counters, which net-snmp turns into ssIORawSent/ssIORawReceived.
 */

/** Block I/O counters in 512-byte blocks, as UCD-SNMP-MIB's ssIORawSent and ssIORawReceived. */
export interface BlockIo {
  /** ssIORawSent: pgpgout · 2 (pgpgout counts KiB). */
  readonly outgoingBlocks: number;
  /** ssIORawReceived: pgpgin · 2. */
  readonly incomingBlocks: number;
}

/** Parses `/proc/vmstat` into `counter -> value`. */
export function parseVmstat(text: string): ReadonlyMap<string, number> {
  const counters = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    if (name && value !== undefined && /^\d+$/.test(value)) counters.set(name, Number(value));
  }
  return counters;
}

/** Block I/O from vmstat counters; net-snmp serves pgpgin/pgpgout doubled, and so do we. */
export function blockIo(vmstat: ReadonlyMap<string, number>): BlockIo {
  const pgpgin = vmstat.get('pgpgin');
  const pgpgout = vmstat.get('pgpgout');
  if (pgpgin === undefined || pgpgout === undefined) throw new Error('malformed /proc/vmstat: no pgpgin or pgpgout');
  return { outgoingBlocks: pgpgout * 2, incomingBlocks: pgpgin * 2 };
}
