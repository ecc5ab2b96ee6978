/**
 * The sample endpoint contract (`ceilometer.sample.endpoint`, upstream's `SampleEndpoint`): an
 * endpoint says which notifications it takes and builds samples from one; the notification agent
 * batches, publishes and acknowledges. It lives in the sdk so that plugin packages can ship
 * endpoints (upstream's namespace is open to any installed package) without importing the pipeline.
 */
import type { ConfigView } from './options.js';
import type { Logger } from './logger.js';
import type { Sample } from './sample.js';

/**
 * A notification as oslo.messaging's dispatcher hands it to endpoints, flattened into one record.
 */
export interface Notification {
  readonly event_type: string;
  readonly payload: unknown;
  /** null when the message has none (oslo passes None on; upstream then sets no `service` trait). */
  readonly publisher_id: string | null;
  /** Lower case: `info`, `sample`, `error`, ... */
  readonly priority: string;
  readonly message_id: string;
  /** As sent: oslo's `2024-05-01 12:00:00.123456`, or ISO 8601. */
  readonly timestamp: string;
  /** The request context (the `_context_*` members, prefix removed). */
  readonly ctxt?: Readonly<Record<string, unknown>>;
}

/** Priorities sample endpoints handle (upstream's `SampleEndpoint.info` and `.sample`). */
export const SAMPLE_PRIORITIES: readonly string[] = ['info', 'sample'];
/** Priorities the event endpoint handles (upstream's `EventEndpoint.info` and `.error`). */
export const EVENT_PRIORITIES: readonly string[] = ['info', 'error'];

/** The part of the meter definitions (meters.yaml) the meter endpoint uses. */
export interface MeterDefinitionsLike {
  /** Whether some definition takes this event type. */
  matches(eventType: string): boolean;
  /** The samples the definitions make of one notification. */
  toSamples(notification: Notification): Sample[];
}

/** What an endpoint entry point is constructed with (its only constructor argument). */
export interface EndpointContext {
  /** The agent's configuration. */
  readonly config: ConfigView;
  /** A logger named after the endpoint. */
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

  /** @param eventTypes upstream's `event_types` (regular expressions, joined with `|`). */
  constructor(eventTypes: readonly string[]) {
    this.#filter = eventTypeFilter(eventTypes);
  }

  /** Whether the notification's event type passes the filter. */
  accepts(notification: Notification): boolean {
    return this.#filter(notification.event_type);
  }

  /** The samples of one notification (possibly none). */
  abstract buildSamples(notification: Notification): readonly Sample[];
}
