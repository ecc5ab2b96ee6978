import { makeSample, toMeterMessage, type MeterMessage, type Sample, type Transformer } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import {
  NotificationAgent,
  parsePipelineConfig,
  partitionKeyHash,
  partitionOf,
  SamplePipelineManager,
  TelemetryPollingEndpoint,
  UNLIMITED_WORK_BUDGET,
  type IncomingMessage,
  type NotificationSettings,
  type PartitionOwnership,
  type PartitionSender,
  type TransformerFactory,
} from '../../src/index.js';
import { FakePublisherFactory } from '../helpers/fakes.js';
import { FakeConsumers } from './helpers.js';

const SECRET = 'secret';

const settings: NotificationSettings = {
  workers: 1, batchSize: 1, batchTimeout: undefined, messagingUrls: [], exchanges: ['ceilometer'], topics: ['notifications'],
  pipelines: ['meter'], ackOnEventError: true, prefetch: 100, priorities: ['sample'], maxDeliveryAttempts: 5,
  deadLetterQueue: undefined, stateDir: undefined, stopTimeoutSeconds: 1, budget: UNLIMITED_WORK_BUDGET,
};

/** `delta`: the volume minus the resource's previous one; the first sample of a resource primes (dropped). */
class DeltaFactory implements TransformerFactory {
  made = 0;
  create(): Transformer {
    this.made++;
    const previous = new Map<string, number>();
    return {
      handleSample: (s) => {
        const before = previous.get(s.resource_id);
        previous.set(s.resource_id, s.volume as number);
        return before === undefined ? null : { ...s, volume: (s.volume as number) - before };
      },
      flush: () => [],
    };
  }
}

const PIPELINE_YAML = `
sources:
  - name: cpu_source
    meters: ["cpu"]
    sinks: [cpu_sink]
sinks:
  - name: cpu_sink
    transformers:
      - name: delta
    publishers: ["test://out"]
`;

function cpu(resource: string, volume: number): Sample {
  return makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume, resource_id: resource, timestamp: '2026-01-01T00:00:00.000000+00:00' });
}

function polling(samples: readonly Sample[], id = `m-${Math.random()}`): IncomingMessage {
  return {
    message: { message_id: id, publisher_id: 'ceilometer.polling', event_type: 'telemetry.polling', priority: 'SAMPLE', payload: { samples: samples.map((s) => toMeterMessage(s, SECRET)) } },
    context: {},
  };
}

/** An interim message as the sender would put it on partition queue. */
function interim(pipeline: string, messages: readonly MeterMessage[]): IncomingMessage {
  return { message: { message_id: `i-${Math.random()}`, publisher_id: 'ceilometer.notification', event_type: pipeline, priority: 'SAMPLE', payload: messages as never }, context: {} };
}

class FakeSender implements PartitionSender {
  readonly sent: Array<{ partition: number; pipeline: string; messages: readonly MeterMessage[] }> = [];
  fail = false;
  closed = 0;
  async send(partition: number, pipeline: string, messages: readonly MeterMessage[]): Promise<void> {
    if (this.fail) throw new Error('broker away');
    this.sent.push({ partition, pipeline, messages });
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

class FakeOwnership implements PartitionOwnership {
  #listener: ((owned: readonly number[]) => void) | undefined;
  stopped = 0;
  async start(onChange: (owned: readonly number[]) => void): Promise<void> {
    this.#listener = onChange;
  }
  emit(owned: readonly number[]): void {
    this.#listener?.(owned);
  }
  async stop(): Promise<void> {
    this.stopped++;
  }
}

async function setup(partitions = 4) {
  const publishers = new FakePublisherFactory();
  const transformers = new DeltaFactory();
  const consumers = new FakeConsumers();
  const sender = new FakeSender();
  const ownership = new FakeOwnership();
  const agent = new NotificationAgent({
    settings,
    consumers: consumers.factory,
    load: async () => ({
      samples: {
        endpoints: [new TelemetryPollingEndpoint()],
        publisher: await SamplePipelineManager.create(parsePipelineConfig(PIPELINE_YAML, { kind: 'sample', file: 'pipeline.yaml' }), { publisherFactory: publishers, transformerFactory: transformers }),
      },
    }),
    partitioning: { partitions, sender, ownership, exchange: 'ceilometer' },
  });
  await agent.start();
  const partitionConsumer = (partition: number): number => {
    for (let i = consumers.specs.length - 1; i >= 0; i--) if (consumers.specs[i]?.targets[0]?.topic === `ceilometer_ipc-sample-${partition}`) return i;
    throw new Error(`no consumer for partition ${partition}`);
  };
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));
  return { agent, publishers, transformers, consumers, sender, ownership, partitionConsumer, settle };
}

describe('partition key', () => {
  it('is the same in every process and release (no per-process salt, unlike Python hash())', () => {
    // golden values: a change here re-routes every resource of a running deployment
    expect([partitionKeyHash('cpu_source:cpu_sink', 'r-1'), partitionKeyHash('meter_source', 'instance-00000001')]).toEqual([3275662897, 26535078]);
    expect(partitionOf('meter_source', 'instance-00000001', 10)).toBe(8);
    expect(partitionKeyHash('ab', 'c')).not.toBe(partitionKeyHash('a', 'bc'));
  });

  it('spreads resources evenly over the partitions', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[partitionOf('cpu_source:cpu_sink', `instance-${i}`, 10)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(850), expect(c).toBeLessThan(1150);
  });
});

describe('NotificationAgent with workload partitioning', () => {
  it('sends the main queues\' samples to the partition of their pipeline and resource, acknowledging once the broker holds them', async () => {
    const { agent, consumers, sender } = await setup();
    const samples = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5'].map((r) => cpu(r, 10));
    expect(await consumers.deliver(polling(samples), 0)).toBe('handled');
    const routed = sender.sent.flatMap((s) => s.messages.map((m) => [s.pipeline, s.partition, m.resource_id]));
    expect(routed.sort()).toEqual(samples.map((s) => ['cpu_source:cpu_sink', partitionOf('cpu_source:cpu_sink', s.resource_id, 4), s.resource_id]).sort());
    sender.fail = true;
    expect(await consumers.deliver(polling([cpu('r-1', 20)]), 0)).toBe('requeue');
    await agent.stop();
    expect(sender.closed).toBe(1);
  });

  it('consumes only the partitions it owns, one single-active consumer per partition queue, and follows ownership changes', async () => {
    const { agent, consumers, ownership, settle } = await setup();
    ownership.emit([0, 2]);
    await settle();
    const partitionSpecs = consumers.specs.slice(1);
    expect(partitionSpecs.map((s) => [s.targets, s.priorities, s.singleActiveConsumer])).toEqual([
      [[{ exchange: 'ceilometer', topic: 'ceilometer_ipc-sample-0' }], ['sample'], true],
      [[{ exchange: 'ceilometer', topic: 'ceilometer_ipc-sample-2' }], ['sample'], true],
    ]);
    ownership.emit([2, 3]);
    await settle();
    expect(consumers.specs.slice(3).map((s) => s.targets[0]?.topic)).toEqual(['ceilometer_ipc-sample-3']);
    expect(consumers.stopped).toBe(1); // partition 0's consumer
    expect(agent.stats().partitioned?.owned).toEqual([2, 3]);
    await agent.stop();
    expect(consumers.stopped).toBe(4);
    expect(ownership.stopped).toBe(1);
  });

  it('transforms each partition with its own state, which starts empty again when the partition comes back', async () => {
    const { agent, consumers, ownership, publishers, transformers, partitionConsumer, settle } = await setup();
    ownership.emit([1]);
    await settle();
    const made = transformers.made;
    const send = (volume: number): Promise<unknown> => consumers.deliver(interim('cpu_source:cpu_sink', [toMeterMessage(cpu('r-x', volume), SECRET)]), partitionConsumer(1));
    await send(100); // primes
    await send(150);
    await send(250);
    const out = publishers.byUrl('test://out');
    expect(out.samples.map((s) => s.volume)).toEqual([50, 100]);
    ownership.emit([]);
    await settle();
    ownership.emit([1]);
    await settle();
    await send(1000); // primes again: the state before the loss is gone
    await send(1010);
    expect(out.samples.map((s) => s.volume)).toEqual([50, 100, 10]);
    expect(transformers.made).toBe(made + 2);
    await agent.stop();
  });

  it('sends unsigned meter messages (the main queues are not verified either) and publishes nothing for an unknown pipeline', async () => {
    const { agent, consumers, ownership, sender, publishers, partitionConsumer, settle } = await setup();
    await consumers.deliver(polling([cpu('r-y', 1)]), 0);
    expect(sender.sent[0]?.messages[0]?.message_signature).toBe('');
    ownership.emit([1]);
    await settle();
    expect(await consumers.deliver(interim('no_such_pipeline', [toMeterMessage(cpu('r-y', 9), '')]), partitionConsumer(1))).toBe('handled');
    expect(publishers.byUrl('test://out').samples).toEqual([]);
    await agent.stop();
  });

  it('drops a sample the partition already published (a notification routed twice after its agent died), not one that was requeued', async () => {
    const { agent, consumers, ownership, publishers, partitionConsumer, settle } = await setup();
    ownership.emit([1]);
    await settle();
    const first = toMeterMessage(cpu('r-z', 100), SECRET);
    const second = toMeterMessage(cpu('r-z', 160), SECRET);
    const deliver = (m: MeterMessage): Promise<unknown> => consumers.deliver(interim('cpu_source:cpu_sink', [m]), partitionConsumer(1));
    await deliver(first);
    await deliver(second);
    await deliver(second); // again: a zero interval would publish a wrong value
    await deliver(toMeterMessage(cpu('r-z', 200), SECRET));
    expect(publishers.byUrl('test://out').samples.map((s) => s.volume)).toEqual([60, 40]);
    expect(agent.stats().partitioned?.duplicates).toBe(1);
    await agent.stop();
  });

  it('leaves the group on stop even when it never started (the command connects the coordinator first)', async () => {
    const ownership = new FakeOwnership();
    const sender = new FakeSender();
    const agent = new NotificationAgent({
      settings, consumers: new FakeConsumers().factory, load: () => Promise.reject(new Error('bad pipeline.yaml')),
      partitioning: { partitions: 4, sender, ownership, exchange: 'ceilometer' },
    });
    await expect(agent.start()).rejects.toThrow('bad pipeline.yaml');
    await agent.stop();
    expect([ownership.stopped, sender.closed]).toEqual([1, 1]);
  });
});
