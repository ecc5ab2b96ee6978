/**
 * The `notifier://` publisher (upstream's ceilometer.publisher.messaging NotifierPublisher): signed
 * meter messages (or event messages) as one oslo.messaging notification per publish call, priority
 * `sample`, event type `metering` (`event` for events), on the URL's topics (default
 * `[publisher_notifier] metering_topic` / `event_topic`), through `[DEFAULT] control_exchange`.
 *
 * Outage policies, unlike upstream where a failed send only waited in memory until the next publish:
 * - `default`: the call resolves when the broker confirmed the notification; it waits through an
 *   outage (reconnecting) and rejects after `max_retry` failed deliveries.
 * - `queue`: the call resolves once the notification is queued locally (up to `max_queue_length`
 *   notifications, oldest dropped first); the queue is flushed as soon as the broker is back.
 * - `drop`: what cannot be sent while the broker is away is dropped with a warning.
 *
 * Bounds (issue 9): a `default`-policy call rejects after `publish_timeout` (its notifications
 * still waiting in the outbox are withdrawn, so a retry by the caller cannot duplicate them), and
 * `close()` returns within `close_timeout` plus a short grace for the disconnect, whatever the broker does.
 */
import { parseTransportUrl, rabbitSettingsFrom, AmqpNotifier, NotificationDroppedError } from '@ceilometer-ts/messaging';
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  redactUrl,
  toEventMessage,
  toMeterMessage,
  toPublisherTarget,
  type Event,
  type Logger,
  type MeterMessage,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
} from '@ceilometer-ts/sdk';
import { hostname } from 'node:os';
import { NotifierPublishError, NotifierPublisherConfigError } from './errors.js';
import { parseNotifierUrl, type NotifierUrlSettings } from './notifier-url.js';
import { configValue, DEFAULT_TELEMETRY_SECRET, formatSeconds, settlesWithin, withDeadline } from '@ceilometer-ts/publisher-common';

/** Which pipeline the publisher serves. */
export type NotifierKind = 'sample' | 'event';

const DRIVERS = ['messagingv2', 'messaging', 'noop'] as const;
type Driver = (typeof DRIVERS)[number];

/** What close() allows, past `close_timeout`, for closing the channel and the connection. */
export const NOTIFIER_DISCONNECT_GRACE_MS = 2_000;

/** The shared implementation; the entry points are {@link SampleNotifierPublisher} and {@link EventNotifierPublisher}. */
export class NotifierPublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly settings: NotifierUrlSettings;
  readonly notifier: AmqpNotifier;
  /** The default event type: `[publisher_notifier] metering_topic` or `event_topic`. */
  readonly eventType: string;
  readonly #secret: string;
  readonly #logger: Logger;
  readonly #queued = new Set<Promise<void>>();

  constructor(ctx: PluginContext, args: PublisherArg, readonly kind: NotifierKind) {
    this.target = toPublisherTarget(args);
    this.#logger = ctx.logger;
    this.settings = parseNotifierUrl(this.target.url);
    if (this.settings.unknownPolicy !== undefined) {
      this.#logger.warn('Publishing policy is unknown (%s) force to default', this.settings.unknownPolicy);
    }
    const config = ctx.config;
    this.eventType = kind === 'sample'
      ? configValue(config, 'publisher_notifier', 'metering_topic', 'metering')
      : configValue(config, 'publisher_notifier', 'event_topic', 'event');
    this.#secret = configValue(config, 'publisher', 'telemetry_secret', DEFAULT_TELEMETRY_SECRET);
    const transport = this.settings.transportUrl
      ?? (configValue<string>(config, 'oslo_messaging_notifications', 'transport_url', '') || configValue<string>(config, 'DEFAULT', 'transport_url', ''));
    if (!transport) throw new NotifierPublisherConfigError(this.target.url, 'no broker: give host:port in the URL or set [DEFAULT] transport_url');
    let url;
    try {
      url = parseTransportUrl(transport);
    } catch (err) {
      throw new NotifierPublisherConfigError(this.target.url, `bad transport URL ${redactUrl(transport)}`, { cause: err });
    }
    const driverName = configValue<string>(config, 'publisher_notifier', 'telemetry_driver', 'messagingv2');
    const driver: Driver = (DRIVERS as readonly string[]).includes(driverName) ? (driverName as Driver) : 'messagingv2';
    if (driver !== driverName) this.#logger.warn('[publisher_notifier] telemetry_driver %s is not supported; using messagingv2', driverName);
    const { policy, maxQueueLength, maxRetry } = this.settings;
    this.notifier = new AmqpNotifier({
      url,
      rabbit: rabbitSettingsFrom(config, url),
      logger: this.#logger,
      exchange: configValue(config, 'DEFAULT', 'control_exchange', 'ceilometer'),
      topics: this.settings.topics.length ? this.settings.topics : [this.eventType],
      publisherId: `telemetry.publisher.${configValue(config, 'DEFAULT', 'host', hostname())}`,
      driver,
      policy,
      maxQueueLength: Math.max(maxQueueLength, 1),
      retry: policy === 'default' ? Math.max(maxRetry, 0) : -1,
      itemsName: kind === 'sample' ? 'samples' : 'events',
    });
    this.#logger.info('Publishing policy set to %s', policy);
  }

  publishSamples(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return Promise.resolve();
    const meters = samples.map((s) => toMeterMessage(s, this.#secret));
    const withdraw = new AbortController();
    const sends = [this.#send(this.eventType, meters, withdraw.signal)];
    if (this.settings.perMeterTopic) {
      const byName = new Map<string, MeterMessage[]>();
      for (const m of [...meters].sort((a, b) => (a.counter_name < b.counter_name ? -1 : a.counter_name > b.counter_name ? 1 : 0))) {
        byName.set(m.counter_name, [...(byName.get(m.counter_name) ?? []), m]);
      }
      for (const [name, list] of byName) sends.push(this.#send(`${this.eventType}.${name}`, list, withdraw.signal));
    }
    return this.#settle(sends, withdraw, samples.length);
  }

  publishEvents(events: readonly Event[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const withdraw = new AbortController();
    return this.#settle([this.#send(this.eventType, events.map((e) => toEventMessage(e, this.#secret)), withdraw.signal)], withdraw, events.length);
  }

  /**
   * Waits up to `close_timeout` for notifications not yet confirmed (queued ones included), then
   * disconnects (an absent broker is retried often meanwhile; the notifier logs what was flushed and
   * dropped). Always resolves, at the latest `close_timeout` + 2 s later.
   */
  async close(): Promise<void> {
    const { closeTimeoutMs } = this.settings;
    const label = redactUrl(this.target.url);
    const closed = await withDeadline(this.notifier.close({ timeoutMs: closeTimeoutMs }), closeTimeoutMs + NOTIFIER_DISCONNECT_GRACE_MS,
      () => new Error('disconnect timed out')).catch(() => undefined);
    if (!closed) {
      this.#logger.warn({ publisher: label, closeTimeoutMs }, 'notifier publisher %s: the broker connection did not close in time; abandoned', label);
      return;
    }
    await settlesWithin(Promise.allSettled([...this.#queued]), NOTIFIER_DISCONNECT_GRACE_MS);
  }

  /** Counters of the underlying notifier (queued, in flight, sent, dropped, ...). */
  stats(): ReturnType<AmqpNotifier['stats']> {
    return this.notifier.stats();
  }

  #send(eventType: string, payload: readonly unknown[], signal: AbortSignal): Promise<void> {
    return this.notifier.send({ eventType, payload, priority: 'SAMPLE', context: {} }, { signal });
  }

  /** Past `publish_timeout`: withdraws what still waits in the outbox and says why. */
  #timedOut(withdraw: AbortController, count: number): NotifierPublishError {
    withdraw.abort();
    const away = !this.notifier.connection.connected;
    const why = `not confirmed within publish_timeout ${formatSeconds(this.settings.publishTimeoutMs)}${away ? ' (no broker connection)' : ''}; withdrawn from the outbox where not yet sent`;
    return new NotifierPublishError(this.target.url, away ? 'broker-unavailable' : 'publish-timeout', count, { cause: new Error(why) });
  }

  async #settle(sends: Promise<void>[], withdraw: AbortController, count: number): Promise<void> {
    const { policy, publishTimeoutMs } = this.settings;
    if (policy === 'default') {
      try {
        await withDeadline(Promise.all(sends), publishTimeoutMs, () => this.#timedOut(withdraw, count));
      } catch (err) {
        if (err instanceof NotifierPublishError) throw err;
        const kind = err instanceof NotificationDroppedError ? (err.reason === 'closed' ? 'closed' : 'dropped') : 'error';
        throw new NotifierPublishError(this.target.url, kind, count, { cause: err });
      }
      return;
    }
    // queue and drop never fail the caller: a notification is queued, sent, or dropped with a warning
    for (const sent of sends) {
      const tracked = sent.catch((err: unknown) => {
        if (!(err instanceof NotificationDroppedError)) this.#logger.warn({ err }, 'notification not published');
      });
      this.#queued.add(tracked);
      const forget = (): void => void this.#queued.delete(tracked);
      tracked.then(forget, forget);
    }
    if (policy === 'drop') {
      const settled = Promise.all(sends.map((sent) => sent.catch(() => undefined)));
      await withDeadline(settled, publishTimeoutMs, () => this.#timedOut(withdraw, count)).catch(() => undefined);
    }
  }
}

/** `notifier://` in `ceilometer.sample.publisher`. */
@injectable()
export class SampleNotifierPublisher extends NotifierPublisher {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    super(ctx, args, 'sample');
  }
}

/** `notifier://` in `ceilometer.event.publisher`. */
@injectable()
export class EventNotifierPublisher extends NotifierPublisher {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    super(ctx, args, 'event');
  }
}
