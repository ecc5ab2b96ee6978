/**
 * A custom meter: what it asks of a host and how it computes samples, with a history of previous
 * readings for the meters that need deltas.
 */
import type { OidRequest, PollCycle, Sample } from '@ceilometer-ts/sdk';
import type { ReadingHistory } from '../counters.js';
import type { PolledHost } from '../hardware-host.js';
import type { MeterIdentity } from '../hardware-pollster.js';
import type { HostValues } from '../host-values.js';
import type { MonitorFilter } from '../monitor-filter.js';

/** What a custom meter's compute function gets. */
export interface CustomMeterInput {
  readonly host: PolledHost;
  readonly values: HostValues;
  readonly cycle: PollCycle;
  readonly filter: MonitorFilter;
  /** This meter's own previous readings, keyed by the full host URL (and row). */
  readonly history: ReadingHistory;
  /** Monotonic seconds now. */
  readonly now: number;
}

/** A custom meter definition in code. */
export interface CustomMeter extends MeterIdentity {
  readonly request: OidRequest;
  samples(input: CustomMeterInput): Sample[];
}
