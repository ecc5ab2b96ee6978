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
  validateProcessing,
  type BackoffPolicy,
  type ConsumerFactory,
  type DeadLetterSink,
  type NotificationSettings,
  type PartitioningOptions,
  type ProcessingLoaderOptions,
} from '@ceilometer-ts/pipeline';
import { PrometheusExporter, ProcessMetrics } from '@ceilometer-ts/polling';
import { ConfigError, MapServiceRegistry, Namespaces, type Logger } from '@ceilometer-ts/sdk';
import { Command } from 'commander';
import { addCommonOptions, type CommonOptions } from '../app/common-options.js';
import { addVersionOption } from '../app/version.js';
import { bootstrap } from '../app/bootstrap.js';
import { installedProcessGuard } from '../app/process-guard.js';
import { reportIntervalFromEnv } from '../app/report-interval.js';
import { installSignalHandlers } from '../app/signals.js';
import { checkImports, ValidationReport } from '../app/validate-config.js';
import { AmqpDeadLetterQueue } from '../notification/dead-letter-queue.js';
import { NotificationMetrics } from '../notification/metrics.js';
import { PARTITION_QUEUE_ARGUMENTS } from '../notification/partition-sender.js';
import { notificationPartitioning } from '../notification/partitioning.js';

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
      connectionName: `ceilometer-agent-notification:${process.pid}:${spec.singleActiveConsumer ? 'partition-' : ''}${spec.worker}`,
      targets: spec.targets,
      priorities: spec.priorities,
      defaultExchange: exchange,
      prefetch: spec.prefetch,
      allowRequeue: true,
      ...(spec.singleActiveConsumer ? { queueArguments: PARTITION_QUEUE_ARGUMENTS } : {}),
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
  /** Milliseconds between throughput lines; default {@link reportIntervalFromEnv}. */
  readonly throughputReportIntervalMs?: number;
  /** `[notification] workload_partitioning`: the partition sender and ownership (the command builds them from `[coordination] backend_url`). */
  readonly partitioning?: PartitioningOptions;
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
    throughputReportIntervalMs: setup.throughputReportIntervalMs ?? reportIntervalFromEnv(),
    ...(setup.partitioning ? { partitioning: setup.partitioning } : {}),
  });
}

/**
 * `[notification] enable_prometheus_exporter` (ours): the agent's counters and the process's
 * metrics on `prometheus_listen_addresses`, with the polling agent's exporter; undefined when off.
 */
export async function startNotificationExporter(config: Config, agent: NotificationAgent, logger: Logger): Promise<PrometheusExporter | undefined> {
  if (!config.has('notification', 'enable_prometheus_exporter') || config.get<boolean>('notification', 'enable_prometheus_exporter') !== true) return undefined;
  const addresses = config.get<string[] | undefined>('notification', 'prometheus_listen_addresses') ?? ['127.0.0.1:9102'];
  const exporter = new PrometheusExporter({ addresses, sources: [new NotificationMetrics(() => agent.stats())], texts: [await ProcessMetrics.create()], logger });
  await exporter.start();
  return exporter;
}

interface AgentNotificationCliOptions extends CommonOptions {
  readonly validateConfig?: boolean;
}

/**
 * `--validate-config`: ceilometer.conf, meter definitions, pipeline.yaml, event definitions,
 * event_pipeline.yaml, their publishers (constructed, never started) and transformers, and the
 * sample endpoints' modules; prints the report and sets the exit status. Connects nowhere.
 */
async function validate(opts: AgentNotificationCliOptions): Promise<void> {
  const report = new ValidationReport();
  const app = await bootstrap(opts, { prog: 'ceilometer-agent-notification', loadConfig: true, collectConfigIssues: report });
  const config = app.config!;
  report.checked.push(...(config.files.length > 0 ? config.files : ['(no ceilometer.conf: defaults)']));
  const { logger } = report;
  const context = { config, logger, services: new MapServiceRegistry() };
  const result = await validateProcessing({
    config,
    pipelines: notificationSettingsFromConfig(config).pipelines,
    logger,
    registry: app.registry,
    context,
    transformerFactory: new RegistryTransformerFactory({ registry: app.registry, context, logger }),
  });
  report.problems.push(...result.problems);
  report.checked.push(...result.checked);
  await checkImports(report, app.registry, Namespaces.sampleEndpoint, app.registry.entryPoints(Namespaces.sampleEndpoint).map((ep) => ep.name));
  process.exitCode = report.print('ceilometer-agent-notification');
}

async function run(opts: AgentNotificationCliOptions): Promise<void> {
  if (opts.validateConfig) return validate(opts);
  const app = await bootstrap(opts, { prog: 'ceilometer-agent-notification', loadConfig: true });
  const { logger } = app;
  const partitioning = await notificationPartitioning(app.config!, app.registry, notificationSettingsFromConfig(app.config!), logger);
  const agent = createNotificationAgent({ config: app.config!, registry: app.registry, logger, ...(partitioning ? { partitioning } : {}) });
  const stopTimeoutMs = notificationSettingsFromConfig(app.config!).stopTimeoutSeconds * 1000;
  // before the brokers: a scrape answers while the agent waits for them
  const exporter = await startNotificationExporter(app.config!, agent, logger);
  // NOTE: handlers go in before start(): the brokers may be away for minutes, and a SIGHUP or
  // SIGTERM meanwhile must reload or stop the agent, not kill it
  const stopped = installSignalHandlers({
    logger,
    reload: async () => {
      await agent.reload();
    },
    stop: async () => {
      await agent.stop(stopTimeoutMs);
      await exporter?.stop();
    },
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
      'Several agents share the work with [notification] workload_partitioning = true and [coordination] backend_url: samples go through [notification] pipeline_processing_queues queues on the broker (ceilometer_ipc-sample-N, by a hash of pipeline and resource), and each agent transforms and publishes the queues the coordination group ceilometer.notification.v2 assigns it, so stateful transformers see every sample of a resource.',
      'Signals (from the moment the process starts, also while waiting for a broker): SIGHUP reloads the pipelines and definitions (invalid files are rejected and the running ones kept); SIGTERM/SIGINT stop consuming, publish what is in flight and exit.',
    ].join('\n\n'),
  );
  program.option(
    '--validate-config',
    'load ceilometer.conf, the meter and event definitions, pipeline.yaml, event_pipeline.yaml and the plugins they name (publishers, constructed but never started; transformers; trait plugins; sample endpoints), print every problem as file:line: path: message, and exit 1 if there is one (0 with "configuration OK"); consumes, publishes and connects nothing',
  );
  addCommonOptions(program).action((opts: AgentNotificationCliOptions) => run(opts));
  addVersionOption(program);
  return program;
}
