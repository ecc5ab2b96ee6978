import { ConfigError, type Event } from '@ceilometer-ts/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotificationAgent, TelemetryPollingEndpoint, type NotificationSettings, type Processing } from '../../src/index.js';
import { recordingLogger } from '../helpers/fakes.js';
import { FakeConsumers, FakeEventPublisher, FakeSamplePublisher, notificationSettings, pollingMessage } from './helpers.js';

const settings = (over: Partial<NotificationSettings> = {}): NotificationSettings =>
  notificationSettings({ exchanges: ['nova', 'ceilometer'], pipelines: ['meter', 'event'], priorities: ['info', 'sample', 'error'], ...over });

function processing(publisher = new FakeSamplePublisher(), events?: Processing['events']): Processing {
  return { samples: { endpoints: [new TelemetryPollingEndpoint()], publisher }, ...(events ? { events } : {}) };
}

const backoff = { initialMs: 50, maxMs: 200, multiplier: 2 };

afterEach(() => vi.useRealTimers());

describe('NotificationAgent', () => {
  it('runs workers x messaging_urls consumers on every exchange x topic, all with the prefetch', async () => {
    const consumers = new FakeConsumers();
    const agent = new NotificationAgent({ settings: settings({ workers: 2, messagingUrls: ['rabbit://a//', 'rabbit://b//'] }), consumers: consumers.factory, load: async () => processing() });
    await agent.start();
    expect(consumers.specs.map((s) => [s.url, s.worker])).toEqual([['rabbit://a//', 0], ['rabbit://a//', 1], ['rabbit://b//', 0], ['rabbit://b//', 1]]);
    expect(consumers.specs[0]?.targets).toEqual([{ exchange: 'nova', topic: 'notifications' }, { exchange: 'ceilometer', topic: 'notifications' }]);
    expect(consumers.specs[0]?.prefetch).toBe(100);
    await agent.stop();
    expect(consumers.stopped).toBe(4);
  });

  it('publishes polled samples and acknowledges after publishing', async () => {
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    const agent = new NotificationAgent({ settings: settings(), consumers: consumers.factory, load: async () => processing(publisher) });
    await agent.start();
    await expect(consumers.deliver(pollingMessage(2))).resolves.toBe('handled');
    expect(publisher.calls.map((c) => c.length)).toEqual([2]);
    expect(agent.stats()).toMatchObject({ messages: 1, samples: 2, requeued: 0 });
    await agent.stop();
    expect(publisher.closed).toBe(1);
  });

  it('publishes once per batch of batch_size messages', async () => {
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    const agent = new NotificationAgent({ settings: settings({ batchSize: 3 }), consumers: consumers.factory, load: async () => processing(publisher) });
    await agent.start();
    const results = [consumers.deliver(pollingMessage(1)), consumers.deliver(pollingMessage(2))];
    await new Promise((r) => setTimeout(r, 20));
    expect(publisher.calls).toHaveLength(0);
    results.push(consumers.deliver(pollingMessage(1)));
    await expect(Promise.all(results)).resolves.toEqual(['handled', 'handled', 'handled']);
    expect(publisher.calls.map((c) => c.length)).toEqual([4]);
    await agent.stop();
  });

  it('publishes a partial batch after batch_timeout', async () => {
    vi.useFakeTimers();
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    const agent = new NotificationAgent({ settings: settings({ batchSize: 10, batchTimeout: 2 }), consumers: consumers.factory, load: async () => processing(publisher) });
    await agent.start();
    const result = consumers.deliver(pollingMessage(1));
    await vi.advanceTimersByTimeAsync(1999);
    expect(publisher.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('handled');
    expect(publisher.calls).toHaveLength(1);
    await agent.stop();
  });

  it('never lets a batch exceed the prefetch', async () => {
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    const logger = recordingLogger();
    const agent = new NotificationAgent({ settings: settings({ batchSize: 500, prefetch: 2 }), consumers: consumers.factory, load: async () => processing(publisher), logger });
    await agent.start();
    await Promise.all([consumers.deliver(pollingMessage(1)), consumers.deliver(pollingMessage(1))]);
    expect(publisher.calls).toHaveLength(1);
    expect(logger.lines).toContain('warn: [notification] batch_size is above the prefetch count; batches hold at most 2 messages');
    await agent.stop();
  });

  it('requeues when a publisher fails, after a growing, capped delay, and acknowledges once it recovers', async () => {
    vi.useFakeTimers();
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    publisher.failures = 4;
    const agent = new NotificationAgent({ settings: settings(), consumers: consumers.factory, load: async () => processing(publisher), backoff });
    await agent.start();
    const settled: Array<[number, string]> = [];
    const started = Date.now();
    for (let i = 0; i < 5; i++) {
      const d = await (async () => {
        const p = consumers.deliver(pollingMessage(1, 'cpu', 'same-message'));
        await vi.runAllTimersAsync();
        return p;
      })();
      settled.push([Date.now() - started, d]);
    }
    expect(settled.map(([, d]) => d)).toEqual(['requeue', 'requeue', 'requeue', 'requeue', 'handled']);
    expect(settled.map(([t]) => t)).toEqual([50, 150, 350, 550, 550]);
    expect(publisher.calls).toHaveLength(5);
    expect(agent.stats().requeued).toBe(4);
    await agent.stop();
  });

  it('acknowledges malformed messages once and keeps going', async () => {
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    const logger = recordingLogger();
    const agent = new NotificationAgent({ settings: settings({ batchSize: 4, batchTimeout: 0 }), consumers: consumers.factory, load: async () => processing(publisher), logger });
    await agent.start();
    const results = await Promise.all([
      consumers.deliver({ message: { hello: 'world' }, context: {} }),
      consumers.deliver({ message: { event_type: 'telemetry.polling', priority: 'SAMPLE', payload: { samples: [{ counter_name: 'x' }] } }, context: {} }),
      consumers.deliver({ message: { event_type: 'telemetry.polling', priority: 'SAMPLE', payload: 'nope' }, context: {} }),
      consumers.deliver(pollingMessage(1)),
    ]);
    expect(results).toEqual(['handled', 'handled', 'handled', 'handled']);
    expect(publisher.calls.map((c) => c.length)).toEqual([1]);
    expect(agent.stats().malformed).toBe(3);
    expect(logger.lines.filter((l) => l.startsWith('error:'))).toEqual([
      'error: malformed notification acknowledged and dropped: notification has no event_type',
      'error: Fail to process notification telemetry.polling: telemetry.polling sample 0 has no "counter_type"',
      'error: Fail to process notification telemetry.polling: telemetry.polling payload has no "samples" list',
    ]);
    await agent.stop();
  });

  it('drops priorities no endpoint handles, without publishing', async () => {
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    const agent = new NotificationAgent({ settings: settings(), consumers: consumers.factory, load: async () => processing(publisher) });
    await agent.start();
    const msg = pollingMessage(1);
    await expect(consumers.deliver({ ...msg, message: { ...msg.message, priority: 'WARN' } })).resolves.toBe('handled');
    expect(publisher.calls).toHaveLength(0);
    await agent.stop();
  });

  describe('events', () => {
    const event: Event = { message_id: 'm', event_type: 'compute.instance.create.end', generated: '2024-05-01T12:00:00', traits: [], raw: {} };
    const converter = { toEvent: (n: { event_type: string }) => (n.event_type.startsWith('compute.') ? { ...event, event_type: n.event_type } : null) };
    const nova = (priority: string) => ({ message: { event_type: 'compute.instance.create.end', priority, payload: {}, publisher_id: 'compute.host1', message_id: 'n1', timestamp: '2024-05-01 12:00:00' }, context: {} });

    it('publishes info and error notifications as events', async () => {
      const consumers = new FakeConsumers();
      const events = new FakeEventPublisher();
      const agent = new NotificationAgent({ settings: settings(), consumers: consumers.factory, load: async () => processing(undefined, { converter, publisher: events }) });
      await agent.start();
      await consumers.deliver(nova('INFO'));
      await consumers.deliver(nova('ERROR'));
      await consumers.deliver(nova('SAMPLE'));
      expect(events.calls.flat().map((e) => e.event_type)).toEqual(['compute.instance.create.end', 'compute.instance.create.end']);
      await agent.stop();
    });

    it('requeues on an event publishing failure only when ack_on_event_error is false', async () => {
      const consumers = new FakeConsumers();
      const events = new FakeEventPublisher();
      events.fail = true;
      const agent = new NotificationAgent({ settings: settings({ ackOnEventError: false }), consumers: consumers.factory, load: async () => processing(undefined, { converter, publisher: events }), backoff });
      await agent.start();
      await expect(consumers.deliver(nova('INFO'))).resolves.toBe('requeue');
      await agent.stop();

      const consumers2 = new FakeConsumers();
      const acking = new NotificationAgent({ settings: settings(), consumers: consumers2.factory, load: async () => processing(undefined, { converter, publisher: events }), backoff });
      await acking.start();
      await expect(consumers2.deliver(nova('INFO'))).resolves.toBe('handled');
      await acking.stop();
    });
  });

  it('reloads: new batches use the new pipelines, the old publishers close; an invalid reload keeps the old ones', async () => {
    const consumers = new FakeConsumers();
    const first = new FakeSamplePublisher();
    const second = new FakeSamplePublisher();
    const loads: Array<() => Promise<Processing>> = [
      async () => processing(first),
      async () => processing(second),
      async () => {
        throw new ConfigError([{ file: 'pipeline.yaml', line: 3, path: 'sinks', message: 'required' }]);
      },
    ];
    const logger = recordingLogger();
    const agent = new NotificationAgent({ settings: settings(), consumers: consumers.factory, load: () => (loads.shift() as () => Promise<Processing>)(), logger });
    await agent.start();
    await consumers.deliver(pollingMessage(1));
    await expect(agent.reload()).resolves.toEqual({ ok: true });
    await consumers.deliver(pollingMessage(1));
    const failed = await agent.reload();
    expect(failed.ok).toBe(false);
    expect(logger.lines).toContain('error: reload rejected; the previous pipelines and definitions keep running: pipeline.yaml:3: sinks: required');
    await consumers.deliver(pollingMessage(1));
    expect([first.calls.length, second.calls.length]).toEqual([1, 2]);
    expect(first.closed).toBe(1);
    await agent.stop();
    expect(second.closed).toBe(1);
  });

  it('while stopping, a failing publish keeps its backoff: a consumer that redelivers at once sees a bounded number of deliveries, not a storm', async () => {
    // as RabbitMQ with a consumer that is still registered: a requeued message comes straight back
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    let stopping = false;
    let deliveries = 0;
    let afterStop = 0;
    const agent = new NotificationAgent({
      settings: settings(),
      consumers: (spec) => {
        consumers.factory(spec);
        return {
          start: async () => {},
          // waits until no handler runs, up to its timeout, as the listener does
          stop: async (timeoutMs = 10_000) => {
            stopping = true;
            const deadline = Date.now() + timeoutMs;
            while (consumers.inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
            stopping = false;
          },
        };
      },
      load: async () => processing(publisher),
      backoff: { initialMs: 100, maxMs: 400, multiplier: 2 },
    });
    await agent.start();
    publisher.failures = Number.MAX_SAFE_INTEGER;
    const redeliver = (m: ReturnType<typeof pollingMessage>): void => {
      deliveries++;
      if (stopping) afterStop++;
      consumers.deliver(m).then(
        // through the event loop, as a delivery from the socket
        (d) => { if (d === 'requeue' && stopping) setImmediate(() => redeliver(m)); },
        () => {},
      );
    };
    const messages = [pollingMessage(1), pollingMessage(1), pollingMessage(1)];
    for (const m of messages) redeliver(m);
    await new Promise((r) => setTimeout(r, 20));
    await agent.stop(1000);
    // about 1 s of 100, 200, 400, 400 ms waits: a handful of deliveries per message, never thousands
    expect(afterStop).toBeLessThanOrEqual(messages.length * 5);
    expect(deliveries).toBeLessThanOrEqual(messages.length * 6);
    expect(publisher.closed).toBe(1);
  });

  it('while stopping, consumers that can pause end the backoffs at once: what is requeued then stays with the broker', async () => {
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    let paused = 0;
    const agent = new NotificationAgent({
      settings: settings(),
      consumers: (spec) => ({ ...consumers.factory(spec), pause: async () => (paused++, true) }),
      load: async () => processing(publisher),
      backoff: { initialMs: 60_000, maxMs: 60_000, multiplier: 1 },
    });
    await agent.start();
    publisher.failures = 1;
    const result = consumers.deliver(pollingMessage(1));
    await new Promise((r) => setTimeout(r, 20)); // failed, now in its 60 s backoff
    const stopping = Date.now();
    await agent.stop(5000);
    expect(Date.now() - stopping).toBeLessThan(1000);
    await expect(result).resolves.toBe('requeue');
    expect(paused).toBe(1);
  });

  it('stop drains: a waiting partial batch is published and acknowledged, a backoff is cut short', async () => {
    const consumers = new FakeConsumers();
    const publisher = new FakeSamplePublisher();
    const agent = new NotificationAgent({ settings: settings({ batchSize: 50 }), consumers: consumers.factory, load: async () => processing(publisher), backoff: { initialMs: 60_000, maxMs: 60_000, multiplier: 1 } });
    await agent.start();
    const waiting = consumers.deliver(pollingMessage(1));
    await agent.stop();
    await expect(waiting).resolves.toBe('handled');
    expect(publisher.calls).toHaveLength(1);
  });
});
