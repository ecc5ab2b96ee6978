/**
 * Issue 9: a Pushgateway that is down or hangs never holds a push beyond its bounds, and close()
 * always returns. Servers are created here (a closed port; a peer that accepts and never answers).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeSample, type Sample } from '@ceilometer-ts/sdk';
import { closedPort, pluginContext, recordingLogger, startSilentPeer, timed } from '@ceilometer-ts/publisher-common/testing';
import { HttpPublishError, PrometheusPublisher } from '../src/index.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const publisher = (url: string): PrometheusPublisher => {
  const p = new PrometheusPublisher(pluginContext(recordingLogger()), [{ url, parsed: new URL(url) }]);
  cleanups.push(() => p.close());
  return p;
};
const samples: Sample[] = ['vm-1', 'vm-2'].map((rid) => makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: rid }));

describe('prometheus:// to a Pushgateway that is down', () => {
  it('fails fast with "connection refused", naming the publisher and the push URL', async () => {
    const port = await closedPort();
    const { ms, error } = await timed(publisher(`prometheus://127.0.0.1:${port}/metrics/job/ceilometer?max_retries=1`).publishSamples(samples));
    expect(error).toBeInstanceOf(HttpPublishError);
    expect(error).toMatchObject({ kind: 'refused', publisher: 'prometheus', attempts: 2 });
    expect((error as Error).message).toMatch(new RegExp(`^prometheus publisher: POST http://127\\.0\\.0\\.1:${port}/metrics/job/ceilometer/resource_id/vm-\\d failed after 2 attempt\\(s\\): connection refused`));
    expect(ms).toBeLessThan(3_000);
  });
});

describe('prometheus:// to a Pushgateway that hangs', () => {
  it('fails the push with a response timeout after `timeout` seconds', async () => {
    const peer = await startSilentPeer();
    cleanups.push(peer.close);
    const { ms, error } = await timed(publisher(`prometheus://127.0.0.1:${peer.port}/metrics/job/ceilometer?timeout=1&max_retries=0`).publishSamples(samples));
    expect(error).toMatchObject({ kind: 'response-timeout', publisher: 'prometheus' });
    expect(ms).toBeLessThan(2_500);
  });

  it('bounds the push by publish_timeout and close() by close_timeout', async () => {
    const peer = await startSilentPeer();
    cleanups.push(peer.close);
    const p = publisher(`prometheus://127.0.0.1:${peer.port}/metrics/job/ceilometer?timeout=30&max_retries=3&publish_timeout=1&close_timeout=0.3`);
    const first = await timed(p.publishSamples(samples));
    expect(first.error).toMatchObject({ kind: 'publish-timeout' });
    expect(first.ms).toBeLessThan(2_000);
    const pending = p.publishSamples(samples).catch((e: unknown) => e);
    const closing = await timed(p.close());
    expect(closing.ms).toBeLessThan(1_500);
    expect(await pending).toMatchObject({ kind: 'closed' });
  });
});
