/**
 * hardware.system_stats.io.{outgoing,incoming}.blocks from /proc/vmstat (Stein: UCD ssIORawSent
 * and ssIORawReceived, cumulative, unit `blocks` of 512 bytes).
 */
import { inject, injectable, PLUGIN_CONTEXT, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { blockIoStats } from './host-stats.js';
import { hostValue, LocalHostPollster, type HostValue } from './local-host-pollster.js';
import type { BlockIo } from './proc/vmstat.js';

abstract class BlockIoPollster extends LocalHostPollster {
  constructor(ctx: PluginContext, name: string, private readonly field: keyof BlockIo) {
    super(ctx, { name, type: 'cumulative', unit: 'blocks' });
  }
  protected async values(cycle: PollCycle): Promise<HostValue[]> {
    return hostValue((await blockIoStats(cycle, this.reader))[this.field]);
  }
}

/** hardware.system_stats.io.outgoing.blocks: blocks written to block devices. */
@injectable()
export class IoOutgoingBlocksPollster extends BlockIoPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.system_stats.io.outgoing.blocks', 'outgoingBlocks');
  }
}

/** hardware.system_stats.io.incoming.blocks: blocks read from block devices. */
@injectable()
export class IoIncomingBlocksPollster extends BlockIoPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.system_stats.io.incoming.blocks', 'incomingBlocks');
  }
}
