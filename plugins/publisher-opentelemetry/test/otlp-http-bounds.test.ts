/**
 * Issue 9: an OTLP receiver that hangs (accepts, never answers) or is down never holds an export
 * beyond its bounds, and close() always returns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeSample } from '@ceilometer-ts/sdk';
import { HttpPublishError } from '@ceilometer-ts/publisher-common';
import { closedPort, pluginContext, recordingLogger, startSilentPeer, timed } from '@ceilometer-ts/publisher-common/testing';
import { OpentelemetryHttpPublisher } from '../src/index.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const publisher = (url: string): OpentelemetryHttpPublisher => {
  const p = new OpentelemetryHttpPublisher(pluginContext(recordingLogger()), [{ url, parsed: new URL(url) }]);
  cleanups.push(() => p.close());
  return p;
};
const samples = [makeSample({ name: 'cpu', type: 'gauge', unit: '%', volume: 1, resource_id: 'r-1' })];

describe('opentelemetryhttp:// failures', () => {
  it('a receiver that hangs: response timeout per attempt, publish_timeout overall, close() within close_timeout', async () => {
    const peer = await startSilentPeer();
    cleanups.push(peer.close);
    const p = publisher(`opentelemetryhttp://127.0.0.1:${peer.port}/v1/metrics?timeout=1&max_retries=5&publish_timeout=1.5&close_timeout=0.3`);
    const { ms, error } = await timed(p.publishSamples(samples));
    expect(error).toBeInstanceOf(HttpPublishError);
    expect(error).toMatchObject({ kind: 'publish-timeout', publisher: 'opentelemetryhttp' });
    expect((error as Error).message).toMatch(/^opentelemetryhttp publisher: POST http:\/\/127\.0\.0\.1:\d+\/v1\/metrics failed after \d attempt\(s\): publish timeout/);
    expect(ms).toBeLessThan(2_500);
    const pending = p.publishSamples(samples).catch((e: unknown) => e);
    expect((await timed(p.close())).ms).toBeLessThan(1_500);
    expect(await pending).toMatchObject({ kind: 'closed' });
  });

  it('a receiver that is down: connection refused', async () => {
    const port = await closedPort();
    const { error } = await timed(publisher(`opentelemetryhttp://127.0.0.1:${port}/v1/metrics?max_retries=0`).publishSamples(samples));
    expect(error).toMatchObject({ kind: 'refused', attempts: 1 });
  });
});
