/**
 * NotificationAgent.start() when consumers wait for their brokers: a consumer that is not there yet
 * holds up no other, stop() during start (loading or waiting) ends it quietly with nothing left
 * running, and a reload that lands during start's load is not lost.
 */
import { describe, expect, it } from 'vitest';
import { NotificationAgent, TelemetryPollingEndpoint, type ConsumerFactory, type ConsumerSpec, type Processing } from '../../src/index.js';
import { FakeSamplePublisher, notificationSettings, pollingMessage } from './helpers.js';

const settings = notificationSettings;

const processing = (publisher: FakeSamplePublisher): Processing => ({ samples: { endpoints: [new TelemetryPollingEndpoint()], publisher } });

/** Consumers whose start() waits until `connect(url)` (as a listener waits for its broker) and rejects on stop(). */
class WaitingConsumers {
  readonly specs: ConsumerSpec[] = [];
  readonly running = new Set<string>();
  readonly #connect = new Map<string, () => void>();
  readonly factory: ConsumerFactory = (spec) => {
    this.specs.push(spec);
    const url = spec.url ?? 'default';
    let fail: ((e: Error) => void) | undefined;
    return {
      start: () =>
        new Promise<void>((resolve, reject) => {
          fail = reject;
          this.#connect.set(url, () => {
            this.running.add(url);
            resolve();
          });
        }),
      stop: async () => {
        this.running.delete(url);
        fail?.(new Error('stopped before consuming'));
      },
    };
  };

  connect(url: string): void {
    this.#connect.get(url)?.();
  }
}

const settle = (p: Promise<unknown>): Promise<string> => Promise.race([p.then(() => 'resolved', (e: unknown) => `rejected: ${String(e)}`), new Promise<string>((r) => setTimeout(() => r('pending'), 50))]);

describe('NotificationAgent.start() while brokers are away', () => {
  it('lets a connected URL work while another still waits, and resolves once every one consumes', async () => {
    const consumers = new WaitingConsumers();
    const publisher = new FakeSamplePublisher();
    const agent = new NotificationAgent({ settings: settings({ messagingUrls: ['rabbit://good//', 'rabbit://refused//'] }), consumers: consumers.factory, load: async () => processing(publisher) });
    const start = agent.start();
    await new Promise((r) => setTimeout(r, 10));
    consumers.connect('rabbit://good//');
    await expect(consumers.specs[0]!.handler(pollingMessage(2))).resolves.toBe('handled');
    expect(publisher.calls).toHaveLength(1);
    expect(await settle(start)).toBe('pending');
    consumers.connect('rabbit://refused//');
    expect(await settle(start)).toBe('resolved');
    await agent.stop();
  });

  it('stop() while consumers wait ends start() quietly and leaves nothing running', async () => {
    const consumers = new WaitingConsumers();
    const publisher = new FakeSamplePublisher();
    const agent = new NotificationAgent({ settings: settings({ messagingUrls: ['rabbit://a//', 'rabbit://b//'] }), consumers: consumers.factory, load: async () => processing(publisher) });
    const start = agent.start();
    await new Promise((r) => setTimeout(r, 10));
    consumers.connect('rabbit://a//');
    await agent.stop();
    expect(await settle(start)).toBe('resolved');
    expect(consumers.running.size).toBe(0);
    expect(publisher.closed).toBe(1);
  });

  it('stop() while start() is still loading: no consumer is created and the loaded publishers are closed', async () => {
    const consumers = new WaitingConsumers();
    const publisher = new FakeSamplePublisher();
    let finishLoad: (() => void) | undefined;
    const agent = new NotificationAgent({
      settings: settings(), consumers: consumers.factory,
      load: () => new Promise<Processing>((r) => (finishLoad = () => r(processing(publisher)))),
    });
    const start = agent.start();
    await new Promise((r) => setTimeout(r, 10));
    const stop = agent.stop();
    finishLoad!();
    await stop;
    expect(await settle(start)).toBe('resolved');
    expect(consumers.specs).toHaveLength(0);
    expect(publisher.closed).toBe(1);
  });

  it('a reload that finishes during start()\'s load is kept, and the publishers of the older load closed', async () => {
    const consumers = new WaitingConsumers();
    const first = new FakeSamplePublisher();
    const reloaded = new FakeSamplePublisher();
    const loads: Array<(p: Processing) => void> = [];
    const agent = new NotificationAgent({ settings: settings(), consumers: consumers.factory, load: () => new Promise<Processing>((r) => loads.push(r)) });
    const start = agent.start();
    const reload = agent.reload();
    await new Promise((r) => setTimeout(r, 10));
    loads[1]!(processing(reloaded));
    expect(await reload).toEqual({ ok: true });
    loads[0]!(processing(first));
    await new Promise((r) => setTimeout(r, 10));
    consumers.connect('default');
    await start;
    await consumers.specs[0]!.handler(pollingMessage(1));
    expect(reloaded.calls).toHaveLength(1);
    expect(first.calls).toHaveLength(0);
    expect(first.closed).toBe(1);
    await agent.stop();
    expect(reloaded.closed).toBe(1);
  });
});
