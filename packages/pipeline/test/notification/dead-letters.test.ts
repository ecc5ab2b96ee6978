/**
 * Poison messages (issue 8): over the work budget they are moved aside at once; a message a
 * publisher keeps failing on is moved aside after max_delivery_attempts while the messages around
 * it are published exactly once; a publisher outage never dead-letters anything; counts written
 * to the journal by a process that died are honoured by the next one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@ceilometer-ts/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DeliveryJournal, JOURNAL_FILE, NotificationAgent, TelemetryPollingEndpoint,
  type DeadLetter, type DeadLetterSink, type Disposition, type IncomingMessage, type NotificationSettings, type Processing, type PublishOutcome,
} from '../../src/index.js';
import { FakeConsumers, notificationSettings, pollingMessage } from './helpers.js';

const settings = (over: Partial<NotificationSettings> = {}): NotificationSettings =>
  notificationSettings({ maxDeliveryAttempts: 3, deadLetterQueue: 'dlq', ...over });
const backoff = { initialMs: 1, maxMs: 5, multiplier: 2 };

/** Fails (reports a failure for) every batch holding a sample of meter `poison`; `down` fails everything. */
class PickyPublisher {
  readonly published: Sample[] = [];
  down = false;
  async publishSamples(samples: readonly Sample[]): Promise<PublishOutcome> {
    if (this.down || samples.some((s) => s.name === 'poison')) return { published: 0, failures: [{ pipeline: 'p', publisher: 'picky://', error: new Error('cannot publish poison') }] };
    this.published.push(...samples);
    return { published: samples.length, failures: [] };
  }
  async close(): Promise<void> {}
}

class RecordingDeadLetters implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];
  fail = 0;
  async publish(letter: DeadLetter): Promise<void> {
    if (this.fail > 0) {
      this.fail--;
      throw new Error('dlq down');
    }
    this.letters.push(letter);
  }
  async close(): Promise<void> {}
}

const redelivered = (m: IncomingMessage): IncomingMessage => ({ ...m, redelivered: true });

describe('poison notifications', () => {
  let publisher: PickyPublisher;
  let dlq: RecordingDeadLetters;
  let consumers: FakeConsumers;
  let agent: NotificationAgent | undefined;
  beforeEach(() => {
    publisher = new PickyPublisher();
    dlq = new RecordingDeadLetters();
    consumers = new FakeConsumers();
  });
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
  });

  const processing = (): Processing => ({ samples: { endpoints: [new TelemetryPollingEndpoint()], publisher } });
  async function start(over: Partial<NotificationSettings> = {}, journal?: DeliveryJournal): Promise<NotificationAgent> {
    agent = new NotificationAgent({ settings: settings(over), consumers: consumers.factory, load: async () => processing(), backoff, deadLetters: dlq, ...(journal ? { journal } : {}) });
    await agent.start();
    return agent;
  }

  it('moves a notification over the work budget aside at once; the good ones around it are published', async () => {
    const a = await start({ budget: { maxSamples: 5, maxMetadataBytes: 0 } });
    const results = await Promise.all([consumers.deliver(pollingMessage(2, 'good', 'g1')), consumers.deliver(pollingMessage(6, 'big', 'p1')), consumers.deliver(pollingMessage(2, 'good', 'g2'))]);
    expect(results).toEqual(['handled', 'handled', 'handled']);
    expect(publisher.published.map((s) => s.name)).toEqual(['good', 'good', 'good', 'good']);
    expect(dlq.letters.map((l) => [l.id, l.attempts])).toEqual([['p1', 1]]);
    expect(dlq.letters[0]!.reason).toMatch(/6 samples exceed \[notification\] max_samples_per_notification \(5\)/);
    expect(a.stats()).toMatchObject({ deadLettered: 1, overBudget: 1, journalEntries: 0 });
  });

  it('moves a message a publisher keeps failing on aside after max_delivery_attempts; every good message is published once', async () => {
    const a = await start();
    // a tiny broker: each round delivers every ready message in one burst, requeued ones come back redelivered
    let queue: IncomingMessage[] = [
      ...Array.from({ length: 3 }, (_, i) => pollingMessage(1, 'good', `before-${i}`)),
      ...Array.from({ length: 2 }, (_, i) => pollingMessage(1, 'poison', `poison-${i}`)),
      ...Array.from({ length: 3 }, (_, i) => pollingMessage(1, 'good', `after-${i}`)),
    ];
    const goods = new Set(queue.filter((m) => !String(m.message['message_id']).startsWith('poison')).map((m) => m.message['message_id']));
    let extra = 0;
    for (let round = 0; round < 20 && queue.length > 0; round++) {
      const results = await Promise.all(queue.map((m) => consumers.deliver(m)));
      queue = queue.filter((_, i) => results[i] === 'requeue').map(redelivered);
      // good traffic keeps arriving behind the poison
      const fresh = pollingMessage(1, 'good', `extra-${extra++}`);
      goods.add(fresh.message['message_id']);
      queue.push(fresh);
    }
    await Promise.all(queue.map((m) => consumers.deliver(m)));
    expect(dlq.letters.map((l) => [l.id, l.attempts]).sort()).toEqual([['poison-0', 3], ['poison-1', 3]]);
    expect(dlq.letters[0]!.reason).toMatch(/publishing failed on 3 attempts/);
    const published = publisher.published.map((s) => s.resource_id);
    expect(publisher.published.every((s) => s.name === 'good')).toBe(true);
    expect(published).toHaveLength(goods.size); // one sample per good message, each published once
    expect(a.stats()).toMatchObject({ deadLettered: 2, journalEntries: 0 });
  });

  it('never dead-letters during a publisher outage: nothing got through, so no attempt counts twice', async () => {
    const a = await start();
    publisher.down = true;
    const m = pollingMessage(1, 'cpu', 'm1');
    const results: Disposition[] = [await consumers.deliver(m)];
    for (let i = 0; i < 8; i++) results.push(await consumers.deliver(redelivered(m)));
    expect(results.every((r) => r === 'requeue')).toBe(true);
    expect(dlq.letters).toHaveLength(0);
    publisher.down = false;
    await expect(consumers.deliver(redelivered(m))).resolves.toBe('handled');
    expect(a.stats()).toMatchObject({ deadLettered: 0, journalEntries: 0 });
  });

  it('processes a suspect alone: a good message batched with a failing one is published on its own next time', async () => {
    await start({ batchSize: 2 });
    const [g, p] = await Promise.all([consumers.deliver(pollingMessage(1, 'good', 'g')), consumers.deliver(pollingMessage(1, 'poison', 'p'))]);
    expect([g, p]).toEqual(['requeue', 'requeue']);
    // redelivered together, processed one by one: the good one goes through
    const [g2, p2] = await Promise.all([consumers.deliver(redelivered(pollingMessage(1, 'good', 'g'))), consumers.deliver(redelivered(pollingMessage(1, 'poison', 'p')))]);
    expect([g2, p2]).toEqual(['handled', 'requeue']);
    expect(publisher.published.map((s) => s.name)).toEqual(['good']);
  });

  describe('with a journal on disk', () => {
    let dir = '';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'ceilo-dead-letters-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('moves aside, unprocessed, a message the journal says was attempted max_delivery_attempts times (crashes)', async () => {
      writeFileSync(join(dir, JOURNAL_FILE), `${JSON.stringify({ id: 'killer', attempts: 3, eventType: 'telemetry.polling', at: Date.now() })}\n`);
      const a = await start({ stateDir: dir });
      await expect(consumers.deliver(redelivered(pollingMessage(1, 'cpu', 'killer')))).resolves.toBe('handled');
      await expect(consumers.deliver(pollingMessage(1, 'cpu', 'fine'))).resolves.toBe('handled');
      expect(publisher.published.map((s) => s.name)).toEqual(['cpu']);
      expect(dlq.letters.map((l) => [l.id, l.attempts])).toEqual([['killer', 3]]);
      expect(dlq.letters[0]!.reason).toMatch(/not processed after 3 attempts/);
      expect(a.stats()).toMatchObject({ deadLettered: 1, journalEntries: 0 });
    });

    it('requeues when the dead-letter queue is down and moves the message aside on its next delivery', async () => {
      const a = await start({ stateDir: dir, budget: { maxSamples: 1, maxMetadataBytes: 0 } });
      dlq.fail = 1;
      const big = pollingMessage(2, 'big', 'big');
      await expect(consumers.deliver(big)).resolves.toBe('requeue');
      expect(a.stats()).toMatchObject({ deadLettered: 0, deadLetterFailures: 1, journalEntries: 1 });
      await expect(consumers.deliver(redelivered(big))).resolves.toBe('handled');
      expect(dlq.letters.map((l) => l.id)).toEqual(['big']);
      expect(a.stats()).toMatchObject({ deadLettered: 1, journalEntries: 0, overBudget: 1 });
    });
  });
});
