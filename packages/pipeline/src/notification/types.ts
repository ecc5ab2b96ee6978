/**
 * The notification agent's contracts: the notification an endpoint sees, what a consumer delivers,
 * and the transport seam (the AMQP listener lives in @ceilometer-ts/messaging and is plugged in by
 * the command, so this package needs no broker client).
 */
import type { Event } from '@ceilometer-ts/sdk';
import type { Notification } from '../meter/notification.js';

/** A notification as endpoints see it: the meter definitions' type, shared by every endpoint. */
export type { Notification } from '../meter/notification.js';

/** One delivered message, as a consumer hands it over (the shape of messaging's IncomingNotification). */
export interface IncomingMessage {
  readonly message: Readonly<Record<string, unknown>>;
  readonly context: Readonly<Record<string, unknown>>;
  readonly redelivered?: boolean;
  /** The message as delivered (what a dead-letter queue receives); its length is the message size. */
  readonly body?: Uint8Array;
  readonly exchange?: string;
  readonly routingKey?: string;
}

/** What becomes of a delivered message: `handled` acknowledges it, `requeue` puts it back. */
export type Disposition = 'handled' | 'requeue';

/** Where and how one consumer listens (one per messaging URL and worker). */
export interface ConsumerSpec {
  /** Transport URL; undefined means `[DEFAULT] transport_url`. */
  readonly url: string | undefined;
  readonly targets: readonly { readonly exchange: string; readonly topic: string }[];
  /** Lower-case priorities to bind. */
  readonly priorities: readonly string[];
  readonly prefetch: number;
  /** 0-based worker index (for logs and connection names). */
  readonly worker: number;
  /**
   * Only one consumer of each queue gets messages at a time, the others wait (RabbitMQ's
   * `x-single-active-consumer` queue argument): the partition queues of a partitioned agent, so a
   * partition handed from one agent to another is never consumed by both.
   */
  readonly singleActiveConsumer?: boolean;
  /** Settles a message: resolve `handled` to ack, `requeue` to put it back. Never rejects. */
  readonly handler: (message: IncomingMessage) => Promise<Disposition>;
}

/** A running consumer. */
export interface NotificationConsumer {
  /**
   * Resolves once consuming, however long its broker takes to come (it retries on its own); rejects
   * when `stop()` is called first.
   */
  start(): Promise<void>;
  /** Stops taking messages, waits for handlers in flight (up to `timeoutMs`), disconnects. */
  stop(timeoutMs?: number): Promise<void>;
  /**
   * Optional: stops taking messages at once (the AMQP consumer is cancelled), handlers in flight go
   * on. Resolves true once nothing more will be delivered, so a message handed back from then on stays
   * with the broker; false when that is not sure. Without it, the agent keeps the requeue backoff
   * until `stop()` returns.
   */
  pause?(): Promise<boolean>;
}

/** Makes consumers; the command passes an AMQP one, tests a fake. */
export type ConsumerFactory = (spec: ConsumerSpec) => NotificationConsumer;

/** The part of MeterDefinitions (meters.yaml) the meter endpoint uses: the sdk's contract. */
export type { MeterDefinitionsLike } from '@ceilometer-ts/sdk';

/** The part of EventConverter (event_definitions.yaml) the event endpoint uses. */
export interface EventConverterLike {
  toEvent(notification: Notification): Event | null;
}

/** A message moved aside: over the work budget, or out of delivery attempts. */
export interface DeadLetter {
  readonly message: IncomingMessage;
  /** The journal key (the oslo `message_id`), when the message has one. */
  readonly id: string | undefined;
  readonly reason: string;
  readonly attempts: number;
}

/** Where moved-aside messages go (`[notification] dead_letter_queue`; the command supplies an AMQP one). */
export interface DeadLetterSink {
  /** Resolves once the message is safely stored (broker confirm); rejects otherwise (the message is then requeued). */
  publish(letter: DeadLetter): Promise<void>;
  close(): Promise<void>;
}
