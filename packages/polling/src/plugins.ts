/**
 * What the agent polls with: pollsters and discoveries as plain named entries, whether they came
 * from the registry (`load-pollsters.ts`) or were made by hand in a test.
 */
import type { Discovery, EntryPointRef, Pollster } from '@ceilometer-ts/sdk';

/** A pollster under the meter name it serves. */
export interface PollsterEntry<R = unknown> {
  readonly name: string;
  readonly pollster: Pollster<R>;
  /** Where it was loaded from, for logs. */
  readonly entryPoint?: EntryPointRef;
}

/** A discovery under the name polling.yaml refers to it by. */
export interface DiscoveryEntry<R = unknown> {
  readonly name: string;
  readonly discovery: Discovery<R>;
  readonly entryPoint?: EntryPointRef;
}
