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

/** Whether `text` is a decimal number as libvirt prints one (`-12`, `0.5`, `1e-3`): no hex, no Infinity. */
function isDecimal(text: string): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const digitsFrom = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === digitsFrom) return false;
  if (i < n && text.charCodeAt(i) === 46 /* . */) {
    const from = ++i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === from) return false;
  }
  if (i < n && (text.charCodeAt(i) | 32) === 101 /* e */) {
    i++;
    if (i < n && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
    const from = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === from) return false;
  }
  return i === n;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function value(text: string): number | string {
  return isDecimal(text) ? Number(text) : text;
}

const HEADER = "Domain: '";

/**
 * `domstats --raw`: `Domain: 'name'` then indented `key=value` lines, by domain name. One pass by
 * index (500 domains of 60 keys each is 30,000 lines a cycle on a real libvirtd).
 */
export function parseDomstatsRaw(text: string): Map<string, Map<string, number | string>> {
  const domains = new Map<string, Map<string, number | string>>();
  let current: Map<string, number | string> | undefined;
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    if (text.startsWith(HEADER, start)) {
      // `Domain: 'name'` with trailing blanks allowed; the name is up to the last quote
      const line = text.slice(start, end).trimEnd();
      if (line.length > HEADER.length && line.endsWith("'")) {
        current = new Map();
        domains.set(line.slice(HEADER.length, -1), current);
        start = end + 1;
        continue;
      }
    }
    if (current) {
      const eq = text.indexOf('=', start);
      if (eq >= 0 && eq < end) current.set(text.slice(start, eq).trim(), value(text.slice(eq + 1, end).trim()));
    }
    start = end + 1;
  }
  return domains;
}

/** The lines of `text` as [first, second, third...] whitespace-separated fields of a trimmed line. */
function fields(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** `dommemstat`: `key value` lines (KiB); `last_update` and friends kept as they come. */
export function parseMemoryStats(text: string): Map<string, number> {
  const stats = new Map<string, number>();
  for (const line of text.split('\n')) {
    const f = fields(line);
    if (f.length === 2 && isInteger(f[1]!)) stats.set(f[0]!, Number(f[1]));
  }
  return stats;
}

/** `-?\d+`. */
function isInteger(text: string): boolean {
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (i === text.length) return false;
  for (; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** `\d+`. */
function isUnsigned(text: string): boolean {
  return text.charCodeAt(0) !== 45 && isInteger(text);
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
  let rxBytes, rxPackets, rxErrors, rxDrop, txBytes, txPackets, txErrors, txDrop: number | undefined;
  for (const line of text.split('\n')) {
    const f = fields(line);
    if (f.length !== 3 || !isInteger(f[2]!)) continue;
    const v = Number(f[2]);
    switch (f[1]) {
      case 'rx_bytes': rxBytes = v; break;
      case 'rx_packets': rxPackets = v; break;
      case 'rx_errs': rxErrors = v; break;
      case 'rx_drop': rxDrop = v; break;
      case 'tx_bytes': txBytes = v; break;
      case 'tx_packets': txPackets = v; break;
      case 'tx_errs': txErrors = v; break;
      case 'tx_drop': txDrop = v; break;
      default:
    }
  }
  if (rxBytes === undefined || rxPackets === undefined || rxErrors === undefined || rxDrop === undefined) return undefined;
  if (txBytes === undefined || txPackets === undefined || txErrors === undefined || txDrop === undefined) return undefined;
  return { rxBytes, rxPackets, rxErrors, rxDrop, txBytes, txPackets, txErrors, txDrop };
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
    const f = fields(line);
    if (f.length === 4 && isUnsigned(f[1]!) && isUnsigned(f[2]!) && isUnsigned(f[3]!)) out.set(f[0]!, { capacity: Number(f[1]), allocation: Number(f[2]), physical: Number(f[3]) });
  }
  return out;
}
