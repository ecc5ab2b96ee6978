/**
 * hardware.disk.* per disk. Sizes from statfs of mounted real filesystems (Stein: UCD dskTable,
 * gauge KB, resource `<host>.<device>`, metadata device and path); I/O from /proc/diskstats
 * (Stein: UCD-DISKIO-MIB, gauges, resource `<host>.<device>`, metadata device).
 */
import { inject, injectable, PLUGIN_CONTEXT, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { diskCounters, diskUsage } from './host-stats.js';
import { LocalHostPollster, type HostValue } from './local-host-pollster.js';
import type { DiskCounters } from './proc/diskstats.js';

abstract class DiskSizePollster extends LocalHostPollster {
  constructor(ctx: PluginContext, name: string, private readonly field: 'totalKB' | 'usedKB') {
    super(ctx, { name, type: 'gauge', unit: 'KB' });
  }
  protected async values(cycle: PollCycle): Promise<HostValue[]> {
    return (await diskUsage(cycle, this.reader)).map((d) => ({
      volume: d[this.field],
      resourceSuffix: d.name,
      metadata: { device: d.mount.device, path: d.mount.mountPoint },
    }));
  }
}

/** hardware.disk.size.total: size of a mounted filesystem. */
@injectable()
export class DiskSizeTotalPollster extends DiskSizePollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.disk.size.total', 'totalKB');
  }
}

/** hardware.disk.size.used: used space of a mounted filesystem (total − free, as dskUsed). */
@injectable()
export class DiskSizeUsedPollster extends DiskSizePollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.disk.size.used', 'usedKB');
  }
}

abstract class DiskIoPollster extends LocalHostPollster {
  constructor(ctx: PluginContext, name: string, unit: string, private readonly field: Exclude<keyof DiskCounters, 'device'>) {
    super(ctx, { name, type: 'gauge', unit });
  }
  protected async values(cycle: PollCycle): Promise<HostValue[]> {
    return (await diskCounters(cycle, this.reader)).map((d) => ({
      volume: d[this.field],
      resourceSuffix: d.device,
      metadata: { device: d.device },
    }));
  }
}

/** hardware.disk.read.bytes: bytes read from a block device since boot. */
@injectable()
export class DiskReadBytesPollster extends DiskIoPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.disk.read.bytes', 'B', 'readBytes');
  }
}

/** hardware.disk.write.bytes: bytes written to a block device since boot. */
@injectable()
export class DiskWriteBytesPollster extends DiskIoPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.disk.write.bytes', 'B', 'writeBytes');
  }
}

/** hardware.disk.read.requests: completed reads of a block device since boot. */
@injectable()
export class DiskReadRequestsPollster extends DiskIoPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.disk.read.requests', 'requests', 'reads');
  }
}

/** hardware.disk.write.requests: completed writes of a block device since boot. */
@injectable()
export class DiskWriteRequestsPollster extends DiskIoPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.disk.write.requests', 'requests', 'writes');
  }
}
