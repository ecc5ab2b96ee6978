/**
 * Issue 9: the notifier publisher to a broker that is down (a closed port) or silent (accepts TCP,
 * never speaks AMQP) never blocks a call beyond publish_timeout, never delivers what it reported
 * as failed (withdrawn from the outbox), and close() returns within close_timeout plus the grace.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeSample } from '@ceilometer-ts/sdk';
import { closedPort, pluginContext, recordingLogger, startSilentPeer, timed } from '@ceilometer-ts/publisher-common/testing';
import { NotifierPublishError, SampleNotifierPublisher } from '../src/index.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const samples = [makeSample({ name: 'cpu', type: 'gauge', unit: '%', volume: 1, resource_id: 'r-1' })];
const fast = 'rabbit_retry_interval=1&rabbit_retry_backoff=1&rabbit_interval_max=1';

describe('notifier:// to a broker that is down', () => {
  it('policy default: the call fails after publish_timeout as "broker unavailable", its notification withdrawn', async () => {
    const port = await closedPort();
    const logger = recordingLogger();
    const p = new SampleNotifierPublisher(pluginContext(logger), `notifier://guest:s3cret@127.0.0.1:${port}/?publish_timeout=1&close_timeout=0.5&${fast}`);
    const { ms, error } = await timed(p.publishSamples(samples));
    expect(error).toBeInstanceOf(NotifierPublishError);
    expect(error).toMatchObject({ code: 'CEILO_ERR_PUBLISHER_NOTIFIER_SEND', kind: 'broker-unavailable', count: 1 });
    expect((error as Error).message).toMatch(/^notifier publisher notifier:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\/\?publish_timeout=1.*: broker unavailable: 1 item\(s\) not published: not confirmed within publish_timeout 1 s/);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(2_000);
    expect(p.stats()).toMatchObject({ queued: 0, inFlight: 0 }); // nothing left to reach the broker later
    const closing = await timed(p.close());
    expect(closing.ms).toBeLessThan(1_500);
  });

  it('policy queue: calls return at once, close() gives up after close_timeout and says how many were lost', async () => {
    const port = await closedPort();
    const logger = recordingLogger();
    const p = new SampleNotifierPublisher(pluginContext(logger), `notifier://guest:guest@127.0.0.1:${port}/?policy=queue&close_timeout=0.5&${fast}`);
    const calls = await timed(Promise.all(Array.from({ length: 5 }, () => p.publishSamples(samples))));
    expect(calls.error).toBeUndefined();
    expect(calls.ms).toBeLessThan(500);
    const closing = await timed(p.close());
    expect(closing.ms).toBeLessThan(2_500);
    // the notifier's closing line says it (URL with the password masked), not a second line of the publisher's
    expect(logger.lines.map((l) => l[0])).toContainEqual(expect.objectContaining({ dropped: 5, url: expect.stringMatching(/^rabbit:\/\/guest:\*\*\*@|^notifier:\/\/guest:\*\*\*@/) }));
  });
});

describe('notifier:// to a broker that accepts and never answers', () => {
  it('policy default: the call fails after publish_timeout and close() still returns', async () => {
    const peer = await startSilentPeer();
    cleanups.push(peer.close);
    const p = new SampleNotifierPublisher(pluginContext(recordingLogger()), `notifier://guest:guest@127.0.0.1:${peer.port}/?publish_timeout=1&close_timeout=0.5&${fast}`);
    const { ms, error } = await timed(p.publishSamples(samples));
    expect(error).toMatchObject({ kind: 'broker-unavailable' });
    expect(ms).toBeLessThan(2_000);
    expect((await timed(p.close())).ms).toBeLessThan(3_000);
  });
});
