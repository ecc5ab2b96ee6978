/**
 * An oslo.messaging notification listener over AMQP (what ceilometer-agent-notification consumes
 * with): for every target (exchange, topic) and priority, a queue `<topic>.<priority>` (or the pool
 * name when a pool is given) bound with routing key `<topic>.<priority>`, prefetch-bounded, acked
 * after the handler settles, redeclared and resumed on reconnect.
 *
 * Like oslo's `ensure_connection`, a listener whose broker is away waits for it as long as it takes
 * (its connection logs each backoff step); `stop()` ends the wait at once.
 */
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { AmqpConnection, type AmqpConnectionOptions } from './amqp-connection.js';
import { decodeMessageBody } from './envelope.js';
import { ListenerStartTimeoutError, MessagingClosedError } from './errors.js';
import { declareBoundQueue } from './notifier.js';
import { backoffDelay } from './amqp-connection.js';
import { AckCoalescer } from './ack-coalescer.js';
import { runDetached } from './detached.js';
import { isDurable } from './settings.js';

/** Where notifications come from: `exchange` defaults to the listener's default exchange. */
export interface NotificationTarget {
  readonly topic: string;
  readonly exchange?: string;
}

/** One notification handed to the handler. */
export interface IncomingNotification {
  /** The message dict (message_id, publisher_id, event_type, priority, payload, timestamp, ...). */
  readonly message: Readonly<Record<string, unknown>>;
  readonly context: Readonly<Record<string, unknown>>;
  readonly envelopeVersion: 1 | 2;
  readonly exchange: string;
  readonly routingKey: string;
  readonly queue: string;
  readonly redelivered: boolean;
  /** The AMQP body as delivered (what a dead-letter queue gets back unchanged). */
  readonly body: Buffer;
}

/** What the handler returns: `requeue` puts the message back (when `allowRequeue`), anything else acks. */
export type NotificationResult = 'handled' | 'requeue' | void;

/** Options of {@link NotificationListener}. */
export interface NotificationListenerOptions extends Omit<AmqpConnectionOptions, 'url'> {
  readonly url?: AmqpConnectionOptions['url'];
  readonly connection?: AmqpConnection;
  readonly targets: readonly NotificationTarget[];
  /** Lower-case priorities to bind; default all seven oslo priorities. */
  readonly priorities?: readonly string[];
  /** Pool name: one shared queue with that name instead of one queue per routing key. */
  readonly pool?: string;
  /** Default `ceilometer` (control_exchange). */
  readonly defaultExchange?: string;
  /** Prefetch; default `rabbit_qos_prefetch_count` (100 in Ceilometer). 0 = unlimited. */
  readonly prefetch?: number;
  /**
   * Arguments added to the queues it declares, e.g. `{ 'x-single-active-consumer': true }`: RabbitMQ
   * then delivers to one consumer of the queue at a time, the next one taking over when it cancels or
   * its connection dies. Whoever else declares the queue must pass the same.
   */
  readonly queueArguments?: Readonly<Record<string, unknown>>;
  /** oslo's `allow_requeue`: a `requeue` result or a throwing handler puts the message back. Default false. */
  readonly allowRequeue?: boolean;
  readonly handler: (notification: IncomingNotification) => Promise<NotificationResult> | NotificationResult;
}

/** Listener counters. */
export interface ListenerStats {
  readonly received: number;
  readonly acked: number;
  readonly requeued: number;
  readonly malformed: number;
  readonly handlerErrors: number;
}

/** Every oslo notification priority, as routing-key suffixes. */
export const ALL_PRIORITIES = ['audit', 'debug', 'info', 'warn', 'error', 'critical', 'sample'] as const;

/** Consumes oslo.messaging notifications; `start()` then `stop()`. */
export class NotificationListener {
  readonly connection: AmqpConnection;
  readonly #options: NotificationListenerOptions;
  readonly #owns: boolean;
  readonly #logger: Logger;
  #channel: Channel | undefined;
  /** Each consumer channel's acknowledgements (combined per event-loop turn). */
  readonly #acks = new WeakMap<Channel, AckCoalescer>();
  /** Consumer tags on `#channel`, cancelled first thing on stop(). */
  #consumerTags: string[] = [];
  #running = false;
  #stopped = false;
  /** pause() was called: no consumer is (re)started from now on. */
  #paused = false;
  #consuming = false;
  #starting: Promise<void> | undefined;
  #startWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  #setupFailures = 0;
  #inHandler = 0;
  #stats = { received: 0, acked: 0, requeued: 0, malformed: 0, handlerErrors: 0 };
  readonly #onConnected = (model: ChannelModel): void => this.#startSetup(model);
  readonly #onDisconnected = (): void => {
    this.#channel = undefined;
    this.#consuming = false;
  };

  constructor(options: NotificationListenerOptions) {
    if (!options.connection && !options.url) throw new TypeError('NotificationListener needs a url or a connection');
    this.#options = options;
    this.connection = options.connection ?? new AmqpConnection({ ...options, url: options.url! });
    this.#owns = !options.connection;
    this.#logger = options.logger ?? silentLogger;
  }

  /** The (queue, exchange, routing key) bindings this listener declares. */
  bindings(): Array<{ queue: string; exchange: string; routingKey: string }> {
    const out: Array<{ queue: string; exchange: string; routingKey: string }> = [];
    for (const target of this.#options.targets) {
      for (const priority of this.#options.priorities ?? ALL_PRIORITIES) {
        const routingKey = `${target.topic}.${priority}`;
        out.push({ queue: this.#options.pool ?? routingKey, exchange: target.exchange ?? this.#options.defaultExchange ?? 'ceilometer', routingKey });
      }
    }
    return out;
  }

  /**
   * Connects, declares and starts consuming; resolves once consuming. Without `timeoutMs` it waits
   * for the broker however long it is away; with it, a listener not consuming in time stops and
   * rejects with ListenerStartTimeoutError. `stop()` before then rejects it with MessagingClosedError.
   * Calling it again returns the same promise.
   */
  start(timeoutMs?: number): Promise<void> {
    if (this.#stopped) return Promise.reject(new MessagingClosedError('listener stopped'));
    if (this.#starting) return this.#starting;
    this.#running = true;
    const consuming = new Promise<void>((resolve, reject) => this.#startWaiters.push({ resolve, reject }));
    this.connection.on('connected', this.#onConnected);
    this.connection.on('disconnected', this.#onDisconnected);
    if (this.connection.model) this.#startSetup(this.connection.model);
    this.connection.start();
    this.#starting = timeoutMs === undefined ? consuming : this.#withTimeout(consuming, timeoutMs);
    return this.#starting;
  }

  /** True once consuming (and until the connection drops). */
  get consuming(): boolean {
    return this.#consuming;
  }

  async #withTimeout(consuming: Promise<void>, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), timeoutMs);
    });
    try {
      if ((await Promise.race([consuming, expired])) !== 'expired') return;
    } finally {
      clearTimeout(timer);
    }
    // never half-started: a listener that gave up does not go on connecting in the background
    const failure = this.connection.lastFailure;
    await this.stop();
    throw new ListenerStartTimeoutError(this.connection.describeUrl(), timeoutMs, failure?.message);
  }

  stats(): ListenerStats {
    return { ...this.#stats };
  }

  /**
   * Stops consuming (cancels its consumers first, so a message handed back while the handlers finish
   * stays with the broker instead of coming straight back), waits up to `timeoutMs` for running
   * handlers, closes what it owns.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.#stopped = true;
    if (!this.#running) return;
    this.#running = false;
    this.#consuming = false;
    const deadline = Date.now() + timeoutMs;
    this.connection.off('connected', this.#onConnected);
    this.connection.off('disconnected', this.#onDisconnected);
    for (const waiter of this.#startWaiters.splice(0)) waiter.reject(new MessagingClosedError('listener stopped before it was consuming'));
    await this.#cancelConsumers(deadline);
    while (this.#inHandler > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const channel = this.#channel;
    this.#channel = undefined;
    if (channel) {
      this.#acks.get(channel)?.flush(); // acks of handlers that just finished go before the close
      await channel.close().catch(() => {});
    }
    if (this.#owns) await this.connection.close();
  }

  /**
   * Stops taking messages without closing: cancels the consumers (on reconnect none is started
   * again); handlers in flight go on and settle their messages, and one handed back from then on stays
   * with the broker. Resolves true once the broker confirmed the cancel (or there was no consumer),
   * false when it did not answer within `timeoutMs`. stop() does this first anyway.
   */
  async pause(timeoutMs = 5000): Promise<boolean> {
    this.#paused = true;
    return this.#cancelConsumers(Date.now() + timeoutMs);
  }

  /** basic.cancel for every consumer, bounded by `deadline` (a dead channel cannot answer); true when done in time. */
  async #cancelConsumers(deadline: number): Promise<boolean> {
    const channel = this.#channel;
    const tags = this.#consumerTags.splice(0);
    if (!channel || tags.length === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(deadline - Date.now(), 0));
    });
    // a channel that died meanwhile delivers nothing more either
    const cancelled = Promise.all(tags.map((tag) => channel.cancel(tag).catch(() => undefined))).then(() => true as const);
    const done = await Promise.race([cancelled, expired]);
    clearTimeout(timer);
    return done;
  }

  #startSetup(model: ChannelModel): void {
    runDetached(this.#setup(model), this.#logger, 'notification listener setup');
  }

  async #setup(model: ChannelModel): Promise<void> {
    if (!this.#running) return;
    const settings = this.connection.settings;
    let channel: Channel | undefined;
    try {
      channel = await model.createChannel();
      const opened = channel;
      opened.on('error', (err: Error) => this.#logger.error({ err: err.message }, 'AMQP consumer channel error'));
      opened.once('close', () => {
        if (this.#channel !== opened) return;
        this.#channel = undefined;
        this.#consuming = false;
        if (this.#running && this.connection.model === model) this.#retrySetup(model, 'consumer channel closed');
      });
      const prefetch = this.#options.prefetch ?? settings.qosPrefetchCount;
      if (prefetch > 0) await opened.prefetch(prefetch, false);
      const queues = new Set<string>();
      const exchanges = new Set<string>();
      for (const b of this.bindings()) {
        if (!exchanges.has(b.exchange)) {
          await opened.assertExchange(b.exchange, 'topic', { durable: isDurable(settings), autoDelete: settings.amqpAutoDelete });
          exchanges.add(b.exchange);
        }
        await declareBoundQueue(opened, b.exchange, b.queue, b.routingKey, settings, this.#options.queueArguments);
        queues.add(b.queue);
      }
      if (!this.#running || this.#paused) {
        // stopped (or paused) while declaring: nothing may consume after stop() or pause()
        await opened.close().catch(() => {});
        return;
      }
      const tags: string[] = [];
      const acks = new AckCoalescer(opened, (error) => this.#settleFailed(error));
      this.#acks.set(opened, acks);
      for (const queue of queues) {
        const { consumerTag } = await opened.consume(queue, (msg) => {
          if (!msg) return;
          acks.delivered(msg);
          runDetached(this.#deliver(acks, queue, msg), this.#logger, 'message delivery');
        }, { noAck: false });
        tags.push(consumerTag);
      }
      if (this.#paused && this.#running) {
        // paused while the consumers were being registered: take them back (stop() closes the rest)
        await Promise.all(tags.map((tag) => opened.cancel(tag).catch(() => undefined)));
        tags.length = 0;
      }
      this.#consumerTags = tags;
      this.#channel = opened;
      this.#consuming = true;
      this.#setupFailures = 0;
      this.#logger.info({ url: this.connection.describeUrl(), queues: [...queues] }, 'notification listener consuming');
      for (const waiter of this.#startWaiters.splice(0)) waiter.resolve();
    } catch (error) {
      if (channel && this.#channel !== channel) await channel.close().catch(() => {});
      if (this.#running && this.connection.model === model) this.#retrySetup(model, (error as Error).message);
    }
  }

  /** Declaring or consuming failed on a live connection (PRECONDITION_FAILED, ...): again, with backoff. */
  #retrySetup(model: ChannelModel, reason: string): void {
    const delay = backoffDelay(this.connection.policy, this.#setupFailures++);
    this.#logger.error({ err: reason, retryInMs: delay }, `notification listener setup failed (${reason}); retrying in ${Number((delay / 1000).toPrecision(2))} s`);
    setTimeout(() => {
      if (this.#running && this.connection.model === model && !this.#channel) this.#startSetup(model);
    }, delay).unref();
  }

  async #deliver(acks: AckCoalescer, queue: string, msg: ConsumeMessage): Promise<void> {
    this.#stats.received++;
    let decoded;
    try {
      decoded = decodeMessageBody(msg.content);
    } catch (error) {
      this.#stats.malformed++;
      this.#logger.error({ queue, err: (error as Error).message, bytes: msg.content.length }, 'malformed message skipped');
      this.#settle(acks, msg, false);
      return;
    }
    this.#inHandler++;
    let requeue = false;
    try {
      const result = await this.#options.handler({
        message: decoded.message,
        context: decoded.context,
        envelopeVersion: decoded.envelopeVersion,
        exchange: msg.fields.exchange,
        routingKey: msg.fields.routingKey,
        queue,
        redelivered: msg.fields.redelivered,
        body: msg.content,
      });
      requeue = result === 'requeue';
    } catch (error) {
      this.#stats.handlerErrors++;
      this.#logger.error({ queue, err: (error as Error).message }, 'notification handler failed');
      requeue = true; // oslo's dispatcher turns a callback exception into REQUEUE
    } finally {
      this.#inHandler--;
    }
    this.#settle(acks, msg, requeue && (this.#options.allowRequeue ?? false));
  }

  #settle(acks: AckCoalescer, msg: ConsumeMessage, requeue: boolean): void {
    try {
      if (requeue) {
        acks.nack(msg, true);
        this.#stats.requeued++;
      } else {
        acks.ack(msg); // sent at the end of this event-loop turn, combined with the others
        this.#stats.acked++;
      }
    } catch (error) {
      this.#settleFailed(error);
    }
  }

  /** The channel died meanwhile (or was closed by stop() after its timeout): the broker redelivers the message. */
  #settleFailed(error: unknown): void {
    const fields = { err: (error as Error).message };
    if (this.#stopped) this.#logger.debug(fields, 'cannot settle message after stop; the broker keeps it');
    else this.#logger.warn(fields, 'cannot settle message; it will be redelivered');
  }
}
