/**
 * The notification agent against a real RabbitMQ: polled samples and a nova notification in,
 * test:// and file:// publishers out, malformed messages acknowledged, a failing publisher
 * never dropping messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmqpNotifier, buildNotification, encodeMessageBody } from '@ceilometer-ts/messaging';
import type { NotificationAgent } from '@ceilometer-ts/pipeline';
import { makeSample, silentLogger, toMeterMessage } from '@ceilometer-ts/sdk';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clearTestPublishers, publishedSamples, testPublishers } from '../../../plugins/publisher-test/src/index.js';
import { createNotificationAgent } from '../src/commands/agent-notification.js';
import { agentFiles, FlakyPublisher, novaEventConverter, testRegistry, type AgentFiles } from './agent-notification-helpers.js';

const NOVA = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/agent-notification/nova-instance-create-end.json'), 'utf8')) as Record<string, unknown>;

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function polled(n: number, name = 'cpu'): ReturnType<typeof toMeterMessage>[] {
  return Array.from({ length: n }, (_, i) => toMeterMessage(makeSample({ name, type: 'cumulative', unit: 'ns', volume: 1000 + i, resource_id: `vm-${i}`, user_id: 'u', project_id: 'p', timestamp: '2024-05-01T12:00:00.123456' }), 'secret'));
}

describe('ceilometer-agent-notification over RabbitMQ', () => {
  let broker: RabbitMQService;
  let files: AgentFiles | undefined;
  let agent: NotificationAgent | undefined;
  let notifier: AmqpNotifier | undefined;

  beforeAll(async () => {
    broker = await startRabbitMQ();
  });
  afterAll(async () => {
    await broker?.stop();
  });
  afterEach(async () => {
    await agent?.stop().catch(() => {});
    await notifier?.close().catch(() => {});
    files?.cleanup();
    agent = undefined;
    notifier = undefined;
    files = undefined;
    clearTestPublishers();
    FlakyPublisher.instances.length = 0;
  });

  async function start(pipelineYaml: string, conf: string[] = [], backoff = { initialMs: 100, maxMs: 400, multiplier: 2 }): Promise<AgentFiles> {
    files = agentFiles(broker.url, pipelineYaml, conf);
    agent = createNotificationAgent({
      config: files.config,
      registry: testRegistry(),
      logger: silentLogger,
      backoff,
      loader: { loadEventConverter: async () => novaEventConverter },
    });
    await agent.start();
    notifier = new AmqpNotifier({ url: broker.url, topics: [files.topic], exchange: 'ceilometer' });
    notifier.start();
    return files;
  }

  /** Messages ready in the agent's queue `<topic>.<priority>` (unacked ones come back when the agent stops). */
  async function queueDepth(priority: string): Promise<number> {
    const model = await notifier!.connection.waitConnected();
    const channel = await model.createChannel();
    try {
      return (await channel.checkQueue(`${files!.topic}.${priority}`)).messageCount;
    } finally {
      await channel.close();
    }
  }

  const ONE_SINK = 'sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers:\n      - test://out\n      - file://@DIR@/samples.json?json\n';

  it('publishes polled samples and nova notifications to test:// and file://, and events to the event pipeline', async () => {
    const { dir } = await start(ONE_SINK, ['batch_size = 10', 'batch_timeout = 1']);
    await notifier!.sample('telemetry.polling', { samples: polled(3) });
    await notifier!.sample('telemetry.polling', { samples: polled(2, 'memory.usage') });
    const nova = new AmqpNotifier({ url: broker.url, topics: [files!.topic], exchange: 'nova' });
    nova.start();
    const { _context_user_id, _context_project_id, _context_request_id, ...message } = NOVA;
    await nova.sendMessage({ ...(message as Parameters<AmqpNotifier['sendMessage']>[0]), priority: 'INFO' }, [files!.topic], 'info');
    await nova.close();

    // meters.yaml (upstream's, bundled) makes memory, vcpus, disk.root.size and disk.ephemeral.size of compute.instance.create.end
    await until(() => publishedSamples('test://out').length === 9);
    const samples = publishedSamples('test://out');
    expect(samples.map((s) => s.name).sort()).toEqual(['cpu', 'cpu', 'cpu', 'disk.ephemeral.size', 'disk.root.size', 'memory', 'memory.usage', 'memory.usage', 'vcpus']);
    expect(samples.filter((s) => s.name === 'cpu').map((s) => [s.resource_id, s.volume])).toEqual([['vm-0', 1000], ['vm-1', 1001], ['vm-2', 1002]]);
    expect(samples.find((s) => s.name === 'memory')).toMatchObject({
      type: 'gauge', unit: 'MiB', volume: 2048, resource_id: '3b5c1a2e-9d2f-4a71-8f6b-0e6a8c2f4d11', project_id: '6f70656e737461636b20342065766572',
      user_id: '5bd6b7a4b1d44c8a9d3d1f0a2f2b1c3d', timestamp: '2024-05-01T12:00:03.271128+00:00',
    });
    await until(() => testPublishers('test://events').some((p) => p.events.length > 0));
    expect(testPublishers('test://events')[0]?.events[0]).toMatchObject({ event_type: 'compute.instance.create.end', traits: [{ name: 'instance_id', value: '3b5c1a2e-9d2f-4a71-8f6b-0e6a8c2f4d11' }] });

    await agent!.stop();
    const lines = readFileSync(join(dir, 'samples.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatchObject({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1000, resource_id: 'vm-0', user_id: 'u', project_id: 'p', timestamp: '2024-05-01T12:00:00.123456' });
    expect(await queueDepth('sample')).toBe(0);
    expect(await queueDepth('info')).toBe(0);
  });

  it('acknowledges malformed messages once (non-JSON, bad envelope, missing fields) and goes on', async () => {
    await start(ONE_SINK);
    const model = await notifier!.connection.waitConnected();
    const channel = await model.createChannel();
    const key = `${files!.topic}.sample`;
    channel.publish('ceilometer', key, Buffer.from('this is not json'));
    channel.publish('ceilometer', key, Buffer.from('{"oslo.version": "2.0", "oslo.message": "{broken"}'));
    channel.publish('ceilometer', key, encodeMessageBody(buildNotification({ publisherId: 'x', eventType: '', priority: 'SAMPLE', payload: {} })));
    channel.publish('ceilometer', key, encodeMessageBody(buildNotification({ publisherId: 'x', eventType: 'telemetry.polling', priority: 'SAMPLE', payload: { samples: [{ counter_name: 'half' }] } })));
    await channel.close();
    await notifier!.sample('telemetry.polling', { samples: polled(1) });
    await until(() => publishedSamples('test://out').length === 1);
    await agent!.stop();
    expect(agent!.stats()).toMatchObject({ malformed: 2, samples: 1 });
    expect(await queueDepth('sample')).toBe(0);
  });

  it('holds a failing publisher\'s batch in its own queue and delivers it once it recovers; the healthy publisher sees it once', async () => {
    await start('sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["test://out", "flaky://x?fail=2"]\n');
    await notifier!.sample('telemetry.polling', { samples: polled(2) });
    // retries after 1 s and 2 s (the delivery queue's backoff)
    await until(() => (FlakyPublisher.instances[0]?.samples.length ?? 0) === 2);
    expect(FlakyPublisher.instances[0]?.calls).toBe(3);
    expect(agent!.stats()).toMatchObject({ requeued: 0, publishFailures: 0 });
    expect(publishedSamples('test://out')).toHaveLength(2);
    await agent!.stop();
    expect(await queueDepth('sample')).toBe(0);
  });

  it('hold policy: a publisher that never recovers keeps the messages it could not take in the broker, without spinning', async () => {
    await start('sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["flaky://x?fail=always&delivery_policy=hold&delivery_queue_length=1"]\n');
    await notifier!.sample('telemetry.polling', { samples: polled(1) });
    await notifier!.sample('telemetry.polling', { samples: polled(1) });
    await new Promise((r) => setTimeout(r, 2500));
    const calls = FlakyPublisher.instances[0]?.calls ?? 0;
    // backoff 1 s, 2 s: 2 or 3 attempts in 2.5 s, not thousands
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(3);
    const started = Date.now();
    await agent!.stop(1000);
    expect(Date.now() - started).toBeLessThan(5000);
    // the first message was accepted into the queue (and is dropped, counted, at close); the second waited and stays queued
    expect(agent!.stats().delivery.find((d) => d.publisher.startsWith('flaky'))).toMatchObject({ publisher: 'flaky://x?fail=always', policy: 'hold', delivered: 0, dropped: 1 });
    expect(await queueDepth('sample')).toBe(1);
  });
});
