/**
 * Where the polling agent's samples go, from configuration and flags:
 * `--poll-once` without `--publish` prints a table on a terminal, JSON lines otherwise; otherwise the AMQP notifier
 * (`enable_notifications`, default on) and/or the embedded pipeline (`[polling] pipeline_cfg_file`).
 * Both are imported when chosen: a polling agent that prints, or publishes through one of them
 * only, does not load the other (amqplib, the pipeline and its publishers' HTTP client).
 */
import type { Config, RootLogger } from '@ceilometer-ts/core';
import { AmqpSampleSink, FanoutSink, NullSink, PipelineSink, StdoutSink, TableSink, type PollingSettings, type SampleSink } from '@ceilometer-ts/polling';
import type { ServiceRegistry } from '@ceilometer-ts/sdk';
import { reportIntervalFromEnv } from '../app/report-interval.js';

export interface SinkChoice {
  readonly pollOnce: boolean;
  readonly publish: boolean;
  /** How printed samples look: a table (a terminal) or JSON lines (piped). */
  readonly format: 'table' | 'json';
}

async function embeddedPipeline(config: Config, file: string, settings: PollingSettings, logger: RootLogger, services: ServiceRegistry): Promise<SampleSink> {
  const { deliverySettingsFromConfig, RegistryPublisherFactory, RegistryTransformerFactory, SamplePipelineManager } = await import('@ceilometer-ts/pipeline');
  const path = config.findFile(file) ?? file;
  const context = { config, logger, services };
  const pipeline = await SamplePipelineManager.fromFile(path, {
    publisherFactory: new RegistryPublisherFactory({ kind: 'sample', context, logger }),
    // sinks' transformers, as in the notification agent (without it every transformer was refused)
    transformerFactory: new RegistryTransformerFactory({ context, logger }),
    logger,
    delivery: deliverySettingsFromConfig(config),
  });
  logger.info({ file: path, pipelines: pipeline.pipelines.length }, 'embedded pipeline loaded: samples are published in-process');
  // Cycles hand batches over and go on; each publisher's delivery queue holds what it cannot take yet.
  return new PipelineSink(pipeline, logger, { closeTimeoutMs: settings.stopTimeoutSeconds * 1000 });
}

async function amqpSink(config: Config, settings: PollingSettings, logger: RootLogger): Promise<SampleSink> {
  const url = config.get<string | undefined>('oslo_messaging_notifications', 'transport_url') || config.get<string | undefined>('DEFAULT', 'transport_url');
  if (!url) {
    logger.warn('no transport_url configured: samples are not sent over AMQP (set [DEFAULT] transport_url, or [polling] enable_notifications = false)');
    return new NullSink();
  }
  const { AmqpNotifier, parseTransportUrl, rabbitSettingsFrom, redactTransportUrl } = await import('@ceilometer-ts/messaging');
  const parsed = parseTransportUrl(url);
  const notifier = new AmqpNotifier({
    url: parsed,
    exchange: (config.has('DEFAULT', 'control_exchange') ? config.get<string>('DEFAULT', 'control_exchange') : '') || 'ceilometer',
    topics: config.get<string[]>('oslo_messaging_notifications', 'topics'),
    retry: config.get<number | undefined>('oslo_messaging_notifications', 'retry') ?? -1,
    rabbit: rabbitSettingsFrom(config, parsed),
    publisherId: 'ceilometer.polling',
    policy: config.get<'queue' | 'drop'>('polling', 'notification_queue_policy'),
    maxQueueLength: config.get<number>('polling', 'notification_queue_size'),
    itemsName: 'samples',
    heldReportIntervalMs: reportIntervalFromEnv(),
    logger: logger.child({ component: 'notifier' }),
  });
  notifier.start();
  logger.info({ transport: redactTransportUrl(url), topics: config.get('oslo_messaging_notifications', 'topics') }, 'sending samples over AMQP');
  return new AmqpSampleSink(notifier, config.get<string>('publisher', 'telemetry_secret'), logger, settings.stopTimeoutSeconds * 1000);
}

/** Builds the sink for this run. */
export async function createPollingSink(config: Config, settings: PollingSettings, choice: SinkChoice, logger: RootLogger, services: ServiceRegistry): Promise<SampleSink> {
  if (choice.pollOnce && !choice.publish) return choice.format === 'table' ? new TableSink() : new StdoutSink();
  const sinks: SampleSink[] = [];
  if (settings.pipelineCfgFile) sinks.push(await embeddedPipeline(config, settings.pipelineCfgFile, settings, logger, services));
  if (settings.enableNotifications) sinks.push(await amqpSink(config, settings, logger));
  if (sinks.length === 0) {
    logger.warn('[polling] enable_notifications is false and no pipeline_cfg_file is set: samples are discarded');
    return new NullSink();
  }
  return sinks.length === 1 ? (sinks[0] as SampleSink) : new FanoutSink(sinks);
}

