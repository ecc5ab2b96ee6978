/**
 * The Pollster contract (upstream's `plugin_base.PollsterBase`), and pollster builders
 * (`ceilometer.builder.poll.<ns>`: one plugin making many pollsters from a definitions file).
 */
import type { PollCycle } from './poll-cycle.js';
import type { Sample } from './sample.js';

/** A `ceilometer.poll.<ns>` entry point: gives the samples of one meter for the resources of a cycle. */
export interface Pollster<R = unknown> {
  /**
   * Discovery used when the polling source lists neither `resources` nor `discovery`
   * (upstream's `default_discovery`); null when the pollster needs no resources.
   */
  readonly defaultDiscovery: string | null;
  /** Optional one-time checks; throw ExtensionLoadError to be skipped quietly. */
  setup?(): Promise<void>;
  /**
   * Samples for the given resources. Throw PollsterPermanentError(resources) for resources that
   * must not be polled again; any other error is logged once per cycle and the cycle goes on.
   */
  getSamples(cycle: PollCycle, resources: readonly R[]): AsyncIterable<Sample> | Promise<Iterable<Sample>> | Iterable<Sample>;
}

/** A pollster made by a builder, with the meter name it serves. */
export interface BuiltPollster<R = unknown> {
  readonly name: string;
  readonly pollster: Pollster<R>;
}

/** What a `ceilometer.builder.poll.<ns>` entry point instance provides. */
export interface PollsterBuilder {
  /** The pollsters this builder makes, each with the meter name it serves. */
  buildPollsters(): Promise<readonly BuiltPollster[]> | readonly BuiltPollster[];
}
