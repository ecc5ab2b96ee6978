/**
 * `ceilometer-send-sample`: sends one sample by hand (upstream's cmd/sample.py), with upstream's
 * options. By default the sample goes over AMQP as the polling agent sends it (a signed meter
 * message in a `telemetry.polling` notification, [DEFAULT] transport_url), so a running
 * notification agent publishes it; `--via pipeline` publishes it through pipeline.yaml in-process
 * as upstream's command does.
 */
import { AmqpNotifier, parseTransportUrl, rabbitSettingsFrom, redactTransportUrl } from '@ceilometer-ts/messaging';
import { loadSamplePipelineManager, RegistryPublisherFactory } from '@ceilometer-ts/pipeline';
import {
  ConfigError,
  makeSample,
  MapServiceRegistry,
  SAMPLE_TYPES,
  TELEMETRY_POLLING_EVENT_TYPE,
  toMeterMessage,
  utcNowIsoTimestamp,
  type ResourceMetadata,
  type Sample,
  type SampleType,
} from '@ceilometer-ts/sdk';
import { Command, InvalidArgumentError, Option } from 'commander';
import { addCommonOptions, type CommonOptions } from '../app/common-options.js';
import { addVersionOption } from '../app/version.js';
import { bootstrap, type App } from '../app/bootstrap.js';

interface SendSampleOptions extends CommonOptions {
  readonly sampleName: string;
  readonly sampleType: string;
  readonly sampleUnit?: string;
  readonly sampleVolume: number;
  readonly sampleResource: string;
  readonly sampleUser?: string;
  readonly sampleProject?: string;
  readonly sampleTimestamp?: string;
  readonly sampleMetadata?: ResourceMetadata;
  readonly via: 'notifier' | 'pipeline';
}

const PY_TOKEN = /'((?:[^'\\]|\\.)*)'|"(?:[^"\\]|\\.)*"|\bTrue\b|\bFalse\b|\bNone\b|,\s*([}\]])/g;

/**
 * Reads `--sample-metadata`: JSON, or a Python dict literal as upstream evaluates it
 * (`{'a': 'b', 'ok': True}`), without evaluating anything.
 */
export function parseSampleMetadata(text: string): ResourceMetadata {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const json = text.replace(PY_TOKEN, (m: string, single: string | undefined, closer: string | undefined) => {
      if (single !== undefined) return JSON.stringify(single.replace(/\\'/g, "'").replace(/\\"/g, '"'));
      if (m === 'True') return 'true';
      if (m === 'False') return 'false';
      if (m === 'None') return 'null';
      if (closer !== undefined) return closer;
      return m;
    });
    try {
      value = JSON.parse(json);
    } catch {
      throw new InvalidArgumentError('expected a JSON object or a Python dict literal');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError('expected an object');
  return value as ResourceMetadata;
}

function parseVolume(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError('expected a number');
  return value;
}

/** The sample the options describe (upstream's defaults: type gauge, volume 1, timestamp now). */
export function sampleFromOptions(opts: Omit<SendSampleOptions, keyof CommonOptions | 'via'>): Sample {
  return makeSample({
    name: opts.sampleName,
    type: opts.sampleType as SampleType,
    unit: opts.sampleUnit ?? '',
    volume: opts.sampleVolume,
    resource_id: opts.sampleResource,
    user_id: opts.sampleUser ?? null,
    project_id: opts.sampleProject ?? null,
    timestamp: opts.sampleTimestamp ?? utcNowIsoTimestamp(),
    resource_metadata: opts.sampleMetadata ?? {},
  });
}

async function viaNotifier(app: App, sample: Sample): Promise<void> {
  const config = app.config!;
  const notificationsUrl = config.has('oslo_messaging_notifications', 'transport_url') ? config.get<string | undefined>('oslo_messaging_notifications', 'transport_url') : undefined;
  const raw = notificationsUrl || config.get<string | undefined>('DEFAULT', 'transport_url');
  if (!raw) throw new ConfigError([{ file: config.files.at(-1) ?? 'ceilometer.conf', path: 'DEFAULT.transport_url', message: 'no transport URL to send the sample to (or use --via pipeline)' }]);
  const url = parseTransportUrl(raw);
  const secret = config.has('publisher', 'telemetry_secret') ? (config.get<string | undefined>('publisher', 'telemetry_secret') ?? '') : '';
  const topics = config.has('oslo_messaging_notifications', 'topics') ? config.get<string[]>('oslo_messaging_notifications', 'topics') : ['notifications'];
  const notifier = new AmqpNotifier({
    url,
    rabbit: rabbitSettingsFrom(config, url),
    topics,
    exchange: config.has('DEFAULT', 'control_exchange') ? config.get<string>('DEFAULT', 'control_exchange') : 'ceilometer',
    publisherId: 'ceilometer.polling',
    retry: 3,
    logger: app.logger.child({ component: 'notifier' }),
  });
  notifier.start();
  try {
    await notifier.sample(TELEMETRY_POLLING_EVENT_TYPE, { samples: [toMeterMessage(sample, secret)] });
  } finally {
    await notifier.close({ timeoutMs: 10_000 });
  }
  app.logger.info({ transport: redactTransportUrl(raw), topics, meter: sample.name, id: sample.id }, 'sample sent');
}

async function viaPipeline(app: App, sample: Sample): Promise<void> {
  const config = app.config!;
  const { logger } = app;
  const manager = await loadSamplePipelineManager(config, {
    publisherFactory: new RegistryPublisherFactory({ kind: 'sample', registry: app.registry, context: { config, logger, services: new MapServiceRegistry() }, logger }),
    logger,
  });
  try {
    const outcome = await manager.publishSamples([sample]);
    if (outcome.failures.length > 0) process.exitCode = 1;
    logger.info({ meter: sample.name, id: sample.id, pipelines: outcome.published, failures: outcome.failures.length }, 'sample published');
  } finally {
    await manager.close();
  }
}

async function run(opts: SendSampleOptions): Promise<void> {
  const app = await bootstrap(opts, { prog: 'ceilometer-send-sample', loadConfig: true });
  const sample = sampleFromOptions(opts);
  await (opts.via === 'pipeline' ? viaPipeline(app, sample) : viaNotifier(app, sample));
}

/** The `ceilometer-send-sample` program. */
export function sendSampleProgram(): Command {
  const program = new Command('ceilometer-send-sample')
    .description(
      'Send one sample by hand. By default it goes over AMQP ([DEFAULT] transport_url, [oslo_messaging_notifications] topics) as ceilometer-polling sends samples: a telemetry.polling notification with the meter message signed with [publisher] telemetry_secret, for a notification agent to publish. With --via pipeline it is published through pipeline.yaml in this process, as upstream\'s command does.',
    )
    .requiredOption('-n, --sample-name <name>', 'meter name')
    .addOption(new Option('-y, --sample-type <type>', 'meter type').choices(SAMPLE_TYPES).default('gauge'))
    .option('-U, --sample-unit <unit>', 'meter unit')
    .addOption(new Option('-l, --sample-volume <volume>', 'meter volume').argParser(parseVolume).default(1))
    .requiredOption('-r, --sample-resource <id>', 'resource id')
    .option('-u, --sample-user <id>', 'user id')
    .option('-p, --sample-project <id>', 'project id')
    .option('-i, --sample-timestamp <iso>', 'sample timestamp (default: now, UTC)')
    .addOption(new Option('-m, --sample-metadata <dict>', 'resource metadata: JSON or a Python dict literal, e.g. "{\'name\': \'vm1\'}"').argParser(parseSampleMetadata))
    .addOption(new Option('--via <path>', 'notifier: over AMQP to a notification agent; pipeline: through pipeline.yaml in-process').choices(['notifier', 'pipeline']).default('notifier'));
  addCommonOptions(program).action((opts: SendSampleOptions) => run(opts));
  addVersionOption(program);
  return program;
}
