/**
 * An oslo.messaging notifier over AMQP, as Ceilometer's polling agent uses it: driver `messagingv2`,
 * exchange `ceilometer` (control_exchange), routing key `<topic>.<priority>` and, like oslo's rabbit
 * driver on notify, the exchange plus a queue named after the routing key declared and bound before
 * the first publish, so nothing is lost before a consumer exists. Sends settle on publisher confirms.
 */
import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { AmqpConnection, type AmqpConnectionOptions } from './amqp-connection.js';
import { buildNotification, encodeMessageBody, osloPublishProperties, type NotificationMessage } from './envelope.js';
import { MessagingClosedError } from './errors.js';
import { Outbox, type OutagePolicy, type OutboxChannel, type OutboxStats } from './outbox.js';
import { runDetached } from './detached.js';
import { isDurable, queueArguments, type RabbitSettings } from './settings.js';

/** Options of {@link AmqpNotifier}. */
export interface AmqpNotifierOptions extends Omit<AmqpConnectionOptions, 'url'> {
  /** Transport URL (`rabbit://...`); not needed when `connection` is given. */
  readonly url?: AmqpConnectionOptions['url'];
  /** Share an existing connection (the notifier then does not close it). */
  readonly connection?: AmqpConnection;
  /** `[DEFAULT] control_exchange`; default `ceilometer`. */
  readonly exchange?: string;
  /** `[oslo_messaging_notifications] topics`; default `['notifications']`. */
  readonly topics?: readonly string[];
  /** Default `ceilometer.polling`. */
  readonly publisherId?: string;
  /** `messagingv2` (envelope, default), `messaging` (v1 bare dict) or `noop`. */
  readonly driver?: 'messagingv2' | 'messaging' | 'noop';
  /** Declare the `<topic>.<priority>` queue like oslo's notify_send (default true). */
  readonly declareQueues?: boolean;
  /** Arguments added to the queues it declares (`x-single-active-consumer` for the partition queues); consumers must declare the same. */
  readonly queueArguments?: Readonly<Record<string, unknown>>;
  readonly policy?: OutagePolicy;
  /** Outage buffer bound, drop-oldest beyond it (default 1024, ceilometer's max_queue_length). */
  readonly maxQueueLength?: number;
  /** `[oslo_messaging_notifications] retry`: re-sends of one message after a failure; -1 forever. */
  readonly retry?: number;
  readonly maxInFlight?: number;
  /** What the records of a payload are called in logs (`samples`, `events`); default `records`. */
  readonly itemsName?: string;
  /** One line per this interval while notifications are held during an outage (default 60 s, 0 = off). */
  readonly heldReportIntervalMs?: number;
  /**
   * While close() waits for held notifications, the broker is retried this often (default 500 ms)
   * instead of the reconnect backoff, within the close timeout.
   */
  readonly closingRetryIntervalMs?: number;
}

/** One notification to send. */
export interface OutgoingNotification {
  readonly eventType: string;
  readonly payload: unknown;
  /** Default `SAMPLE`; the routing key uses it in lower case. */
  readonly priority?: string;
  /** Overrides the notifier's topics for this message. */
  readonly topics?: readonly string[];
  readonly publisherId?: string;
  /** Request context, sent as `_context_*` members. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Records it carries, for counts in logs; default from the payload ({@link payloadRecords}). */
  readonly records?: number;
}

/** What {@link AmqpNotifier.close} did. */
export interface NotifierCloseResult {
  /** True when every notification accepted before close was confirmed by the broker. */
  readonly flushed: boolean;
  /** Notifications confirmed by the broker while closing, and their records. */
  readonly sent: number;
  readonly sentRecords: number;
  /** Notifications given up while closing (still unconfirmed at the timeout, retries exhausted), and their records. */
  readonly dropped: number;
  readonly droppedRecords: number;
}

/**
 * Records (samples, events) in a notification payload, for counts in logs: a list's length (the
 * `notifier://` publisher's meters or events), the length of `samples` (`telemetry.polling`), else 1.
 */
export function payloadRecords(payload: unknown): number {
  if (Array.isArray(payload)) return payload.length;
  if (payload !== null && typeof payload === 'object') {
    const samples = (payload as { samples?: unknown }).samples;
    if (Array.isArray(samples)) return samples.length;
  }
  return 1;
}

/** Per-send options. */
export interface SendOptions {
  /** Aborting it withdraws copies still waiting in the outbox (they reject with reason `cancelled`). */
  readonly signal?: AbortSignal;
  /** Records (samples, events) the message carries, for counts in logs; default: counted from the payload. */
  readonly records?: number;
}

/** Notifier counters. */
export interface NotifierStats extends OutboxStats {
  readonly connected: boolean;
  readonly reconnects: number;
}

/** The oslo.messaging `Notifier` + rabbit driver, with an outage buffer and publisher confirms. */
export class AmqpNotifier {
  readonly connection: AmqpConnection;
  readonly exchange: string;
  readonly topics: readonly string[];
  readonly publisherId: string;
  readonly driver: 'messagingv2' | 'messaging' | 'noop';
  readonly #outbox: Outbox;
  readonly #ownsConnection: boolean;
  readonly #declareQueues: boolean;
  readonly #queueArguments: Readonly<Record<string, unknown>> | undefined;
  readonly #logger: Logger;
  readonly #itemsName: string;
  readonly #closingRetryIntervalMs: number;
  #channel: ConfirmChannel | undefined;
  #closing = false;
  #closed = false;
  readonly #onConnected = (model: ChannelModel): void => this.#startOpenChannel(model);
  readonly #onDisconnected = (): void => this.#dropChannel();

  constructor(options: AmqpNotifierOptions) {
    if (!options.connection && !options.url) throw new TypeError('AmqpNotifier needs a url or a connection');
    this.connection = options.connection ?? new AmqpConnection({ ...options, url: options.url! });
    this.#ownsConnection = !options.connection;
    this.exchange = options.exchange ?? 'ceilometer';
    this.topics = options.topics?.length ? [...options.topics] : ['notifications'];
    this.publisherId = options.publisherId ?? 'ceilometer.polling';
    this.driver = options.driver ?? 'messagingv2';
    this.#declareQueues = options.declareQueues ?? true;
    this.#queueArguments = options.queueArguments;
    this.#logger = options.logger ?? silentLogger;
    this.#itemsName = options.itemsName ?? 'records';
    this.#closingRetryIntervalMs = options.closingRetryIntervalMs ?? 500;
    this.#outbox = new Outbox({
      maxQueueLength: options.maxQueueLength,
      policy: options.policy,
      retry: options.retry,
      maxInFlight: options.maxInFlight,
      logger: this.#logger,
      destination: this.connection.describeUrl(),
      itemsName: this.#itemsName,
      heldReportIntervalMs: options.heldReportIntervalMs,
    });
    this.connection.on('connected', this.#onConnected);
    this.connection.on('disconnected', this.#onDisconnected);
    if (this.connection.model) this.#startOpenChannel(this.connection.model);
  }

  get settings(): RabbitSettings {
    return this.connection.settings;
  }

  /** Starts connecting now instead of at the first send. */
  start(): void {
    this.connection.start();
  }

  /**
   * Sends one notification to each topic (`<topic>.<priority>`); resolves when the broker has
   * confirmed every copy. Rejects with NotificationDroppedError when the outage policy gives up.
   */
  async send(notification: OutgoingNotification, options: SendOptions = {}): Promise<void> {
    if (this.#closing) throw new MessagingClosedError('notifier is closed');
    if (this.driver === 'noop') return;
    this.connection.start();
    const priority = notification.priority ?? 'SAMPLE';
    const message = buildNotification({
      publisherId: notification.publisherId ?? this.publisherId,
      eventType: notification.eventType,
      priority,
      payload: notification.payload,
      context: notification.context,
    });
    await this.sendMessage(message, notification.topics ?? this.topics, priority, { ...options, ...(notification.records === undefined ? {} : { records: notification.records }) });
  }

  /**
   * Sends an already built message dict (for re-publishing); the routing key is `<topic>.<priority lower>`.
   * `options.records` (default from the payload) only counts what it carries in logs.
   */
  async sendMessage(message: NotificationMessage, topics: readonly string[] = this.topics, priority: string = message.priority, options: SendOptions = {}): Promise<void> {
    if (this.#closing) throw new MessagingClosedError('notifier is closed');
    this.connection.start();
    const body = encodeMessageBody(message, this.driver === 'messaging' ? 1 : 2);
    const properties = { ...osloPublishProperties() } as unknown as Record<string, unknown>;
    const count = options.records ?? payloadRecords(message.payload);
    await Promise.all(topics.map((topic) => this.#outbox.enqueue(this.exchange, `${topic}.${priority.toLowerCase()}`, body, properties, options.signal, count)));
  }

  /** `Notifier.sample(ctxt, event_type, payload)`. */
  sample(eventType: string, payload: unknown, context?: Readonly<Record<string, unknown>>): Promise<void> {
    return this.send({ eventType, payload, priority: 'SAMPLE', context });
  }

  /** `Notifier.info(ctxt, event_type, payload)`. */
  info(eventType: string, payload: unknown, context?: Readonly<Record<string, unknown>>): Promise<void> {
    return this.send({ eventType, payload, priority: 'INFO', context });
  }

  stats(): NotifierStats {
    return { ...this.#outbox.stats(), connected: this.#channel !== undefined, reconnects: this.connection.reconnects };
  }

  /**
   * Stops accepting notifications, waits up to `timeoutMs` (default 10 s) for pending ones to be
   * confirmed, rejects what is left, and closes the connection if the notifier owns it. While it
   * waits, a broker that is away is retried every `closingRetryIntervalMs` instead of the reconnect
   * backoff, so one that comes back in time gets everything held. Ends with one log line saying how
   * many notifications (and records) were flushed and how many dropped.
   */
  async close(options: { timeoutMs?: number } = {}): Promise<NotifierCloseResult> {
    if (this.#closing) return { flushed: true, sent: 0, sentRecords: 0, dropped: 0, droppedRecords: 0 };
    this.#closing = true;
    const timeoutMs = Math.max(options.timeoutMs ?? 10_000, 0);
    const before = this.#outbox.stats();
    const held = this.#outbox.pending;
    this.#outbox.seal();
    if (held > 0) {
      this.connection.expedite(Date.now() + timeoutMs, this.#closingRetryIntervalMs);
      if (!this.#channel) {
        this.#logger.info(
          { url: this.connection.describeUrl(), held, heldRecords: before.pendingRecords, timeoutMs },
          `stopping with ${held} notification(s) (${before.pendingRecords} ${this.#itemsName}) held for broker ${this.connection.describeUrl()}: retrying it every ${seconds(this.#closingRetryIntervalMs)} s for up to ${seconds(timeoutMs)} s`,
        );
      }
    }
    const flushed = await this.#outbox.drain(timeoutMs);
    this.#closed = true;
    this.#outbox.close();
    const after = this.#outbox.stats();
    const result: NotifierCloseResult = {
      flushed,
      sent: after.sent - before.sent,
      sentRecords: after.sentRecords - before.sentRecords,
      dropped: after.dropped - before.dropped,
      droppedRecords: after.droppedRecords - before.droppedRecords,
    };
    this.#logClosed(result, timeoutMs);
    this.connection.off('connected', this.#onConnected);
    this.connection.off('disconnected', this.#onDisconnected);
    const channel = this.#channel;
    this.#channel = undefined;
    if (channel) await channel.close().catch(() => {});
    if (this.#ownsConnection) await this.connection.close();
    return result;
  }

  /** The closing line: what was flushed and what was dropped, with counts. */
  #logClosed(result: NotifierCloseResult, timeoutMs: number): void {
    const url = this.connection.describeUrl();
    const items = this.#itemsName;
    const fields = { url, ...result, timeoutMs };
    const sent = `${result.sent} notification(s) (${result.sentRecords} ${items}) flushed to ${url} on close`;
    if (result.dropped === 0) {
      this.#logger.info(fields, `notifier closed: ${sent}; none dropped`);
    } else {
      this.#logger.warn(fields, `notifier closed: ${sent}; ${result.dropped} notification(s) (${result.droppedRecords} ${items}) dropped, not confirmed by the broker within ${seconds(timeoutMs)} s`);
    }
  }

  #startOpenChannel(model: ChannelModel): void {
    runDetached(this.#openChannel(model), this.#logger, 'notifier channel setup');
  }

  async #openChannel(model: ChannelModel): Promise<void> {
    if (this.#closed) return;
    let channel: ConfirmChannel;
    try {
      channel = await model.createConfirmChannel();
    } catch (error) {
      this.#logger.error({ err: (error as Error).message }, 'cannot open a confirm channel');
      this.connection.forceReconnect(error as Error);
      return;
    }
    if (this.#closed || this.connection.model !== model) {
      await channel.close().catch(() => {});
      return;
    }
    channel.on('error', (err: Error) => this.#logger.error({ err: err.message }, 'AMQP channel error'));
    channel.once('close', () => {
      if (this.#channel !== channel) return;
      this.#dropChannel();
      // a channel-level error (PRECONDITION_FAILED, ...) closes only the channel: start over
      if (!this.#closed && this.connection.model === model) {
        setTimeout(() => {
          if (!this.#closed && this.connection.model === model && !this.#channel) this.#startOpenChannel(model);
        }, this.connection.policy.initialDelayMs).unref();
      }
    });
    this.#channel = channel;
    this.#outbox.attach(this.#adapter(channel));
  }

  #dropChannel(): void {
    this.#channel = undefined;
    this.#outbox.detach();
  }

  #adapter(channel: ConfirmChannel): OutboxChannel {
    const settings = this.settings;
    const durable = isDurable(settings);
    const exchanges = new Set<string>();
    const queues = new Set<string>();
    const declare = async (exchange: string, routingKey: string): Promise<void> => {
      if (!exchanges.has(exchange)) {
        await channel.assertExchange(exchange, 'topic', { durable, autoDelete: settings.amqpAutoDelete });
        exchanges.add(exchange);
      }
      const key = `${exchange}\u0000${routingKey}`;
      if (this.#declareQueues && !queues.has(key)) {
        await declareBoundQueue(channel, exchange, routingKey, routingKey, settings, this.#queueArguments);
        queues.add(key);
      }
    };
    return {
      prepare: (exchange, routingKey) => {
        const ready = exchanges.has(exchange) && (!this.#declareQueues || queues.has(`${exchange}\u0000${routingKey}`));
        return ready ? null : declare(exchange, routingKey);
      },
      publish: (exchange, routingKey, body, properties, confirm) => channel.publish(exchange, routingKey, body, properties, confirm),
      onDrain: (listener) => channel.once('drain', listener),
      fail: (error) => {
        this.#logger.error({ err: error.message }, 'publishing failed; reopening the channel');
        if (this.#channel === channel) this.#dropChannel();
        channel.close().catch(() => {});
        if (!this.#closed && this.connection.model) {
          const model = this.connection.model;
          setTimeout(() => {
            if (!this.#closed && this.connection.model === model && !this.#channel) this.#startOpenChannel(model);
          }, this.connection.policy.initialDelayMs).unref();
        }
      },
    };
  }
}

/** Milliseconds as seconds for logs, to a tenth (`29.8`, `0.5`). */
function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** Declares `queue` (durability, auto-delete and arguments as oslo, plus `extraArguments`) and binds it to `exchange` with `routingKey`. */
export async function declareBoundQueue(channel: Channel, exchange: string, queue: string, routingKey: string, settings: RabbitSettings, extraArguments?: Readonly<Record<string, unknown>>): Promise<void> {
  await channel.assertQueue(queue, { durable: isDurable(settings), autoDelete: settings.amqpAutoDelete, arguments: { ...queueArguments(settings), ...extraArguments } });
  await channel.bindQueue(queue, exchange, routingKey);
}
