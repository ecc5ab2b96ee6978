import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { AmqpNotifier, NotificationListener, decodeMessageBody, type IncomingNotification, type NotificationResult } from '@ceilometer-ts/messaging';
import { recordingLogger } from './recording-logger.js';

// One private broker serves every test unless the CI run shares one (then only the outage test boots its own).
let own: RabbitMQService;
let shared: RabbitMQService;
const fast = { reconnect: { initialDelayMs: 200, maxDelayMs: 1000 } };

beforeAll(async () => {
  own = await startRabbitMQ({ private: true });
  shared = process.env['CEILO_TEST_RABBIT_URL'] ? await startRabbitMQ() : own;
}, 120_000);

afterAll(async () => {
  await shared?.stop();
  await own?.stop();
}, 60_000);

async function drainQueue(amqpUrl: string, queue: string): Promise<amqp.GetMessage[]> {
  const conn = await amqp.connect(amqpUrl);
  const ch = await conn.createChannel();
  const out: amqp.GetMessage[] = [];
  for (;;) {
    const m = await ch.get(queue, { noAck: true });
    if (!m) break;
    out.push(m);
  }
  await conn.close();
  return out;
}

describe('AmqpNotifier against RabbitMQ', () => {
  it('publishes the exact oslo envelope, exchange, routing key, properties and declarations', async () => {
    const topic = `notifications-${randomUUID().slice(0, 8)}`;
    const notifier = new AmqpNotifier({ url: shared.url, topics: [topic], ...fast });
    await notifier.sample('telemetry.polling', { samples: [{ counter_name: 'cpu', counter_volume: 1 }] });
    expect(notifier.stats()).toMatchObject({ sent: 1, confirms: 1, queued: 0, inFlight: 0, dropped: 0 });
    await notifier.close();

    const [m, ...rest] = await drainQueue(shared.amqpUrl, `${topic}.sample`);
    expect(rest).toHaveLength(0);
    expect(m!.fields).toMatchObject({ exchange: 'ceilometer', routingKey: `${topic}.sample` });
    expect(m!.properties).toMatchObject({ contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: 2, priority: 0, headers: {} });
    const outer = JSON.parse(m!.content.toString()) as Record<string, string>;
    expect(Object.keys(outer)).toEqual(['oslo.version', 'oslo.message']);
    expect(outer['oslo.version']).toBe('2.0');
    const inner = JSON.parse(outer['oslo.message']!) as Record<string, unknown>;
    expect(Object.keys(inner)).toEqual(['message_id', 'publisher_id', 'event_type', 'priority', 'payload', 'timestamp', '_unique_id']);
    expect(inner).toMatchObject({ publisher_id: 'ceilometer.polling', event_type: 'telemetry.polling', priority: 'SAMPLE', payload: { samples: [{ counter_name: 'cpu', counter_volume: 1 }] } });
    expect(inner['timestamp']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);

    // oslo's own declaration flags (non-durable, no auto-delete) are accepted on the names we declared
    const conn = await amqp.connect(shared.amqpUrl);
    const ch = await conn.createChannel();
    await ch.assertExchange('ceilometer', 'topic', { durable: false, autoDelete: false });
    await ch.assertQueue(`${topic}.sample`, { durable: false, autoDelete: false });
    await conn.close();
  });

  it('close() flushes what was accepted', async () => {
    const topic = `flush-${randomUUID().slice(0, 8)}`;
    const notifier = new AmqpNotifier({ url: shared.url, topics: [topic], ...fast });
    const sends = Array.from({ length: 20 }, (_, i) => notifier.sample('telemetry.polling', { samples: [{ i }] }));
    const result = await notifier.close({ timeoutMs: 10_000 });
    expect(result).toEqual({ flushed: true, sent: 20, sentRecords: 20, dropped: 0, droppedRecords: 0 });
    await Promise.all(sends);
    const got = await drainQueue(shared.amqpUrl, `${topic}.sample`);
    expect(got.map((m) => (decodeMessageBody(m.content).message['payload'] as { samples: Array<{ i: number }> }).samples[0]!.i)).toEqual([...Array(20).keys()]);
  });

  it('the listener consumes ours and Python oslo.messaging notifications, acking malformed ones', async () => {
    const topic = `listen-${randomUUID().slice(0, 8)}`;
    const received: IncomingNotification[] = [];
    const listener = new NotificationListener({ url: shared.url, targets: [{ topic }], priorities: ['sample', 'info'], handler: (n) => void received.push(n), ...fast });
    await listener.start();
    const notifier = new AmqpNotifier({ url: shared.url, topics: [topic], ...fast });
    await notifier.sample('telemetry.polling', { samples: [1] });
    await notifier.info('compute.instance.exists', { id: 'x' }, { user_id: 'u1' });
    const conn = await amqp.connect(shared.amqpUrl);
    const ch = await conn.createConfirmChannel();
    ch.publish('ceilometer', `${topic}.info`, Buffer.from('not json'));
    await ch.waitForConfirms();
    await conn.close();
    const py = spawnSync('/usr/bin/python3', ['-c', `
import oslo_messaging
from oslo_config import cfg
conf = cfg.ConfigOpts(); conf([])
oslo_messaging.set_transport_defaults('ceilometer')
t = oslo_messaging.get_notification_transport(conf, url='${shared.url}')
oslo_messaging.Notifier(t, driver='messagingv2', publisher_id='python.agent', topics=['${topic}']).sample({}, 'telemetry.polling', {'samples': ['py']})
t.cleanup()`], { encoding: 'utf8', timeout: 30_000 });
    const pythonSent = py.status === 0;
    const want = pythonSent ? 3 : 2;
    const deadline = Date.now() + 10_000;
    while ((received.length < want || listener.stats().malformed < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await notifier.close();
    await listener.stop();
    expect(received.map((n) => n.message['event_type']).sort()).toEqual(
      (pythonSent ? ['compute.instance.exists', 'telemetry.polling', 'telemetry.polling'] : ['compute.instance.exists', 'telemetry.polling']),
    );
    expect(received.find((n) => n.routingKey === `${topic}.info`)?.context).toEqual({ user_id: 'u1' });
    if (pythonSent) expect(received.some((n) => n.message['publisher_id'] === 'python.agent')).toBe(true);
    expect(listener.stats()).toMatchObject({ malformed: 1, acked: want + 1 });
  });

  it('loses no sample when the broker stops and restarts in the middle of 500 samples', async () => {
    const topic = `outage-${randomUUID().slice(0, 8)}`;
    // durable queue + persistent messages: what the broker confirmed survives its restart
    const notifier = new AmqpNotifier({ url: own.url, topics: [topic], rabbit: { amqpDurableQueues: true }, ...fast });
    notifier.start();
    const sends: Array<Promise<void>> = [];
    let outage: Promise<void> | undefined;
    for (let batch = 0; batch < 50; batch++) {
      const samples = Array.from({ length: 10 }, (_, i) => ({ seq: batch * 10 + i }));
      sends.push(notifier.sample('telemetry.polling', { samples }));
      if (batch === 20) outage = own.stopBroker();
      if (batch === 35) {
        await outage;
        expect(notifier.stats().queued).toBeGreaterThan(0);
        outage = own.startBroker();
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await outage;
    await Promise.all(sends);
    expect(notifier.stats()).toMatchObject({ sent: 50, dropped: 0, queued: 0, inFlight: 0 });
    expect(notifier.stats().reconnects).toBeGreaterThanOrEqual(1);
    await notifier.close();
    const seqs = (await drainQueue(own.amqpUrl, `${topic}.sample`)).flatMap((m) =>
      (decodeMessageBody(m.content).message['payload'] as { samples: Array<{ seq: number }> }).samples.map((s) => s.seq));
    const firstSeen = [...new Set(seqs)];
    expect(firstSeen).toEqual([...Array(500).keys()]); // none lost, in order (re-sends may duplicate)
  }, 90_000);

  it('stopping a listener cancels its consumer first: a message its handler hands back stays with the broker, not redelivered to it', async () => {
    const topic = `cancel-${randomUUID().slice(0, 8)}`;
    // an exchange of its own: the outage test may have redeclared `ceilometer` durable
    const exchange = topic;
    let deliveries = 0;
    let stopping = false;
    let afterStop = 0;
    const listener = new NotificationListener({
      url: shared.url, targets: [{ topic, exchange }], priorities: ['sample'], prefetch: 1, allowRequeue: true, ...fast,
      handler: async (): Promise<NotificationResult> => {
        deliveries++;
        if (stopping) afterStop++;
        await new Promise((r) => setTimeout(r, 300));
        return 'requeue';
      },
    });
    await listener.start();
    const notifier = new AmqpNotifier({ url: shared.url, exchange, topics: [topic], ...fast });
    for (let i = 0; i < 3; i++) await notifier.sample('telemetry.polling', { samples: [{ i }] });
    await notifier.close();
    const deadline = Date.now() + 10_000;
    while (deliveries === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    stopping = true;
    await listener.stop(3000);
    expect(afterStop).toBe(0);
    expect(listener.stats()).toMatchObject({ requeued: 1 });
    // all three wait in the queue for the next consumer
    expect(await drainQueue(shared.amqpUrl, `${topic}.sample`)).toHaveLength(3);
  }, 30_000);

  it('close() during an outage: a broker back before the timeout gets every held notification exactly once, although the reconnect backoff is 2 minutes', async () => {
    const topic = `closing-${randomUUID().slice(0, 8)}`;
    await own.stopBroker();
    const logger = recordingLogger();
    const notifier = new AmqpNotifier({
      url: own.url, exchange: topic, topics: [topic], logger, itemsName: 'samples',
      reconnect: { initialDelayMs: 120_000, multiplier: 1, maxDelayMs: 120_000, jitter: 0 },
    });
    notifier.start();
    const sends = Array.from({ length: 30 }, (_, i) => notifier.sample('telemetry.polling', { samples: [{ seq: 2 * i }, { seq: 2 * i + 1 }] }));
    const deadline = Date.now() + 10_000;
    while (!logger.lines('warn').some((l) => l.startsWith('waiting for broker')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(logger.lines('warn').some((l) => l.includes('retrying in 120 s'))).toBe(true);

    const closing = notifier.close({ timeoutMs: 75_000 });
    await own.startBroker();
    const result = await closing;
    await Promise.all(sends);
    expect(result).toEqual({ flushed: true, sent: 30, sentRecords: 60, dropped: 0, droppedRecords: 0 });
    expect(logger.lines('info')).toContain(`notifier closed: 30 notification(s) (60 samples) flushed to ${notifier.connection.describeUrl()} on close; none dropped`);
    const seqs = (await drainQueue(own.amqpUrl, `${topic}.sample`)).flatMap((m) =>
      (decodeMessageBody(m.content).message['payload'] as { samples: Array<{ seq: number }> }).samples.map((x) => x.seq));
    expect(seqs).toEqual([...Array(60).keys()]);
  }, 120_000);
});
