/**
 * `/proc/diskstats`: per block device I/O counters, what UCD-DISKIO-MIB serves.
 */

/** Cumulative counters of one block device. */
export interface DiskCounters {
  /** Kernel name without `/dev/` (`sda`, `vda1`, `dm-0`), as diskIODevice. */
  readonly device: string;
  readonly reads: number;
  /** Bytes read (sectors · 512; the kernel always counts 512-byte sectors here). */
  readonly readBytes: number;
  readonly writes: number;
  readonly writeBytes: number;
}

const SECTOR = 512;

/** Parses `/proc/diskstats` (`major minor name reads merged sectors ms writes merged sectors ...`). */
export function parseDiskstats(text: string): DiskCounters[] {
  const disks: DiskCounters[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [reads, , readSectors, , writes, , writeSectors] = f.slice(3, 10).map(Number);
    if ([reads, readSectors, writes, writeSectors].some((n) => n === undefined || Number.isNaN(n))) continue;
    disks.push({
      device: f[2]!,
      reads: reads!,
      readBytes: readSectors! * SECTOR,
      writes: writes!,
      writeBytes: writeSectors! * SECTOR,
    });
  }
  return disks;
}

/** RAM disks and loop devices that never saw I/O are noise on every host; everything else is kept. */
export function isReportedDisk(disk: DiskCounters): boolean {
  if (/^ram\d+$/.test(disk.device)) return false;
  if (/^loop\d+$/.test(disk.device)) return disk.reads + disk.writes > 0;
  return true;
}
