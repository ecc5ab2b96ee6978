/**
 * The pollster of one custom meter; keeps the meter's previous readings across cycles.
 */
import type { OidRequest, PollCycle, Sample } from '@ceilometer-ts/sdk';
import { ReadingHistory } from './counters.js';
import type { CustomMeter } from './custom/custom-meter.js';
import type { PolledHost } from './hardware-host.js';
import { HardwarePollster } from './hardware-pollster.js';
import type { HostValues } from './host-values.js';
import type { HardwareRuntime } from './runtime.js';

/** Runs a {@link CustomMeter}. */
export class CustomHardwarePollster extends HardwarePollster {
  protected readonly request: OidRequest;
  readonly #history = new ReadingHistory();

  constructor(
    readonly definition: CustomMeter,
    runtime: HardwareRuntime,
  ) {
    super({ name: definition.name, type: definition.type, unit: definition.unit }, runtime);
    this.request = definition.request;
  }

  protected samplesFor(host: PolledHost, values: HostValues, cycle: PollCycle): Sample[] {
    return this.definition.samples({ host, values, cycle, filter: this.filter, history: this.#history, now: this.runtime.clock() });
  }
}
