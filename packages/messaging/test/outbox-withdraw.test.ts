/**
 * A sender that gave up waiting (a publisher's publish_timeout during a broker outage) withdraws
 * its message from the outbox, so the broker never receives it after the caller was told it failed.
 */
import { describe, expect, it } from 'vitest';
import { NotificationDroppedError, Outbox, type OutboxChannel } from '@ceilometer-ts/messaging';

const channel = (published: string[]): OutboxChannel => ({
  prepare: () => null,
  publish: (_e, _k, body) => {
    published.push(body.toString());
    return true;
  },
  onDrain: () => undefined,
  fail: () => undefined,
});

describe('Outbox withdrawal', () => {
  it('removes a still-queued message when its signal aborts, and never publishes it', async () => {
    const o = new Outbox({ maxQueueLength: 10 });
    const controller = new AbortController();
    const kept = o.enqueue('ceilometer', 'metering.sample', Buffer.from('kept'), {});
    const withdrawn = o.enqueue('ceilometer', 'metering.sample', Buffer.from('withdrawn'), {}, controller.signal).catch((e: unknown) => e);
    controller.abort();
    const err = await withdrawn;
    expect(err).toBeInstanceOf(NotificationDroppedError);
    expect(err).toMatchObject({ reason: 'cancelled' });
    expect(o.stats()).toMatchObject({ queued: 1, dropped: 1 });
    const published: string[] = [];
    o.attach(channel(published));
    await new Promise((r) => setTimeout(r, 0));
    expect(published).toEqual(['kept']);
    void kept.catch(() => undefined);
    expect(await o.drain(0)).toBe(false); // 'kept' is in flight, unconfirmed
  });

  it('rejects at once with an aborted signal', async () => {
    const o = new Outbox();
    const controller = new AbortController();
    controller.abort();
    await expect(o.enqueue('x', 'y', Buffer.from('z'), {}, controller.signal)).rejects.toMatchObject({ reason: 'cancelled' });
    expect(o.stats().queued).toBe(0);
  });
});
