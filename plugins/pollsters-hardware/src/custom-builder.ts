/**
 * The `hardware.custom` pollster builder (`ceilometer.builder.poll.central`): the seed deployment's
 * custom.hardware.* meters (CPU percentages, memory, swap, interface status, disk sizes, I/O and
 * rates), computed in code over the same hardware inspectors.
 */
import { inject, injectable, PLUGIN_CONTEXT, type BuiltPollster, type PluginContext, type PollsterBuilder } from '@ceilometer-ts/sdk';
import { cpuMeters } from './custom/cpu.js';
import type { CustomMeter } from './custom/custom-meter.js';
import { diskMeters } from './custom/disk.js';
import { memoryMeters } from './custom/memory.js';
import { networkMeters } from './custom/network.js';
import { CustomHardwarePollster } from './custom-pollster.js';
import { HardwareRuntime } from './runtime.js';

/** Every custom meter, in the seed's order. */
export function customMeters(): CustomMeter[] {
  return [...cpuMeters(), ...memoryMeters(), ...networkMeters(), ...diskMeters()];
}

/** Builds the custom hardware pollsters. */
@injectable()
export class CustomHardwarePollsterBuilder implements PollsterBuilder {
  constructor(@inject(PLUGIN_CONTEXT) private readonly ctx: PluginContext) {}

  async buildPollsters(): Promise<readonly BuiltPollster[]> {
    const runtime = HardwareRuntime.of(this.ctx);
    await runtime.loadFilter();
    return customMeters().map((meter) => ({ name: meter.name, pollster: new CustomHardwarePollster(meter, runtime) }));
  }
}
