/**
 * NotificationListener against a private RabbitMQ that is stopped and started: a listener started
 * while the broker is down consumes, once it is up, everything published after that; a listener
 * whose password is wrong retries with backoff, says why once per step, and never holds up a good
 * listener beside it.
 */
import { makeSample, toMeterMessage } from '@ceilometer-ts/sdk';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpNotifier, NotificationListener, type IncomingNotification } from '../src/index.js';
import { recordingLogger } from './recording-logger.js';

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const topicName = (): string => `listener-${Math.random().toString(36).slice(2, 10)}`;
const payload = (i: number): unknown => [toMeterMessage(makeSample({ name: 'cpu', type: 'gauge', unit: '%', volume: i, resource_id: `r-${i}` }), 'secret')];

describe('NotificationListener over a broker that comes and goes', () => {
  let broker: RabbitMQService;

  beforeAll(async () => {
    broker = await startRabbitMQ({ private: true });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('started while the broker is down, consumes everything published once the broker is up', async () => {
    const topic = topicName();
    const received: IncomingNotification[] = [];
    const logger = recordingLogger();
    await broker.stopBroker();
    const listener = new NotificationListener({
      url: broker.url, reconnect: { initialDelayMs: 200, maxDelayMs: 1000, multiplier: 2, jitter: 0 }, logger,
      targets: [{ topic }], priorities: ['sample'], handler: (n) => void received.push(n),
    });
    let consuming = false;
    const started = listener.start().then(() => (consuming = true));
    let notifier: AmqpNotifier | undefined;
    try {
      await new Promise((r) => setTimeout(r, 2000));
      expect(consuming).toBe(false);
      expect(logger.lines('warn').filter((l) => l.startsWith('waiting for broker')).length).toBeGreaterThanOrEqual(2);
      expect(logger.lines('error')).toEqual([]);

      await broker.startBroker();
      // the publisher declares the queue as oslo does, so what it sends before the listener is back waits there
      notifier = new AmqpNotifier({ url: broker.url, topics: [topic] });
      for (let i = 0; i < 50; i++) await notifier.sample('telemetry.polling', payload(i));
      await started;
      await until(() => received.length === 50, 15_000);
      expect(new Set(received.map((n) => (n.message['payload'] as Array<{ counter_volume: number }>)[0]!.counter_volume)).size).toBe(50);
    } finally {
      await notifier?.close();
      await listener.stop();
    }
  }, 120_000);

  it('retries a refused login with backoff and one clear error per step, while a good listener beside it consumes', async () => {
    const topic = topicName();
    const good: IncomingNotification[] = [];
    const badLogger = recordingLogger();
    const wrong = broker.url.replace('guest:guest@', 'guest:wrong-password@');
    const bad = new NotificationListener({
      url: wrong, reconnect: { initialDelayMs: 100, maxDelayMs: 800, multiplier: 2, jitter: 0 }, logger: badLogger,
      targets: [{ topic }], priorities: ['sample'], handler: () => 'handled',
    });
    const ok = new NotificationListener({ url: broker.url, targets: [{ topic }], priorities: ['sample'], handler: (n) => void good.push(n) });
    const badStart = bad.start().catch((e: unknown) => e);
    const notifier = new AmqpNotifier({ url: broker.url, topics: [topic] });
    try {
      const t0 = Date.now();
      await ok.start();
      await notifier.sample('telemetry.polling', payload(1));
      await until(() => good.length === 1, 5000);
      expect(Date.now() - t0).toBeLessThan(5000);

      await new Promise((r) => setTimeout(r, 2000));
      const refused = badLogger.entries.filter((e) => e.level === 'error');
      // 100, 200, 400, 800, 800 ms...: a few lines in 2 s, each naming the refusal, no password
      expect(refused.length).toBeGreaterThanOrEqual(3);
      expect(refused.length).toBeLessThanOrEqual(8);
      expect(refused[0]!.msg).toMatch(/^broker rabbit:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\/: the broker refused the credentials \(ACCESS_REFUSED\): check the user and password of the transport URL; retrying in 0\.1 s$/);
      expect(JSON.stringify(badLogger.entries)).not.toContain('wrong-password');
      expect(bad.consuming).toBe(false);
    } finally {
      await notifier.close();
      await ok.stop();
      await bad.stop();
    }
    expect(await badStart).toBeInstanceOf(Error);
  }, 60_000);
});
