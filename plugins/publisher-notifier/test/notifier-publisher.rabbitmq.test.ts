import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapServiceRegistry, silentLogger, TraitType, verifySignature, type ConfigView, type Event, type PluginContext, type PyDict, type Sample } from '@ceilometer-ts/sdk';
import { NotificationListener, type IncomingNotification } from '@ceilometer-ts/messaging';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { EventNotifierPublisher, SampleNotifierPublisher } from '../src/index.js';

const SECRET = 'change this for valid signing';
let broker: RabbitMQService;

beforeAll(async () => {
  broker = await startRabbitMQ({ private: true });
}, 120_000);
afterAll(async () => {
  await broker?.stop();
}, 60_000);

function context(values: Record<string, unknown> = {}): PluginContext {
  const all: Record<string, unknown> = { 'DEFAULT.host': 'test-host', ...values };
  const config = { has: (g: string, n: string) => `${g}.${n}` in all, get: (g: string, n: string) => all[`${g}.${n}`] } as unknown as ConfigView;
  return { logger: silentLogger, services: new MapServiceRegistry(), config } as unknown as PluginContext;
}
const hostPort = (): string => new URL(broker.amqpUrl).host;
const fastReconnect = 'rabbit_retry_interval=1&rabbit_retry_backoff=1&rabbit_interval_max=1';

/** Collects `<topic>.sample` notifications (the queue the notifier declares) until `n` arrived. */
async function consume(topic: string) {
  const got: IncomingNotification[] = [];
  const listener = new NotificationListener({
    url: broker.url, targets: [{ topic }], priorities: ['sample'], reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
    handler: (n) => void got.push(n),
  });
  await listener.start();
  const until = async (n: number, ms = 30_000): Promise<IncomingNotification[]> => {
    const deadline = Date.now() + ms;
    while (got.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return got;
  };
  return { got, until, stop: () => listener.stop() };
}

const sample = (name: string, volume: number, i = 0): Sample => ({
  name, type: 'gauge', unit: 'u', volume, user_id: 'u-1', project_id: 'p-1', resource_id: `r-${i}`,
  timestamp: '2026-11-23T19:00:00.123456', resource_metadata: { i }, source: 'openstack', id: randomUUID(), monotonic_time: null,
});

describe('notifier:// against RabbitMQ', () => {
  it('sends samples as upstream: event type metering, signed meter messages, per-meter event types', async () => {
    const topic = `metering-${randomUUID().slice(0, 8)}`;
    const c = await consume(topic);
    const url = `notifier://${broker.url.replace(/^rabbit:\/\//, '').replace(/\/$/, '')}/?topic=${topic}&per_meter_topic=1`;
    const p = new SampleNotifierPublisher(context(), url);
    await p.publishSamples([sample('cpu', 1), sample('memory', 2.5), sample('cpu', 3)]);
    await p.close();
    const got = await c.until(3);
    await c.stop();
    expect(got.map((n) => n.message['event_type'])).toEqual(['metering', 'metering.cpu', 'metering.memory']);
    expect(got[0]!.message).toMatchObject({ publisher_id: 'telemetry.publisher.test-host', priority: 'SAMPLE' });
    expect(got[0]!).toMatchObject({ exchange: 'ceilometer', routingKey: `${topic}.sample`, envelopeVersion: 2 });
    const payload = got[0]!.message['payload'] as PyDict[];
    expect(payload.map((m) => m['counter_name'])).toEqual(['cpu', 'memory', 'cpu']);
    expect(payload.every((m) => verifySignature(m, SECRET))).toBe(true);
    expect((got[1]!.message['payload'] as PyDict[]).map((m) => m['counter_volume'])).toEqual([1, 3]);
  });

  it('sends events with event type event, the broker taken from [DEFAULT] transport_url', async () => {
    const topic = `event-${randomUUID().slice(0, 8)}`;
    const c = await consume(topic);
    const p = new EventNotifierPublisher(context({ 'DEFAULT.transport_url': broker.url }), `notifier://?topic=${topic}`);
    const event: Event = { message_id: 'm-1', event_type: 'compute.instance.create.end', generated: '2026-11-23T19:00:00.000000',
      traits: [{ name: 'service', dtype: TraitType.text, value: 'compute' }], raw: {} };
    await p.publishEvents([event]);
    await p.close();
    const [n] = await c.until(1);
    await c.stop();
    expect(n!.message['event_type']).toBe('event');
    expect(n!.message['payload']).toEqual([{ message_id: 'm-1', event_type: 'compute.instance.create.end', generated: '2026-11-23T19:00:00.000000',
      traits: [['service', 1, 'compute']], raw: {}, message_signature: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(verifySignature((n!.message['payload'] as PyDict[])[0]!, SECRET)).toBe(true);
  });

  it('under policy=queue, a broker outage queues every batch and loses nothing', async () => {
    const topic = `outage-${randomUUID().slice(0, 8)}`;
    const c = await consume(topic);
    const url = `notifier://${hostPort()}/?topic=${topic}&policy=queue&max_queue_length=100&${fastReconnect}`;
    const p = new SampleNotifierPublisher(context(), url.replace('://', '://guest:guest@'));
    await p.publishSamples([sample('before', 0)]);
    await c.until(1);
    await broker.stopBroker();
    const started = Date.now();
    for (let i = 1; i <= 20; i++) await p.publishSamples([sample('during', i, i)]);
    expect(Date.now() - started).toBeLessThan(2_000); // queued, not blocked
    expect(p.stats().queued + p.stats().inFlight).toBeGreaterThan(0);
    await broker.startBroker();
    const got = await c.until(21, 60_000);
    await p.publishSamples([sample('after', 99)]);
    await c.until(22, 30_000);
    await p.close();
    await c.stop();
    const volumes = got.map((n) => (n.message['payload'] as PyDict[])[0]!['counter_volume']);
    expect(volumes).toEqual([0, ...Array.from({ length: 20 }, (_, i) => i + 1), 99]);
    expect(p.stats().dropped).toBe(0);
  }, 120_000);

  it('under policy=drop, an outage drops without blocking or failing', async () => {
    const topic = `drop-${randomUUID().slice(0, 8)}`;
    const url = `notifier://guest:guest@${hostPort()}/?topic=${topic}&policy=drop&${fastReconnect}`;
    const p = new SampleNotifierPublisher(context(), url);
    await p.publishSamples([sample('x', 1)]);
    await broker.stopBroker();
    try {
      await expect(p.publishSamples([sample('x', 2)])).resolves.toBeUndefined();
    } finally {
      await broker.startBroker();
    }
    await p.close();
  }, 120_000);
});
