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
  readonly policy?: OutagePolicy;
  /** Outage buffer bound, drop-oldest beyond it (default 1024, ceilometer's max_queue_length). */
  readonly maxQueueLength?: number;
  /** `[oslo_messaging_notifications] retry`: re-sends of one message after a failure; -1 forever. */
  readonly retry?: number;
  readonly maxInFlight?: number;
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
}

/** Per-send options. */
export interface SendOptions {
  /** Aborting it withdraws copies still waiting in the outbox (they reject with reason `cancelled`). */
  readonly signal?: AbortSignal;
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
  readonly #logger: Logger;
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
    this.#logger = options.logger ?? silentLogger;
    this.#outbox = new Outbox({
      maxQueueLength: options.maxQueueLength,
      policy: options.policy,
      retry: options.retry,
      maxInFlight: options.maxInFlight,
      logger: this.#logger,
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
    await this.sendMessage(message, notification.topics ?? this.topics, priority, options);
  }

  /** Sends an already built message dict (for re-publishing); the routing key is `<topic>.<priority lower>`. */
  async sendMessage(message: NotificationMessage, topics: readonly string[] = this.topics, priority: string = message.priority, options: SendOptions = {}): Promise<void> {
    if (this.#closing) throw new MessagingClosedError('notifier is closed');
    this.connection.start();
    const body = encodeMessageBody(message, this.driver === 'messaging' ? 1 : 2);
    const properties = { ...osloPublishProperties() } as unknown as Record<string, unknown>;
    await Promise.all(topics.map((topic) => this.#outbox.enqueue(this.exchange, `${topic}.${priority.toLowerCase()}`, body, properties, options.signal)));
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
   * confirmed, rejects what is left, and closes the connection if the notifier owns it.
   */
  async close(options: { timeoutMs?: number } = {}): Promise<{ flushed: boolean; dropped: number }> {
    if (this.#closing) return { flushed: true, dropped: 0 };
    this.#closing = true;
    this.#outbox.seal();
    const flushed = await this.#outbox.drain(options.timeoutMs ?? 10_000);
    this.#closed = true;
    const dropped = this.#outbox.close();
    this.connection.off('connected', this.#onConnected);
    this.connection.off('disconnected', this.#onDisconnected);
    const channel = this.#channel;
    this.#channel = undefined;
    if (channel) await channel.close().catch(() => {});
    if (this.#ownsConnection) await this.connection.close();
    return { flushed, dropped };
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
        await declareBoundQueue(channel, exchange, routingKey, routingKey, settings);
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

/** Declares `queue` (durability, auto-delete and arguments as oslo) and binds it to `exchange` with `routingKey`. */
export async function declareBoundQueue(channel: Channel, exchange: string, queue: string, routingKey: string, settings: RabbitSettings): Promise<void> {
  await channel.assertQueue(queue, { durable: isDurable(settings), autoDelete: settings.amqpAutoDelete, arguments: queueArguments(settings) });
  await channel.bindQueue(queue, exchange, routingKey);
}
