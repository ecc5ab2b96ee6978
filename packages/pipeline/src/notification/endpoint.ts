/**
 * The sample endpoint contract (`ceilometer.sample.endpoint`, upstream's SampleEndpoint): an
 * endpoint says which notifications it takes and builds samples from one; the agent batches,
 * publishes and acknowledges.
 */
import type { ConfigView, Logger, Sample } from '@ceilometer-ts/sdk';
import type { MeterDefinitionsLike, Notification } from './types.js';

/** Priorities sample endpoints handle (upstream's `SampleEndpoint.info` and `.sample`). */
export const SAMPLE_PRIORITIES: readonly string[] = ['info', 'sample'];
/** Priorities the event endpoint handles (upstream's `EventEndpoint.info` and `.error`). */
export const EVENT_PRIORITIES: readonly string[] = ['info', 'error'];

/** What an endpoint entry point is constructed with (its only constructor argument). */
export interface EndpointContext {
  readonly config: ConfigView;
  readonly logger: Logger;
  /** Loads meters.yaml definitions (`[meter] meter_definitions_dirs`); the agent provides it. */
  readonly loadMeterDefinitions?: () => Promise<MeterDefinitionsLike>;
}

/** Turns notifications into samples. Implementations must not keep per-message state. */
export interface SampleEndpoint {
  /** Whether this endpoint takes the notification (event type filter; priority is checked by the agent). */
  accepts(notification: Notification): boolean;
  /**
   * The samples of one notification (possibly none).
   * @throws for a notification it cannot read; the agent logs it and acknowledges the message.
   */
  buildSamples(notification: Notification): readonly Sample[];
  /** Optional async set-up, run once after construction (the registry calls it). */
  setup?(): Promise<void>;
}

/**
 * Compiles an oslo `NotificationFilter(event_type='|'.join(types))`: a regular expression matched
 * at the start of the event type (Python's `re.match`). An empty list takes everything.
 */
export function eventTypeFilter(types: readonly string[]): (eventType: string) => boolean {
  if (types.length === 0) return () => true;
  const re = new RegExp(`^(?:${types.join('|')})`);
  return (eventType) => re.test(eventType);
}

/** Base of endpoints that filter on a fixed list of event types. */
export abstract class FilteredSampleEndpoint implements SampleEndpoint {
  readonly #filter: (eventType: string) => boolean;

  constructor(eventTypes: readonly string[]) {
    this.#filter = eventTypeFilter(eventTypes);
  }

  accepts(notification: Notification): boolean {
    return this.#filter(notification.event_type);
  }

  abstract buildSamples(notification: Notification): readonly Sample[];
}
