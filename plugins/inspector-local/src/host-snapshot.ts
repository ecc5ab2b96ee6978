/**
 * One reading of everything the virtual MIB serves, taken from the machine through a HostReader.
 * Optional files (no swap, no /sys in a container, no /proc/diskstats) leave their part empty rather
 * than failing the whole reading.
 */
import type { HostReader } from './host-reader.js';
import { parseDiskstats, isReportedDisk, type DiskCounters } from './proc/diskstats.js';
import { parseLoadAverage, type LoadAverage } from './proc/loadavg.js';
import { memoryStats, parseMeminfo, type MemoryStats } from './proc/meminfo.js';
import { diskName, parseMounts, selectDiskMounts } from './proc/mounts.js';
import { parseNetDev, type InterfaceCounters } from './proc/net-dev.js';
import { parseIpCounters, type IpCounters } from './proc/net-snmp.js';
import { parseCpuTimes, type CpuTimes } from './proc/stat.js';
import { blockIo, parseVmstat, type BlockIo } from './proc/vmstat.js';

/** An interface as IF-MIB describes it. */
export interface InterfaceInfo {
  readonly ifIndex: number;
  readonly counters: InterfaceCounters;
  /** Link speed in bit/s (0 when unknown). */
  readonly speedBps: number;
  /** Bare lower-case hex, '' when the interface has no hardware address. */
  readonly mac: string;
  readonly adminUp: boolean;
  /** IF-MIB ifOperStatus value (1 up, 2 down, 3 testing, 5 dormant, 6 notPresent, 7 lowerLayerDown). */
  readonly operStatus: number;
  readonly loopback: boolean;
  readonly mtu: number;
}

/** A mounted filesystem, sizes in KiB. */
export interface FilesystemInfo {
  readonly path: string;
  readonly device: string;
  readonly totalKB: number;
  readonly availKB: number;
  readonly usedKB: number;
}

/** Everything read in one go. */
export interface HostSnapshot {
  /** Host uptime in seconds (/proc/uptime). */
  readonly uptimeSeconds: number;
  readonly load: LoadAverage;
  readonly cpu: CpuTimes;
  readonly cpuCount: number;
  readonly memory: MemoryStats;
  readonly blockIo: BlockIo | undefined;
  readonly ip: IpCounters | undefined;
  readonly interfaces: readonly InterfaceInfo[];
  readonly ipv4: ReadonlyMap<string, readonly string[]>;
  readonly filesystems: readonly FilesystemInfo[];
  readonly disks: readonly DiskCounters[];
}

async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

const OPER_STATES: Readonly<Record<string, number>> = { up: 1, down: 2, testing: 3, dormant: 5, notpresent: 6, lowerlayerdown: 7 };

async function interfaceInfo(r: HostReader, counters: InterfaceCounters): Promise<InterfaceInfo> {
  const sys = (file: string): Promise<string | undefined> => optional(async () => (await r.readText(`/sys/class/net/${counters.name}/${file}`)).trim());
  const [ifindex, flags, speed, address, operstate, carrier, mtu] = await Promise.all(
    ['ifindex', 'flags', 'speed', 'address', 'operstate', 'carrier', 'mtu'].map(sys),
  );
  const flagBits = flags === undefined ? 1 : Number.parseInt(flags, 16);
  const loopback = (flagBits & 0x8) !== 0 || counters.name === 'lo';
  const adminUp = (flagBits & 0x1) !== 0;
  // NOTE: net-snmp reports IFF_RUNNING, which /sys shows as carrier (operstate is "unknown" for lo).
  const operStatus = adminUp && carrier === '1' ? 1 : (OPER_STATES[operstate ?? ''] ?? 2);
  const mbps = Number(speed);
  const index = Number(ifindex);
  return {
    ifIndex: Number.isInteger(index) && index > 0 ? index : 0,
    counters,
    speedBps: mbps > 0 ? mbps * 1_000_000 : loopback ? 10_000_000 : 0,
    mac: address && !/^[0:]+$/.test(address) ? address.replaceAll(':', '').toLowerCase() : '',
    adminUp,
    operStatus,
    loopback,
    mtu: Number(mtu) || 0,
  };
}

async function filesystems(r: HostReader): Promise<FilesystemInfo[]> {
  const mounts = selectDiskMounts(parseMounts(await r.readText('/proc/self/mounts')));
  const result = await Promise.all(
    mounts.map((mount) =>
      optional(async () => {
        const u = await r.filesystemUsage(mount.mountPoint);
        const kb = (bytes: number): number => Math.floor(bytes / 1024);
        return {
          path: mount.mountPoint,
          device: diskName(mount),
          totalKB: kb(u.totalBytes),
          availKB: kb(u.availBytes ?? u.freeBytes),
          usedKB: kb(u.totalBytes - u.freeBytes),
        };
      }),
    ),
  );
  return result.filter((f): f is FilesystemInfo => f !== undefined);
}

/** Reads the machine once. Throws only when the core files (/proc/stat, meminfo, loadavg) are unreadable. */
export async function readHostSnapshot(r: HostReader): Promise<HostSnapshot> {
  const [stat, meminfo, loadavg, uptime, vmstat, netSnmp, netDev, fs, diskstats] = await Promise.all([
    r.readText('/proc/stat'),
    r.readText('/proc/meminfo'),
    r.readText('/proc/loadavg'),
    optional(() => r.readText('/proc/uptime')),
    optional(() => r.readText('/proc/vmstat')),
    optional(() => r.readText('/proc/net/snmp')),
    optional(() => r.readText('/proc/net/dev')),
    optional(() => filesystems(r)),
    optional(() => r.readText('/proc/diskstats')),
  ]);
  const counters = netDev ? parseNetDev(netDev) : [];
  return {
    uptimeSeconds: Number(uptime?.trim().split(/\s+/)[0]) || 0,
    load: parseLoadAverage(loadavg),
    cpu: parseCpuTimes(stat),
    cpuCount: stat.split('\n').filter((l) => /^cpu\d+\s/.test(l)).length,
    memory: memoryStats(parseMeminfo(meminfo)),
    blockIo: vmstat ? optionalSync(() => blockIo(parseVmstat(vmstat))) : undefined,
    ip: netSnmp ? optionalSync(() => parseIpCounters(netSnmp)) : undefined,
    interfaces: numberInterfaces(await Promise.all(counters.map((c) => interfaceInfo(r, c)))),
    ipv4: r.ipv4Addresses(),
    filesystems: fs ?? [],
    disks: diskstats ? parseDiskstats(diskstats).filter(isReportedDisk) : [],
  };
}

/** Interfaces without a readable ifindex get numbers after the highest known one. */
function numberInterfaces(interfaces: InterfaceInfo[]): InterfaceInfo[] {
  let next = Math.max(0, ...interfaces.map((i) => i.ifIndex)) + 1;
  return interfaces.map((i) => (i.ifIndex > 0 ? i : { ...i, ifIndex: next++ }));
}

function optionalSync<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
