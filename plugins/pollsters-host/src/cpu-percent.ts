/**
 * hardware.cpu.util and hardware.system_stats.cpu.idle: percentages over the interval since the
 * previous poll, from two /proc/stat reads. Stein served 1-minute averages computed by snmpd; here
 * the pollster keeps the previous read itself, so the first poll emits nothing.
 */
import { inject, injectable, PLUGIN_CONTEXT, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { cpuTimes } from './host-stats.js';
import type { LocalHost } from './local-host.js';
import { hostValue, LocalHostPollster, type HostValue } from './local-host-pollster.js';
import { cpuPercentages, type CpuPercentages, type CpuTimes } from './proc/stat.js';

abstract class CpuPercentPollster extends LocalHostPollster {
  readonly #previous = new Map<string, CpuTimes>();

  constructor(ctx: PluginContext, name: string, private readonly field: keyof CpuPercentages) {
    super(ctx, { name, type: 'gauge', unit: '%' });
  }

  protected async values(cycle: PollCycle, host: LocalHost): Promise<HostValue[]> {
    const current = await cpuTimes(cycle, this.reader);
    const previous = this.#previous.get(host.id);
    this.#previous.set(host.id, current);
    const percent = previous && cpuPercentages(previous, current);
    return percent ? hostValue(percent[this.field]) : [];
  }
}

/** hardware.cpu.util: busy share of all CPUs since the previous poll (iowait counts as busy). */
@injectable()
export class CpuUtilPollster extends CpuPercentPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.cpu.util', 'util');
  }
}

/** hardware.system_stats.cpu.idle: idle share of all CPUs since the previous poll. */
@injectable()
export class SystemCpuIdlePollster extends CpuPercentPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.system_stats.cpu.idle', 'idle');
  }
}
