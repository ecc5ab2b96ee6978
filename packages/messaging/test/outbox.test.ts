import { describe, expect, it } from 'vitest';
import { NotificationDroppedError, Outbox, backoffDelay, type OutboxChannel } from '@ceilometer-ts/messaging';

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

describe('backoffDelay', () => {
  it('grows exponentially, caps, and jitters within bounds', () => {
    const policy = { initialDelayMs: 1000, multiplier: 2, maxDelayMs: 30_000, jitter: 0.5 };
    expect([0, 1, 2, 3, 4, 5, 9].map((r) => backoffDelay(policy, r, () => 1))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffDelay(policy, 2, () => 0)).toBe(2000);
  });
});
