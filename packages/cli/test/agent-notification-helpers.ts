/**
 * Helpers of the notification agent integration tests: a config on disk, a registry with the
 * workspace's test:// and file:// publishers, a flaky:// and a picky:// one, and a stand-in event converter.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CORE_PACKAGE_NAME, coreOptions, loadConfig, OptionRegistry, PluginRegistry, type Config, type EntryPoint } from '@ceilometer-ts/core';
import { listMessagingOptions } from '@ceilometer-ts/messaging';
import { HttpRequestEndpoint, MeterNotificationEndpoint, pipelineOptions, TelemetryPollingEndpoint, type Notification } from '@ceilometer-ts/pipeline';
import { Namespaces, type Event, type PublisherTarget, type Sample } from '@ceilometer-ts/sdk';
import { FilePublisher } from '../../../plugins/publisher-file/src/index.js';
import { HttpPublisher } from '../../../plugins/publisher-http/src/index.js';
import { PrometheusPublisher } from '../../../plugins/publisher-prometheus/src/index.js';
import { TCPPublisher } from '../../../plugins/publisher-tcp/src/index.js';
import { TestPublisher } from '../../../plugins/publisher-test/src/index.js';

/** Fails its first `?fail=N` publish calls (`?fail=always` forever), then records. */
export class FlakyPublisher {
  static readonly instances: FlakyPublisher[] = [];
  readonly samples: Sample[] = [];
  calls = 0;
  readonly #fail: number;
  constructor(target: PublisherTarget) {
    const fail = target.parsed.searchParams.get('fail') ?? '0';
    this.#fail = fail === 'always' ? Infinity : Number(fail);
    FlakyPublisher.instances.push(this);
  }
  async publishSamples(samples: readonly Sample[]): Promise<void> {
    this.calls++;
    if (this.calls <= this.#fail) throw new Error(`flaky publisher failure #${this.calls}`);
    this.samples.push(...samples);
  }
  async close(): Promise<void> {}
}

/** Throws on every batch holding a sample named `poison` (a message publishing can never succeed for); records the rest. */
export class PickyPublisher {
  static readonly instances: PickyPublisher[] = [];
  readonly samples: Sample[] = [];
  constructor(readonly target: PublisherTarget) {
    PickyPublisher.instances.push(this);
  }
  async publishSamples(samples: readonly Sample[]): Promise<void> {
    if (samples.some((s) => s.name === 'poison')) throw new Error('picky publisher refuses poison');
    this.samples.push(...samples);
  }
  async close(): Promise<void> {}
}

function ep(namespace: string, name: string, plugin: unknown): EntryPoint {
  return {
    namespace, name, packageName: `@it/${name}`, packageVersion: '1.0.0', target: `./x.js:${name}`, packageDir: '/nonexistent',
    modulePath: './x.js', exportName: name, origin: 'test', load: () => Promise.resolve(plugin),
  } as EntryPoint;
}

/** Publishers test://, file://, flaky://, picky://, http://, tcp://, prometheus:// and the four sample endpoints. */
export function testRegistry(): PluginRegistry {
  return PluginRegistry.fromEntryPoints([
    ep(Namespaces.samplePublisher, 'test', TestPublisher),
    ep(Namespaces.samplePublisher, 'file', FilePublisher),
    ep(Namespaces.samplePublisher, 'flaky', FlakyPublisher),
    ep(Namespaces.samplePublisher, 'http', HttpPublisher),
    ep(Namespaces.samplePublisher, 'tcp', TCPPublisher),
    ep(Namespaces.samplePublisher, 'prometheus', PrometheusPublisher),
    ep(Namespaces.samplePublisher, 'picky', PickyPublisher),
    ep(Namespaces.eventPublisher, 'test', TestPublisher),
    ep(Namespaces.sampleEndpoint, '_sample', TelemetryPollingEndpoint),
    ep(Namespaces.sampleEndpoint, 'meter', MeterNotificationEndpoint),
    ep(Namespaces.sampleEndpoint, 'http.request', HttpRequestEndpoint),
  ]);
}

/** Stand-in event converter: every compute.* notification becomes an event with one trait. */
export const novaEventConverter = {
  toEvent: (n: Notification): Event | null =>
    n.event_type.startsWith('compute.')
      ? { message_id: n.message_id, event_type: n.event_type, generated: n.timestamp, traits: [{ name: 'instance_id', dtype: 1, value: String((n.payload as Record<string, unknown>)['instance_id']) }], raw: {} }
      : null,
};

/** A temporary directory with ceilometer.conf and the pipeline files. */
export interface AgentFiles {
  readonly dir: string;
  readonly config: Config;
  readonly topic: string;
  cleanup(): void;
}

/** Writes the files and loads the config; `topic` is unique so tests sharing a broker never meet. */
export function agentFiles(transportUrl: string, pipelineYaml: string, conf: readonly string[] = []): AgentFiles {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-agent-notification-'));
  const topic = `notifications-${Math.random().toString(36).slice(2, 10)}`;
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text.replaceAll('@DIR@', dir));
    return file;
  };
  const pipeline = write('pipeline.yaml', pipelineYaml);
  const events = write('event_pipeline.yaml', 'sources:\n  - name: event_source\n    events: ["*"]\n    sinks: [event_sink]\nsinks:\n  - name: event_sink\n    publishers: ["test://events"]\n');
  const file = write('ceilometer.conf', [
    '[DEFAULT]', `transport_url = ${transportUrl}`, `pipeline_cfg_file = ${pipeline}`, `event_pipeline_cfg_file = ${events}`,
    '[oslo_messaging_notifications]', `topics = ${topic}`,
    // the delivery journal in the test's directory, not /var/lib/ceilometer
    '[notification]', 'notification_control_exchanges = nova', 'notification_control_exchanges = ceilometer', 'state_dir = @DIR@/state', ...conf, '',
  ].join('\n'));
  const options = new OptionRegistry().register(CORE_PACKAGE_NAME, coreOptions).register('@ceilometer-ts/pipeline', pipelineOptions).register('@ceilometer-ts/messaging', listMessagingOptions());
  const config = loadConfig({ configFiles: [file], configDirs: [], registry: options }).config;
  return { dir, config, topic, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
