/**
 * NotificationListener.start() while its broker is away: it waits (no built-in deadline), stop()
 * ends the wait at once, and a caller-given deadline stops the listener instead of leaving it
 * connecting in the background.
 */
import { findFreePort } from '@ceilometer-ts/test-services';
import { describe, expect, it } from 'vitest';
import { ListenerStartTimeoutError, MessagingClosedError, NotificationListener } from '../src/index.js';

const fast = { initialDelayMs: 40, multiplier: 2, maxDelayMs: 160, jitter: 0 };

async function deadUrl(): Promise<string> {
  return `rabbit://guest:guest@127.0.0.1:${await findFreePort()}/`;
}

describe('NotificationListener.start() with the broker away', () => {
  it('keeps waiting until stop(), which rejects the start with MessagingClosedError at once', async () => {
    const listener = new NotificationListener({ url: await deadUrl(), reconnect: fast, targets: [{ topic: 'notifications' }], handler: () => 'handled' });
    const start = listener.start();
    const outcome = await Promise.race([start.then(() => 'consuming', (e: unknown) => e), new Promise((r) => setTimeout(() => r('still waiting'), 500))]);
    expect(outcome).toBe('still waiting');
    expect(listener.start()).toBe(start); // idempotent
    const stopping = Date.now();
    await listener.stop();
    await expect(start).rejects.toBeInstanceOf(MessagingClosedError);
    expect(Date.now() - stopping).toBeLessThan(500);
    expect(listener.consuming).toBe(false);
  });

  it('with a deadline, rejects with ListenerStartTimeoutError naming the last error, and stops connecting', async () => {
    const listener = new NotificationListener({ url: await deadUrl(), reconnect: fast, targets: [{ topic: 'notifications' }], handler: () => 'handled' });
    const error = await listener.start(300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListenerStartTimeoutError);
    expect((error as ListenerStartTimeoutError).code).toBe('CEILO_ERR_MESSAGING_START_TIMEOUT');
    expect((error as Error).message).toMatch(/^listener on rabbit:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\/ not consuming within 300 ms \(last error: .*ECONNREFUSED.*\); stopped$/);
    // the connection is closed: no more attempts happen in the background
    const failure = listener.connection.lastFailure;
    await new Promise((r) => setTimeout(r, 300));
    expect(listener.connection.lastFailure).toBe(failure);
    await expect(listener.start()).rejects.toBeInstanceOf(MessagingClosedError);
  });
});
