/**
 * Issue 9: "A TCP collector that accepts but never reads hangs the agent forever after 10,500
 * samples, logging nothing; SIGTERM cannot stop it". Against a collector created here that accepts
 * and never reads, the publish call fails with a write timeout within its bound and close()
 * returns within close_timeout; a closed port fails fast as "refused".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeSample, MapServiceRegistry, type ConfigView, type PluginContext, type Sample } from '@ceilometer-ts/sdk';
import { closedPort, recordingLogger, startSilentPeer, timed } from '@ceilometer-ts/publisher-common/testing';
import { TCPPublisher, TcpPublishError } from '../src/index.js';

const values: Record<string, unknown> = { 'DEFAULT.host': 'agent-1' };
const config = { has: (g: string, n: string) => `${g}.${n}` in values, get: (g: string, n: string) => values[`${g}.${n}`] } as unknown as ConfigView;
const logger = recordingLogger();
const context = { logger, services: new MapServiceRegistry(), config } as unknown as PluginContext;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const publisher = (url: string): TCPPublisher => {
  const p = new TCPPublisher(context, url);
  cleanups.push(() => p.close());
  return p;
};
const sleep = (ms: number): Promise<'stalled'> => new Promise((r) => setTimeout(() => r('stalled'), ms));

/** 1,000 samples of about 1 KB each. */
const batch = (n: number): Sample[] =>
  Array.from({ length: 1000 }, (_, i) => makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: n * 1000 + i, resource_id: `r-${i}`, resource_metadata: { pad: 'x'.repeat(900) } }));

/** Publishes 1,000-sample batches until one has not settled after 500 ms; returns that call. */
async function fillUntilStalled(p: TCPPublisher): Promise<{ stalled: Promise<void>; written: number }> {
  for (let n = 0; n < 200; n++) {
    const call = p.publishSamples(batch(n));
    if ((await Promise.race([call, sleep(500)])) === 'stalled') return { stalled: call, written: n * 1000 };
  }
  throw new Error('the collector never stalled the publisher');
}

describe('TCPPublisher against a collector that accepts and never reads', () => {
  it('fails the stalled call with a write timeout naming the publisher and drops the stalled connection', async () => {
    const peer = await startSilentPeer();
    cleanups.push(peer.close);
    const url = `tcp://127.0.0.1:${peer.port}?write_timeout=1&publish_timeout=5`;
    const p = publisher(url);
    const { stalled, written } = await fillUntilStalled(p);
    expect(written).toBeGreaterThan(0);
    const { ms, error } = await timed(stalled);
    expect(error).toBeInstanceOf(TcpPublishError);
    expect(error).toMatchObject({ code: 'CEILO_ERR_PUBLISHER_TCP_SEND', kind: 'write-timeout', count: 1000 });
    expect((error as Error).message).toMatch(new RegExp(`^tcp publisher tcp://127\\.0\\.0\\.1:${peer.port}\\?write_timeout=1&publish_timeout=5: write timeout: 1000 sample\\(s\\) not sent`));
    expect(ms).toBeLessThan(2_000);
    expect(p.connected).toBe(false); // the stalled connection was dropped: no torn frame follows on it
  });

  it('close() returns within close_timeout while a write is stuck, and the stuck call fails as closed', async () => {
    const peer = await startSilentPeer();
    cleanups.push(peer.close);
    const p = publisher(`tcp://127.0.0.1:${peer.port}?write_timeout=60&publish_timeout=120&close_timeout=0.5`);
    const { stalled } = await fillUntilStalled(p);
    const queued = p.publishSamples(batch(999)).catch((e: unknown) => e);
    const stuck = stalled.catch((e: unknown) => e);
    const closing = await timed(p.close());
    expect(closing.error).toBeUndefined();
    expect(closing.ms).toBeLessThan(1_500);
    expect(await stuck).toMatchObject({ kind: 'closed' });
    expect(await queued).toMatchObject({ kind: 'closed' });
    expect(await p.publishSamples(batch(0)).catch((e: unknown) => e)).toMatchObject({ kind: 'closed' });
  });

  it('bounds a call waiting behind a stuck one by publish_timeout', async () => {
    const peer = await startSilentPeer();
    cleanups.push(peer.close);
    const p = publisher(`tcp://127.0.0.1:${peer.port}?write_timeout=3&publish_timeout=1`);
    const { stalled } = await fillUntilStalled(p);
    const stuck = stalled.catch(() => undefined);
    const behind = await timed(p.publishSamples(batch(1)));
    expect(behind.error).toMatchObject({ kind: 'publish-timeout' });
    expect((behind.error as Error).message).toContain('not written within publish_timeout 1 s');
    expect(behind.ms).toBeLessThan(1_500);
    await stuck;
  });
});

describe('TCPPublisher against a closed port', () => {
  it('fails fast with "connection refused"', async () => {
    const port = await closedPort();
    const { ms, error } = await timed(publisher(`tcp://127.0.0.1:${port}`).publishSamples(batch(0).slice(0, 3)));
    expect(error).toMatchObject({ kind: 'refused', count: 3 });
    expect((error as Error).message).toMatch(/^tcp publisher tcp:\/\/127\.0\.0\.1:\d+: connection refused: 3 sample\(s\) not sent: connect ECONNREFUSED/);
    expect(ms).toBeLessThan(1_000);
  });
});
