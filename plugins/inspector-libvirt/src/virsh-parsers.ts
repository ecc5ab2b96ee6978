/**
 * Parsers of virsh's text output (LC_ALL=C): `list --all --uuid --name`, `domstats --raw`,
 * `dommemstat`, `domifstat`, `domblkinfo`. Numbers become JavaScript numbers (libvirt's 64-bit
 * counters lose precision only above 2^53: 104 days of CPU time in ns).
 */

/** Raw statistics of one domain, in libvirt's key names (`cpu.time`, `net.0.rx.bytes`). */
export type RawStats = ReadonlyMap<string, number | string>;

/** `uuid name` lines of `list --all --uuid --name`. */
export function parseDomainList(text: string): Map<string, string> {
  const byName = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F-]{36})\s+(\S.*)$/.exec(line.trim());
    if (m) byName.set(m[2]!.trim(), m[1]!.toLowerCase());
  }
  return byName;
}

function value(text: string): number | string {
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) ? Number(text) : text;
}

/** `domstats --raw`: `Domain: 'name'` then indented `key=value` lines, by domain name. */
export function parseDomstatsRaw(text: string): Map<string, Map<string, number | string>> {
  const domains = new Map<string, Map<string, number | string>>();
  let current: Map<string, number | string> | undefined;
  for (const line of text.split('\n')) {
    const header = /^Domain: '(.*)'\s*$/.exec(line);
    if (header) {
      current = new Map();
      domains.set(header[1]!, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) continue;
    current.set(line.slice(0, eq).trim(), value(line.slice(eq + 1).trim()));
  }
  return domains;
}

/** `dommemstat`: `key value` lines (KiB); `last_update` and friends kept as they come. */
export function parseMemoryStats(text: string): Map<string, number> {
  const stats = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(-?\d+)\s*$/.exec(line.trim());
    if (m) stats.set(m[1]!, Number(m[2]));
  }
  return stats;
}

/** libvirt's `virDomainInterfaceStats` fields as `domifstat` names them. */
export interface InterfaceCounters {
  readonly rxBytes: number;
  readonly rxPackets: number;
  readonly rxErrors: number;
  readonly rxDrop: number;
  readonly txBytes: number;
  readonly txPackets: number;
  readonly txErrors: number;
  readonly txDrop: number;
}

/** `domifstat DOMAIN DEV`: `dev key value` lines; undefined when a counter is missing. */
export function parseInterfaceStats(text: string): InterfaceCounters | undefined {
  const v = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\S+\s+(\S+)\s+(-?\d+)\s*$/.exec(line.trim());
    if (m) v.set(m[1]!, Number(m[2]));
  }
  const keys = ['rx_bytes', 'rx_packets', 'rx_errs', 'rx_drop', 'tx_bytes', 'tx_packets', 'tx_errs', 'tx_drop'];
  if (!keys.every((k) => v.has(k))) return undefined;
  return {
    rxBytes: v.get('rx_bytes')!,
    rxPackets: v.get('rx_packets')!,
    rxErrors: v.get('rx_errs')!,
    rxDrop: v.get('rx_drop')!,
    txBytes: v.get('tx_bytes')!,
    txPackets: v.get('tx_packets')!,
    txErrors: v.get('tx_errs')!,
    txDrop: v.get('tx_drop')!,
  };
}

/** `virDomainGetBlockInfo` as `domblkinfo` prints it (bytes). */
export interface BlockInfo {
  readonly capacity: number;
  readonly allocation: number;
  readonly physical: number;
}

/** `domblkinfo DOMAIN DEV`: `Capacity:`, `Allocation:`, `Physical:` lines. */
export function parseBlockInfo(text: string): BlockInfo | undefined {
  const v = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(Capacity|Allocation|Physical):\s+(\d+)\s*$/.exec(line.trim());
    if (m) v.set(m[1]!, Number(m[2]));
  }
  const capacity = v.get('Capacity');
  const allocation = v.get('Allocation');
  const physical = v.get('Physical');
  if (capacity === undefined || allocation === undefined || physical === undefined) return undefined;
  return { capacity, allocation, physical };
}

/** `domblkinfo DOMAIN --all`: a `Target Capacity Allocation Physical` table; rows with `-` are left out. */
export function parseBlockInfoTable(text: string): Map<string, BlockInfo> {
  const out = new Map<string, BlockInfo>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line.trim());
    if (m) out.set(m[1]!, { capacity: Number(m[2]), allocation: Number(m[3]), physical: Number(m[4]) });
  }
  return out;
}
