/**
 * `ceilometer-agent-notification`: consumes notifications and polled samples over AMQP, turns
 * them into samples and events, and publishes them through pipeline.yaml and event_pipeline.yaml
 * (upstream's cmd/agent_notification.py).
 */
import type { Config, PluginRegistry } from '@ceilometer-ts/core';
import { NotificationListener, parseTransportUrl, rabbitSettingsFrom, redactTransportUrl } from '@ceilometer-ts/messaging';
import {
  createProcessingLoader,
  NotificationAgent,
  RegistryTransformerFactory,
  notificationSettingsFromConfig,
  type BackoffPolicy,
  type ConsumerFactory,
  type DeadLetterSink,
  type NotificationSettings,
  type ProcessingLoaderOptions,
} from '@ceilometer-ts/pipeline';
import { ConfigError, MapServiceRegistry, type Logger } from '@ceilometer-ts/sdk';
import { Command } from 'commander';
import { addCommonOptions, type CommonOptions } from '../app/common-options.js';
import { addVersionOption } from '../app/version.js';
import { bootstrap } from '../app/bootstrap.js';
import { installedProcessGuard } from '../app/process-guard.js';
import { installSignalHandlers } from '../app/signals.js';
import { AmqpDeadLetterQueue } from '../notification/dead-letter-queue.js';

/** Consumers over AMQP with @ceilometer-ts/messaging's oslo-compatible listener (requeue allowed, as upstream). */
export function amqpConsumerFactory(config: Config, logger: Logger): ConsumerFactory {
  const defaultUrl = config.get<string | undefined>('DEFAULT', 'transport_url');
  const exchange = config.has('DEFAULT', 'control_exchange') ? config.get<string>('DEFAULT', 'control_exchange') : 'ceilometer';
  return (spec) => {
    const raw = spec.url ?? defaultUrl;
    if (!raw) {
      const file = config.files.at(-1) ?? 'ceilometer.conf';
      throw new ConfigError([{ file, path: 'DEFAULT.transport_url', message: 'no transport URL: set [DEFAULT] transport_url or [notification] messaging_urls' }]);
    }
    const url = parseTransportUrl(raw);
    const child = logger.child({ component: 'listener', worker: spec.worker, transport: redactTransportUrl(raw) });
    const listener = new NotificationListener({
      url,
      rabbit: rabbitSettingsFrom(config, url),
      logger: child,
      connectionName: `ceilometer-agent-notification:${process.pid}:${spec.worker}`,
      targets: spec.targets,
      priorities: spec.priorities,
      defaultExchange: exchange,
      prefetch: spec.prefetch,
      allowRequeue: true,
      handler: (incoming) => spec.handler(incoming),
    });
    // no start deadline: each URL's listener waits for its broker (retrying with backoff) until stop()
    return { start: () => listener.start(), pause: () => listener.pause(), stop: (timeoutMs) => listener.stop(timeoutMs) };
  };
}

/**
 * The `[notification] dead_letter_queue` sink, on the broker of the first `[notification]
 * messaging_urls` (else `[DEFAULT] transport_url`); undefined when no queue is configured.
 */
export function amqpDeadLetterSink(config: Config, settings: NotificationSettings, logger: Logger): DeadLetterSink | undefined {
  if (!settings.deadLetterQueue) return undefined;
  const raw = settings.messagingUrls[0] ?? config.get<string | undefined>('DEFAULT', 'transport_url');
  if (!raw) return undefined; // the consumers report the missing transport URL
  const url = parseTransportUrl(raw);
  return new AmqpDeadLetterQueue({
    url,
    rabbit: rabbitSettingsFrom(config, url),
    logger: logger.child({ component: 'dead-letter-queue', transport: redactTransportUrl(raw) }),
    connectionName: `ceilometer-agent-notification:${process.pid}:dead-letters`,
    queue: settings.deadLetterQueue,
  });
}

/** What {@link createNotificationAgent} needs. */
export interface NotificationAgentSetup {
  readonly config: Config;
  readonly registry: PluginRegistry;
  readonly logger: Logger;
  readonly consumers?: ConsumerFactory;
  /** Overrides loader options (definitions loaders, transformer factory, endpoints). */
  readonly loader?: Partial<Omit<ProcessingLoaderOptions, 'config' | 'settings' | 'logger'>>;
  readonly settings?: Partial<NotificationSettings>;
  readonly backoff?: BackoffPolicy;
  /** Reads the process's unhandled rejections (default: the installed process guard's count). */
  readonly unhandledRejections?: () => number;
  /** Default: {@link amqpDeadLetterSink} (with real consumers) when `[notification] dead_letter_queue` is set. */
  readonly deadLetters?: DeadLetterSink;
}

/** Builds (does not start) the agent from a loaded configuration. */
export function createNotificationAgent(setup: NotificationAgentSetup): NotificationAgent {
  const { config, logger } = setup;
  const settings = { ...notificationSettingsFromConfig(config), ...setup.settings };
  const services = new MapServiceRegistry();
  const context = { config, logger, services };
  const load = createProcessingLoader({
    config,
    settings,
    logger,
    registry: setup.registry,
    context,
    transformerFactory: new RegistryTransformerFactory({ registry: setup.registry, context, logger }),
    ...setup.loader,
  });
  const guard = installedProcessGuard();
  const unhandledRejections = setup.unhandledRejections ?? (guard ? () => guard.unhandledRejections : undefined);
  const deadLetters = setup.deadLetters ?? amqpDeadLetterSink(config, settings, logger);
  return new NotificationAgent({
    settings,
    load,
    logger,
    consumers: setup.consumers ?? amqpConsumerFactory(config, logger),
    ...(setup.backoff ? { backoff: setup.backoff } : {}),
    ...(unhandledRejections ? { unhandledRejections } : {}),
    ...(deadLetters ? { deadLetters } : {}),
  });
}

async function run(opts: CommonOptions): Promise<void> {
  const app = await bootstrap(opts, { prog: 'ceilometer-agent-notification', loadConfig: true });
  const { logger } = app;
  const agent = createNotificationAgent({ config: app.config!, registry: app.registry, logger });
  const stopTimeoutMs = notificationSettingsFromConfig(app.config!).stopTimeoutSeconds * 1000;
  // NOTE: handlers go in before start(): the brokers may be away for minutes, and a SIGHUP or
  // SIGTERM meanwhile must reload or stop the agent, not kill it
  const stopped = installSignalHandlers({
    logger,
    reload: async () => {
      await agent.reload();
    },
    stop: () => agent.stop(stopTimeoutMs),
  });
  try {
    await agent.start(); // resolves early, and quietly, when a SIGTERM stops the agent meanwhile
    const guard = installedProcessGuard();
    if (guard && guard.phase === 'startup') guard.phase = 'running';
  } catch (error) {
    // never half-started: whatever began connecting is stopped before the error exits the process
    await agent.stop(stopTimeoutMs).catch((err: unknown) => logger.error({ err }, 'error while stopping after a failed start'));
    throw error;
  }
  await stopped;
}

/** The `ceilometer-agent-notification` program. */
export function agentNotificationProgram(): Command {
  const program = new Command('ceilometer-agent-notification').description(
    [
      'Consume OpenStack notifications and polled samples over AMQP and publish samples and events.',
      'Listens on every [notification] notification_control_exchanges x [oslo_messaging_notifications] topics (queues <topic>.<priority>, all priorities) on [notification] messaging_urls, or [DEFAULT] transport_url, with [notification] workers consumers each. Samples come from the ceilometer.sample.endpoint plugins (_sample: telemetry.polling from ceilometer-polling; meter: meters.yaml in [meter] meter_definitions_dirs; http.request, http.response) and go through pipeline.yaml ([DEFAULT] pipeline_cfg_file); events come from [event] definitions_cfg_file and go through event_pipeline.yaml.',
      '[notification] batch_size and batch_timeout group messages into one publish. A message is acknowledged once every publisher has published its output or accepted it into its own delivery queue ([publisher] delivery_*); malformed messages are logged and acknowledged.',
      'Each messaging URL is connected on its own: a broker that is away or refuses the login is retried with backoff ([oslo_messaging_rabbit] rabbit_retry_interval, rabbit_retry_backoff, rabbit_interval_max) and logged, without holding up the others; messages published meanwhile wait in their queues.',
      'Poison messages are moved aside (logged, counted, acknowledged, republished to [notification] dead_letter_queue when set): at once when one notification exceeds max_samples_per_notification or max_metadata_bytes_per_notification, and after max_delivery_attempts attempts that crashed the agent or failed to publish while other messages got through. Attempts are journaled in [notification] state_dir, so they survive a crash.',
      'Signals (from the moment the process starts, also while waiting for a broker): SIGHUP reloads the pipelines and definitions (invalid files are rejected and the running ones kept); SIGTERM/SIGINT stop consuming, publish what is in flight and exit.',
    ].join('\n\n'),
  );
  addCommonOptions(program).action((opts: CommonOptions) => run(opts));
  addVersionOption(program);
  return program;
}
