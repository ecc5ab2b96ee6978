import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotificationDroppedError, Outbox, backoffDelay, type OutboxChannel } from '@ceilometer-ts/messaging';
import { recordingLogger } from './recording-logger.js';

/** A channel that records publishes and lets the test confirm, nack or lose them. */
class FakeChannel implements OutboxChannel {
  published: Array<{ key: string; body: string; confirm: (err: unknown) => void }> = [];
  prepared = new Set<string>();
  failed: Error[] = [];
  prepare(exchange: string, routingKey: string): Promise<void> | null {
    const k = `${exchange}/${routingKey}`;
    if (this.prepared.has(k)) return null;
    return Promise.resolve().then(() => void this.prepared.add(k));
  }
  publish(_e: string, routingKey: string, body: Buffer, _p: Record<string, unknown>, confirm: (err: unknown) => void): boolean {
    this.published.push({ key: routingKey, body: body.toString(), confirm });
    return true;
  }
  onDrain(): void {}
  fail(error: Error): void {
    this.failed.push(error);
  }
  ackAll(): void {
    for (const p of this.published.splice(0)) p.confirm(null);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const send = (o: Outbox, n: number) => o.enqueue('ceilometer', 'notifications.sample', Buffer.from(String(n)), {});

describe('Outbox', () => {
  it('queues while detached, flushes in order on attach, settles on confirm', async () => {
    const o = new Outbox({ maxQueueLength: 10 });
    const done = [1, 2, 3].map((n) => send(o, n));
    expect(o.stats()).toMatchObject({ queued: 3, inFlight: 0 });
    const ch = new FakeChannel();
    o.attach(ch);
    await tick();
    expect(ch.published.map((p) => p.body)).toEqual(['1', '2', '3']);
    expect(o.stats()).toMatchObject({ queued: 0, inFlight: 3, sent: 0 });
    ch.ackAll();
    await Promise.all(done);
    expect(o.stats()).toMatchObject({ sent: 3, confirms: 3, dropped: 0 });
  });

  it('drops the oldest beyond maxQueueLength with a counter', async () => {
    const o = new Outbox({ maxQueueLength: 2 });
    const results = [1, 2, 3, 4].map((n) => send(o, n).then(() => 'ok', (e: unknown) => e));
    const first = await results[0];
    expect(first).toBeInstanceOf(NotificationDroppedError);
    expect((first as NotificationDroppedError).reason).toBe('overflow');
    expect(o.stats()).toMatchObject({ queued: 2, dropped: 2 });
    const ch = new FakeChannel();
    o.attach(ch);
    await tick();
    expect(ch.published.map((p) => p.body)).toEqual(['3', '4']);
  });

  it('puts unconfirmed messages back at the head, in order, when the channel is lost', async () => {
    const o = new Outbox();
    const all = [1, 2, 3, 4].map((n) => send(o, n));
    const ch1 = new FakeChannel();
    o.attach(ch1);
    await tick();
    ch1.published[0]!.confirm(null);
    o.detach();
    ch1.published[1]!.confirm(new Error('channel closed')); // late callbacks of the dead channel are ignored
    expect(o.stats()).toMatchObject({ queued: 3, inFlight: 0, sent: 1, retried: 3 });
    const ch2 = new FakeChannel();
    o.attach(ch2);
    await tick();
    expect(ch2.published.map((p) => p.body)).toEqual(['2', '3', '4']);
    ch2.ackAll();
    await Promise.all(all);
  });

  it('gives up after `retry` failures and rejects at once with policy drop', async () => {
    const o = new Outbox({ retry: 0 });
    const p = send(o, 1);
    const ch = new FakeChannel();
    o.attach(ch);
    await tick();
    ch.published[0]!.confirm(new Error('message nacked'));
    await expect(p).rejects.toMatchObject({ reason: 'retries' });
    const d = new Outbox({ policy: 'drop' });
    await expect(send(d, 1)).rejects.toMatchObject({ reason: 'disconnected' });
    expect(d.stats().dropped).toBe(1);
  });

  it('drain waits for confirms and close rejects the rest', async () => {
    const o = new Outbox();
    const ch = new FakeChannel();
    o.attach(ch);
    const p = send(o, 1);
    const q = send(o, 2);
    await tick();
    const draining = o.drain(1000);
    ch.published[0]!.confirm(null);
    ch.published[1]!.confirm(null);
    expect(await draining).toBe(true);
    await Promise.all([p, q]);
    const r = send(o, 3).catch((e: unknown) => e);
    o.detach();
    expect(await o.drain(20)).toBe(false);
    expect(o.close()).toBe(1);
    expect(await r).toMatchObject({ reason: 'closed' });
  });
});

describe('Outbox while the broker is away', () => {
  afterEach(() => vi.useRealTimers());
  /** Enqueues `n` messages of `records` records; their outcomes are kept (and never rejected) in `outcomes`. */
  const outcomes: Array<Promise<unknown>> = [];
  const held = (o: Outbox, n: number, records: number): void => {
    for (let i = 0; i < n; i++) outcomes.push(o.enqueue('ceilometer', 'notifications.sample', Buffer.from(String(i)), {}, undefined, records).catch((e: unknown) => e));
  };

  it('says once per interval, not per batch, how many notifications and records it holds for its destination, against its bound', async () => {
    vi.useFakeTimers();
    const logger = recordingLogger();
    const o = new Outbox({ maxQueueLength: 100, logger, destination: 'rabbit://ceilometer:***@h:5672/', itemsName: 'samples', heldReportIntervalMs: 1000 });
    held(o, 40, 25);
    await vi.advanceTimersByTimeAsync(999);
    expect(logger.entries).toEqual([]); // a short blip says nothing
    held(o, 10, 25);
    await vi.advanceTimersByTimeAsync(2001);
    const lines = logger.entries.filter((e) => e.msg.includes('holding'));
    expect(lines).toHaveLength(3);
    expect(lines.every((e) => e.level === 'warn')).toBe(true);
    expect(lines[0]!.msg).toBe('broker rabbit://ceilometer:***@h:5672/ unavailable: holding 50 notification(s) with 1250 samples (bound 100); 0 notification(s) dropped so far');
    expect(lines[0]!.fields).toMatchObject({ destination: 'rabbit://ceilometer:***@h:5672/', held: 50, heldRecords: 1250, maxQueueLength: 100, dropped: 0 });
    expect(o.stats()).toMatchObject({ queued: 50, pendingRecords: 1250 });

    const ch = new FakeChannel();
    o.attach(ch);
    await vi.advanceTimersByTimeAsync(5000);
    expect(logger.entries.filter((e) => e.msg.includes('holding'))).toHaveLength(3); // not while a channel is attached
    ch.ackAll();
    expect(o.stats()).toMatchObject({ sent: 50, sentRecords: 1250, pendingRecords: 0 });

    held(o, 1, 7);
    o.detach(); // the in-flight one goes back to the queue: held again
    await vi.advanceTimersByTimeAsync(1000);
    expect(logger.entries.at(-1)!.msg).toMatch(/holding 1 notification\(s\) with 7 samples/);
    expect(o.close()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(logger.entries.filter((e) => e.msg.includes('holding'))).toHaveLength(4);
    expect(o.stats()).toMatchObject({ dropped: 1, droppedRecords: 7, pendingRecords: 0 });
  });

  it('on recovery, says once how many notifications and records held through the outage were replayed, and how many were dropped', async () => {
    const logger = recordingLogger();
    const o = new Outbox({ maxQueueLength: 3, logger, destination: 'rabbit://h:5672/', itemsName: 'samples' });
    const ch = new FakeChannel();
    o.attach(ch);
    held(o, 1, 10);
    await tick();
    ch.ackAll();
    expect(logger.lines().filter((l) => l.includes('back after'))).toEqual([]); // no outage: nothing to say
    held(o, 1, 4);
    await tick();
    o.detach(); // the unconfirmed one is held too
    held(o, 4, 5); // two over the bound of 3: the oldest two (4 and 5 records) are dropped
    await tick();
    const back = new FakeChannel();
    o.attach(back);
    await tick();
    expect(logger.lines().filter((l) => l.includes('back after'))).toEqual([]); // not before the broker confirmed them
    back.published.splice(0, 2).forEach((p) => p.confirm(null));
    expect(logger.lines().filter((l) => l.includes('back after'))).toEqual([]);
    back.ackAll();
    const lines = logger.entries.filter((e) => e.msg.includes('back after'));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe('warn');
    expect(lines[0]!.msg).toMatch(/^broker rabbit:\/\/h:5672\/ back after [\d.]+ s: replayed 3 notification\(s\) with 15 samples held during the outage; 2 notification\(s\) with 9 samples dropped$/);
    expect(lines[0]!.fields).toMatchObject({ replayed: 3, replayedRecords: 15, dropped: 2, droppedRecords: 9 });
    // a second outage is counted afresh, and a clean one is said at info
    o.detach();
    held(o, 2, 1);
    o.attach((back.published.length = 0, back));
    await tick();
    back.ackAll();
    const second = logger.entries.filter((e) => e.msg.includes('back after'));
    expect(second).toHaveLength(2);
    expect(second[1]!.level).toBe('info');
    expect(second[1]!.msg).toMatch(/replayed 2 notification\(s\) with 2 samples held during the outage; 0 notification\(s\) with 0 samples dropped$/);
    o.close();
  });

  it('counts the records of overflowed notifications', async () => {
    const o = new Outbox({ maxQueueLength: 2 });
    held(o, 5, 3);
    await tick();
    expect(o.stats()).toMatchObject({ queued: 2, pendingRecords: 6, dropped: 3, droppedRecords: 9 });
    o.close();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, caps, and jitters within bounds', () => {
    const policy = { initialDelayMs: 1000, multiplier: 2, maxDelayMs: 30_000, jitter: 0.5 };
    expect([0, 1, 2, 3, 4, 5, 9].map((r) => backoffDelay(policy, r, () => 1))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffDelay(policy, 2, () => 0)).toBe(2000);
  });
});
