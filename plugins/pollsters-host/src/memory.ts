/**
 * hardware.memory.* from /proc/meminfo (Stein: UCD memory group, gauges in `KB`).
 */
import { inject, injectable, PLUGIN_CONTEXT, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { memory } from './host-stats.js';
import { hostValue, LocalHostPollster, type HostValue } from './local-host-pollster.js';
import type { MemoryStats } from './proc/meminfo.js';

abstract class MemoryPollster extends LocalHostPollster {
  constructor(ctx: PluginContext, name: string, private readonly field: keyof MemoryStats) {
    super(ctx, { name, type: 'gauge', unit: 'KB' });
  }
  protected async values(cycle: PollCycle): Promise<HostValue[]> {
    return hostValue((await memory(cycle, this.reader))[this.field]);
  }
}

/** hardware.memory.total: MemTotal. */
@injectable()
export class MemoryTotalPollster extends MemoryPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.memory.total', 'total');
  }
}

/** hardware.memory.used: MemTotal − MemFree, as Stein (page cache counts as used). */
@injectable()
export class MemoryUsedPollster extends MemoryPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.memory.used', 'used');
  }
}

/** hardware.memory.avail: MemFree (memAvailReal), so that used + avail = total. */
@injectable()
export class MemoryAvailPollster extends MemoryPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.memory.avail', 'avail');
  }
}

/** hardware.memory.buffer: Buffers. */
@injectable()
export class MemoryBufferPollster extends MemoryPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.memory.buffer', 'buffer');
  }
}

/** hardware.memory.cached: Cached + SReclaimable, as net-snmp's memCached. */
@injectable()
export class MemoryCachedPollster extends MemoryPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.memory.cached', 'cached');
  }
}

/** hardware.memory.swap.total: SwapTotal. */
@injectable()
export class MemorySwapTotalPollster extends MemoryPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.memory.swap.total', 'swapTotal');
  }
}

/** hardware.memory.swap.avail: SwapFree. */
@injectable()
export class MemorySwapAvailPollster extends MemoryPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.memory.swap.avail', 'swapAvail');
  }
}
