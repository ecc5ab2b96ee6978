/**
 * Per-cycle loaders: each /proc file is read once per polling cycle and shared by every meter
 * through the cycle cache.
 */
import type { PollCycle } from '@ceilometer-ts/sdk';
import type { HostReader } from './host-reader.js';
import { parseDiskstats, isReportedDisk, type DiskCounters } from './proc/diskstats.js';
import { parseLoadAverage, type LoadAverage } from './proc/loadavg.js';
import { memoryStats, parseMeminfo, type MemoryStats } from './proc/meminfo.js';
import { diskName, parseMounts, selectDiskMounts, type MountEntry } from './proc/mounts.js';
import { parseNetDev, type InterfaceCounters } from './proc/net-dev.js';
import { parseIpCounters, type IpCounters } from './proc/net-snmp.js';
import { parseCpuTimes, type CpuTimes } from './proc/stat.js';
import { blockIo, parseVmstat, type BlockIo } from './proc/vmstat.js';

const KEY = 'pollsters-host:';

function cached<T>(cycle: PollCycle, name: string, load: () => Promise<T>): Promise<T> {
  return cycle.cache.getOrLoad(KEY + name, load);
}

export const loadAverage = (cycle: PollCycle, r: HostReader): Promise<LoadAverage> =>
  cached(cycle, 'loadavg', async () => parseLoadAverage(await r.readText('/proc/loadavg')));

export const cpuTimes = (cycle: PollCycle, r: HostReader): Promise<CpuTimes> =>
  cached(cycle, 'stat', async () => parseCpuTimes(await r.readText('/proc/stat')));

export const memory = (cycle: PollCycle, r: HostReader): Promise<MemoryStats> =>
  cached(cycle, 'meminfo', async () => memoryStats(parseMeminfo(await r.readText('/proc/meminfo'))));

export const blockIoStats = (cycle: PollCycle, r: HostReader): Promise<BlockIo> =>
  cached(cycle, 'vmstat', async () => blockIo(parseVmstat(await r.readText('/proc/vmstat'))));

export const ipCounters = (cycle: PollCycle, r: HostReader): Promise<IpCounters> =>
  cached(cycle, 'net/snmp', async () => parseIpCounters(await r.readText('/proc/net/snmp')));

export const diskCounters = (cycle: PollCycle, r: HostReader): Promise<DiskCounters[]> =>
  cached(cycle, 'diskstats', async () => parseDiskstats(await r.readText('/proc/diskstats')).filter(isReportedDisk));

/** An interface's counters with Stein's metadata (name, speed in bytes/s, mac, ip) where known. */
export interface InterfaceStats {
  readonly counters: InterfaceCounters;
  readonly metadata: { readonly name: string; readonly speed?: number; readonly mac?: string; readonly ip?: string };
}

async function optionalText(r: HostReader, path: string): Promise<string | undefined> {
  try {
    return (await r.readText(path)).trim();
  } catch {
    return undefined; // virtual interfaces have no speed (EINVAL); missing /sys in containers
  }
}

export const interfaces = (cycle: PollCycle, r: HostReader): Promise<InterfaceStats[]> =>
  cached(cycle, 'net/dev', async () => {
    const counters = parseNetDev(await r.readText('/proc/net/dev'));
    const addresses = r.ipv4Addresses();
    return Promise.all(
      counters.map(async (c) => {
        const [speed, address] = await Promise.all([
          optionalText(r, `/sys/class/net/${c.name}/speed`),
          optionalText(r, `/sys/class/net/${c.name}/address`),
        ]);
        const mbps = speed === undefined ? NaN : Number(speed);
        const ip = addresses.get(c.name)?.[0];
        return {
          counters: c,
          metadata: {
            name: c.name,
            // Stein reported ifSpeed / 8 (bytes per second); /sys gives Mbit/s.
            ...(mbps > 0 ? { speed: (mbps * 1_000_000) / 8 } : {}),
            // Stein printed ifPhysAddress as bare hex (`fa163e0a0b0c`); loopback has none.
            ...(address && !/^[0:]+$/.test(address) ? { mac: address.replaceAll(':', '') } : {}),
            ...(ip ? { ip } : {}),
          },
        };
      }),
    );
  });

/** A mounted real filesystem with its size in KiB. */
export interface DiskUsage {
  readonly mount: MountEntry;
  readonly name: string;
  readonly totalKB: number;
  readonly usedKB: number;
}

export const diskUsage = (cycle: PollCycle, r: HostReader): Promise<DiskUsage[]> =>
  cached(cycle, 'mounts', async () => {
    const mounts = selectDiskMounts(parseMounts(await r.readText('/proc/self/mounts')));
    const usage = await Promise.all(
      mounts.map(async (mount) => {
        try {
          const u = await r.filesystemUsage(mount.mountPoint);
          const totalKB = Math.floor(u.totalBytes / 1024);
          const usedKB = Math.floor((u.totalBytes - u.freeBytes) / 1024);
          return { mount, name: diskName(mount), totalKB, usedKB };
        } catch {
          return undefined; // unmounted since, or not ours to stat (EACCES)
        }
      }),
    );
    return usage.filter((u): u is DiskUsage => u !== undefined);
  });
