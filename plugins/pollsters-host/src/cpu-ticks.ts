/**
 * hardware.cpu.{user,nice,system,idle,wait,interrupt}: cumulative ticks from /proc/stat, which is
 * what Stein read as UCD ssCpuRaw* (and, like Stein, reported as gauges in unit `tick`).
 */
import { inject, injectable, PLUGIN_CONTEXT, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { cpuTimes } from './host-stats.js';
import { hostValue, LocalHostPollster, type HostValue } from './local-host-pollster.js';
import type { CpuTimes } from './proc/stat.js';

abstract class CpuTicksPollster extends LocalHostPollster {
  constructor(ctx: PluginContext, name: string, private readonly field: keyof CpuTimes) {
    super(ctx, { name, type: 'gauge', unit: 'tick' });
  }
  protected async values(cycle: PollCycle): Promise<HostValue[]> {
    return hostValue((await cpuTimes(cycle, this.reader))[this.field]);
  }
}

/** hardware.cpu.user: ticks in user mode (ssCpuRawUser). */
@injectable()
export class CpuUserPollster extends CpuTicksPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.cpu.user', 'user');
  }
}

/** hardware.cpu.nice: ticks in user mode at low priority (ssCpuRawNice). */
@injectable()
export class CpuNicePollster extends CpuTicksPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.cpu.nice', 'nice');
  }
}

/** hardware.cpu.system: ticks in kernel mode (ssCpuRawSystem). */
@injectable()
export class CpuSystemPollster extends CpuTicksPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.cpu.system', 'system');
  }
}

/** hardware.cpu.idle: idle ticks (ssCpuRawIdle). */
@injectable()
export class CpuIdlePollster extends CpuTicksPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.cpu.idle', 'idle');
  }
}

/** hardware.cpu.wait: ticks waiting for I/O (ssCpuRawWait). */
@injectable()
export class CpuWaitPollster extends CpuTicksPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.cpu.wait', 'iowait');
  }
}

/** hardware.cpu.interrupt: ticks serving hardware interrupts (ssCpuRawInterrupt). */
@injectable()
export class CpuInterruptPollster extends CpuTicksPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.cpu.interrupt', 'irq');
  }
}
