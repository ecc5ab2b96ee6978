/**
 * AmqpNotifier.close() with the broker away (no broker needed): it retries the broker often instead
 * of its reconnect backoff while it waits, gives up at its timeout, and says in one closing line what
 * it flushed and what it dropped, with counts.
 */
import { findFreePort } from '@ceilometer-ts/test-services';
import { describe, expect, it } from 'vitest';
import { AmqpNotifier, NotificationDroppedError, payloadRecords } from '../src/index.js';
import { recordingLogger } from './recording-logger.js';

describe('AmqpNotifier.close() during an outage', () => {
  it('retries the broker every closingRetryIntervalMs, drops at the timeout and logs one closing line with counts', async () => {
    const port = await findFreePort();
    const logger = recordingLogger();
    const notifier = new AmqpNotifier({
      url: `rabbit://ceilometer:s3cret@127.0.0.1:${port}/`,
      reconnect: { initialDelayMs: 60_000, multiplier: 1, maxDelayMs: 60_000, jitter: 0 },
      closingRetryIntervalMs: 100,
      itemsName: 'samples',
      logger,
    });
    const sends = [3, 4, 5].map((n) => notifier.sample('telemetry.polling', { samples: Array.from({ length: n }, (_, i) => ({ i })) }).catch((e: unknown) => e));
    while (!logger.entries.some((e) => e.msg.startsWith('waiting for broker'))) await new Promise((r) => setTimeout(r, 10));
    expect(notifier.stats()).toMatchObject({ queued: 3, pendingRecords: 12 });

    const closing = Date.now();
    const result = await notifier.close({ timeoutMs: 800 });
    const took = Date.now() - closing;
    expect(took).toBeGreaterThanOrEqual(750);
    expect(took).toBeLessThan(1500);
    expect(result).toEqual({ flushed: false, sent: 0, sentRecords: 0, dropped: 3, droppedRecords: 12 });
    for (const r of await Promise.all(sends)) expect(r).toBeInstanceOf(NotificationDroppedError);

    // the 60 s backoff was replaced by rounds every 100 ms while closing
    expect(logger.entries.filter((e) => e.msg.startsWith('broker still unreachable while stopping')).length).toBeGreaterThanOrEqual(4);
    const start = logger.entries.find((e) => e.msg.startsWith('stopping with'));
    expect(start?.msg).toBe(`stopping with 3 notification(s) (12 samples) held for broker rabbit://ceilometer:***@127.0.0.1:${port}/: retrying it every 0.1 s for up to 0.8 s`);
    const closed = logger.entries.filter((e) => e.msg.startsWith('notifier closed'));
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({
      level: 'warn',
      msg: `notifier closed: 0 notification(s) (0 samples) flushed to rabbit://ceilometer:***@127.0.0.1:${port}/ on close; 3 notification(s) (12 samples) dropped, not confirmed by the broker within 0.8 s`,
      fields: { dropped: 3, droppedRecords: 12, sent: 0, flushed: false },
    });
    // no line per dropped notification
    expect(logger.entries.filter((e) => e.level === 'warn' || e.level === 'error').map((e) => e.msg).filter((m) => m.includes('dropped'))).toHaveLength(1);
    expect(JSON.stringify(logger.entries)).not.toContain('s3cret');
  });

  it('with nothing held, closes at once and still says so in one line', async () => {
    const logger = recordingLogger();
    const notifier = new AmqpNotifier({ url: `rabbit://u:p@127.0.0.1:${await findFreePort()}/`, logger });
    const closing = Date.now();
    expect(await notifier.close()).toEqual({ flushed: true, sent: 0, sentRecords: 0, dropped: 0, droppedRecords: 0 });
    expect(Date.now() - closing).toBeLessThan(500);
    expect(logger.entries.filter((e) => e.msg.startsWith('notifier closed'))).toMatchObject([{ level: 'info', msg: expect.stringMatching(/0 notification\(s\) \(0 records\) flushed .*; none dropped$/) }]);
  });
});

describe('payloadRecords', () => {
  it('counts the meters or events of a list, the samples of telemetry.polling, else 1', () => {
    expect(payloadRecords([1, 2, 3])).toBe(3);
    expect(payloadRecords({ samples: [1, 2] })).toBe(2);
    expect(payloadRecords({ id: 'x' })).toBe(1);
    expect(payloadRecords(null)).toBe(1);
  });
});
