/**
 * Two partitioned notification agents on a real RabbitMQ, sharing 10 partition queues through an
 * in-memory group (the coordination backend is not what this test is about: the Redis test runs
 * real processes): rate_of_change over 100 resources is right on both, and when one agent dies (its
 * connections drop with messages unacknowledged, its member leaves the group) the other takes its
 * partitions over from the broker: nothing is lost, nothing is published twice, and every rate stays
 * right after the one sample each moved resource needs to prime.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_PACKAGE_NAME, coreOptions, loadConfig, OptionRegistry, PluginRegistry, type Config, type EntryPoint } from '@ceilometer-ts/core';
import { AmqpNotifier, listMessagingOptions, NotificationListener, parseTransportUrl, rabbitSettingsFrom } from '@ceilometer-ts/messaging';
import { pipelineOptions, TelemetryPollingEndpoint, type ConsumerFactory, type NotificationAgent } from '@ceilometer-ts/pipeline';
import { Namespaces, silentLogger, type PublisherTarget, type Sample } from '@ceilometer-ts/sdk';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateOfChangeTransformer } from '../../../plugins/transformer-conversions/src/index.js';
import { createNotificationAgent } from '../src/commands/agent-notification.js';
import { CoordinatedPartitionOwnership, type PartitionCoordinator } from '../src/notification/partition-ownership.js';
import { AmqpPartitionSender, PARTITION_QUEUE_ARGUMENTS } from '../src/notification/partition-sender.js';
import { checkRates, RATE_PIPELINE, roundOf, roundSamples, type PublishedRate } from './notification-partitioning-helpers.js';

const RESOURCES = 100;
const ROUNDS = 12;
const KILL_AFTER = 5;
const PARTITIONS = 10;

/** `rec://NAME`: records what it publishes under NAME; publishes nothing once NAME is dead. */
class RecordingPublisher {
  static readonly rates: PublishedRate[] = [];
  static readonly dead = new Set<string>();
  readonly #agent: string;
  constructor(target: PublisherTarget) {
    this.#agent = target.parsed.hostname;
  }
  async publishSamples(samples: readonly Sample[]): Promise<void> {
    if (RecordingPublisher.dead.has(this.#agent)) return new Promise(() => {}); // a dead process publishes nothing, ever
    for (const s of samples) RecordingPublisher.rates.push({ agent: this.#agent, resource: s.resource_id, round: roundOf(s.timestamp), volume: s.volume as number });
  }
  async close(): Promise<void> {}
}

function ep(namespace: string, name: string, plugin: unknown): EntryPoint {
  return { namespace, name, packageName: `@it/${name}`, packageVersion: '1.0.0', target: `./x.js:${name}`, packageDir: '/nonexistent', modulePath: './x.js', exportName: name, origin: 'test', load: () => Promise.resolve(plugin) } as EntryPoint;
}

const registry = (): PluginRegistry =>
  PluginRegistry.fromEntryPoints([
    ep(Namespaces.samplePublisher, 'rec', RecordingPublisher),
    ep(Namespaces.sampleEndpoint, '_sample', TelemetryPollingEndpoint),
    ep(Namespaces.transformer, 'rate_of_change', RateOfChangeTransformer),
  ]);

/** A group in memory: partition p belongs to the sorted members' p mod n-th. */
class MemoryGroup {
  readonly #members = new Set<string>();
  readonly #listeners = new Set<(change: { group: string }) => void>();
  member(id: string): PartitionCoordinator {
    return {
      joinGroup: async (group) => this.#change(group, () => this.#members.add(id)),
      partitioner: () => ({
        belongsToSelf: (key) => {
          const sorted = [...this.#members].sort();
          return sorted.length > 0 && sorted[Number(key) % sorted.length] === id;
        },
      }),
      onMembershipChange: (listener) => {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
      },
      refresh: async () => {},
      stop: async () => this.leave(id),
    };
  }
  leave(id: string): void {
    this.#change('ceilometer.notification.v2', () => this.#members.delete(id));
  }
  #change(group: string, apply: () => void): void {
    apply();
    for (const l of this.#listeners) l({ group });
  }
}

interface RunningAgent {
  readonly name: string;
  readonly agent: NotificationAgent;
  readonly listeners: NotificationListener[];
  readonly sender: AmqpPartitionSender;
}

describe('partitioned notification agents over RabbitMQ', () => {
  let broker: RabbitMQService;
  let dir: string;
  const topic = `notifications-${Math.random().toString(36).slice(2, 10)}`;

  beforeAll(async () => {
    // a broker of its own: the partition queues have fixed names (ceilometer_ipc-sample-N), which the
    // other partitioned test would share on the run's broker
    broker = await startRabbitMQ({ private: true });
    dir = mkdtempSync(join(tmpdir(), 'ceilo-partitioned-'));
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function configFor(name: string): Config {
    const pipeline = join(dir, `${name}-pipeline.yaml`);
    writeFileSync(pipeline, RATE_PIPELINE(`rec://${name}`));
    const file = join(dir, `${name}.conf`);
    writeFileSync(file, ['[DEFAULT]', `transport_url = ${broker.url}`, `pipeline_cfg_file = ${pipeline}`, '[oslo_messaging_notifications]', `topics = ${topic}`,
      '[notification]', 'notification_control_exchanges = ceilometer', 'pipelines = meter', 'state_dir =', 'workload_partitioning = true', ''].join('\n'));
    const options = new OptionRegistry().register(CORE_PACKAGE_NAME, coreOptions).register('@ceilometer-ts/pipeline', pipelineOptions).register('@ceilometer-ts/messaging', listMessagingOptions());
    return loadConfig({ configFiles: [file], configDirs: [], registry: options }).config;
  }

  /** The command's AMQP consumers, kept at hand so the test can drop their connections. */
  function consumers(config: Config, kept: NotificationListener[]): ConsumerFactory {
    return (spec) => {
      const url = parseTransportUrl(spec.url ?? broker.url);
      const listener = new NotificationListener({
        url, rabbit: rabbitSettingsFrom(config, url), targets: spec.targets, priorities: spec.priorities, prefetch: spec.prefetch, allowRequeue: true,
        ...(spec.singleActiveConsumer ? { queueArguments: PARTITION_QUEUE_ARGUMENTS } : {}), handler: (m) => spec.handler(m),
      });
      kept.push(listener);
      return { start: () => listener.start(), pause: () => listener.pause(), stop: (t) => listener.stop(t) };
    };
  }

  async function startAgent(name: string, group: MemoryGroup): Promise<RunningAgent> {
    const config = configFor(name);
    const listeners: NotificationListener[] = [];
    const sender = AmqpPartitionSender.fromConfig(config, broker.url, 'ceilometer', silentLogger);
    const agent = createNotificationAgent({
      config, registry: registry(), logger: silentLogger, consumers: consumers(config, listeners), backoff: { initialMs: 100, maxMs: 400, multiplier: 2 },
      partitioning: {
        partitions: PARTITIONS, sender, exchange: 'ceilometer',
        ownership: new CoordinatedPartitionOwnership({ coordinator: group.member(name), partitions: PARTITIONS, refreshIntervalMs: 100, logger: silentLogger }),
      },
    });
    await agent.start();
    return { name, agent, listeners, sender };
  }

  /** What SIGKILL does to an agent, as the broker and the group see it. */
  async function kill(a: RunningAgent, group: MemoryGroup): Promise<void> {
    RecordingPublisher.dead.add(a.name);
    await Promise.all([...a.listeners.map((l) => l.connection.close()), a.sender.connection.close()]);
    group.leave(a.name); // the backend expires the member
  }

  async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('computes every rate once and right across two agents, and loses nothing when one dies', async () => {
    const group = new MemoryGroup();
    const a = await startAgent('a', group);
    const b = await startAgent('b', group);
    const owned = (x: RunningAgent): readonly number[] => x.agent.stats().partitioned?.owned ?? [];
    await until(() => owned(a).length + owned(b).length === PARTITIONS && owned(a).length > 0 && owned(b).length > 0, 'both agents owning partitions');
    expect([...owned(a), ...owned(b)].sort((x, y) => x - y)).toEqual(Array.from({ length: PARTITIONS }, (_, i) => i));

    const notifier = new AmqpNotifier({ url: broker.url, topics: [topic], exchange: 'ceilometer', publisherId: 'ceilometer.polling' });
    notifier.start();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await notifier.send({ eventType: 'telemetry.polling', payload: { samples: roundSamples(round, RESOURCES, 'secret') } });
        if (round === KILL_AFTER) {
          await until(() => RecordingPublisher.rates.filter((r) => r.round === KILL_AFTER - 1).length === RESOURCES, 'the rounds before the kill');
          await kill(a, group);
        }
        // rounds come a polling interval apart: two agents' main consumers can reorder samples sent
        // closer than their processing time (rate_of_change then drops the older one, as upstream)
        await new Promise((r) => setTimeout(r, 250));
      }
      await until(() => RecordingPublisher.rates.filter((r) => r.round === ROUNDS - 1).length === RESOURCES, 'the last round on the survivor');
      await new Promise((r) => setTimeout(r, 300)); // anything published twice would show up now
    } finally {
      await notifier.close();
    }
    const check = checkRates(RecordingPublisher.rates, RESOURCES, ROUNDS, 1);
    // before the kill both agents published, after it only b
    expect(check.byAgent['a']).toBeGreaterThan(0);
    expect(RecordingPublisher.rates.filter((r) => r.round > KILL_AFTER + 1).every((r) => r.agent === 'b')).toBe(true);
    expect(check.wrong).toEqual([]);
    expect(check.duplicates).toEqual([]);
    if (check.overGap.length) console.log(JSON.stringify({ byAgent: check.byAgent, missingRounds: [...new Set(check.missing.map((m) => m.split("@")[1]))], n: check.missing.length, first: check.missing.slice(0, 10) }));
    expect(check.overGap).toEqual([]);
    // the only missing rates are the re-priming samples of a's resources, at the kill
    expect(check.missing.every((m) => [KILL_AFTER, KILL_AFTER + 1].includes(Number(m.split('@')[1])))).toBe(true);
    expect(owned(b)).toHaveLength(PARTITIONS);
    await b.agent.stop(5000);
    await a.agent.stop(1000).catch(() => {});
  }, 90_000);
});
