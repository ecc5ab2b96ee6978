/**
 * hardware.cpu.load.{1,5,15}min from /proc/loadavg (Stein: UCD laLoad, gauge, unit `process`).
 */
import { inject, injectable, PLUGIN_CONTEXT, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { loadAverage } from './host-stats.js';
import { hostValue, LocalHostPollster, type HostValue, type MeterSpec } from './local-host-pollster.js';
import type { LoadAverage } from './proc/loadavg.js';

abstract class LoadAveragePollster extends LocalHostPollster {
  constructor(ctx: PluginContext, meter: MeterSpec, private readonly field: keyof LoadAverage) {
    super(ctx, meter);
  }
  protected async values(cycle: PollCycle): Promise<HostValue[]> {
    return hostValue((await loadAverage(cycle, this.reader))[this.field]);
  }
}

/** hardware.cpu.load.1min: 1-minute load average. */
@injectable()
export class CpuLoad1MinPollster extends LoadAveragePollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, { name: 'hardware.cpu.load.1min', type: 'gauge', unit: 'process' }, 'load1');
  }
}

/** hardware.cpu.load.5min: 5-minute load average. */
@injectable()
export class CpuLoad5MinPollster extends LoadAveragePollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, { name: 'hardware.cpu.load.5min', type: 'gauge', unit: 'process' }, 'load5');
  }
}

/** hardware.cpu.load.15min: 15-minute load average. */
@injectable()
export class CpuLoad15MinPollster extends LoadAveragePollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, { name: 'hardware.cpu.load.15min', type: 'gauge', unit: 'process' }, 'load15');
  }
}
