/**
 * Issue 9: every call of the HTTP publisher ends within its bounds and close() always returns,
 * against servers created here that hang (accept, never answer), refuse, or answer 5xx.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpPublisher, HttpPublishError } from '../src/index.js';
import {
  closedPort, httpSamples as samples, pluginContext as context, recordingLogger, startRecorder, startSilentPeer, timed,
} from '@ceilometer-ts/publisher-common/testing';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function publisher(url: string, logger = recordingLogger()): HttpPublisher {
  const p = new HttpPublisher(context(logger), [{ url, parsed: new URL(url) }]);
  cleanups.push(() => p.close());
  return p;
}
async function silent() {
  const peer = await startSilentPeer();
  cleanups.push(peer.close);
  return peer;
}

describe('HttpPublisher against a server that accepts and never answers', () => {
  it('fails the call with a response timeout naming the publisher and URL', async () => {
    const peer = await silent();
    const { ms, error } = await timed(publisher(`http://127.0.0.1:${peer.port}/x?timeout=1&max_retries=0`).publishSamples(samples));
    expect(error).toBeInstanceOf(HttpPublishError);
    expect(error).toMatchObject({ code: 'CEILO_ERR_PUBLISHER_HTTP_SEND', kind: 'response-timeout', publisher: 'http', attempts: 1 });
    expect((error as Error).message).toMatch(new RegExp(`^http publisher: POST http://127.0.0.1:${peer.port}/x failed after 1 attempt\\(s\\): response timeout`));
    expect(ms).toBeLessThan(2_500);
  });

  it('gives up at publish_timeout however many retries are left', async () => {
    const peer = await silent();
    const { ms, error } = await timed(publisher(`http://127.0.0.1:${peer.port}/?timeout=1&max_retries=10&publish_timeout=1.5`).publishSamples(samples));
    expect(error).toMatchObject({ kind: 'publish-timeout' });
    expect((error as Error).message).toContain('not delivered within publish_timeout 1.5 s');
    expect(ms).toBeGreaterThanOrEqual(1_400);
    expect(ms).toBeLessThan(3_000);
  });

  it('close() returns within close_timeout and the pending call fails as closed', async () => {
    const peer = await silent();
    const logger = recordingLogger();
    const p = publisher(`http://127.0.0.1:${peer.port}/?timeout=30&max_retries=0&close_timeout=0.3`, logger);
    const pending = timed(p.publishSamples(samples));
    for (let i = 0; i < 100 && peer.connections.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const closing = await timed(p.close());
    expect(closing.error).toBeUndefined();
    expect(closing.ms).toBeLessThan(1_500);
    const { error } = await pending;
    expect(error).toMatchObject({ kind: 'closed' });
    expect(logger.lines.some((l) => String(l[1]).includes('abandoned'))).toBe(true);
    // a call after close() fails at once
    expect(await p.publishSamples(samples).catch((e: unknown) => e)).toMatchObject({ kind: 'closed' });
  });
});

describe('HttpPublisher against a server that fails', () => {
  it('reports the HTTP status of a server answering 500 after max_retries', async () => {
    const r = await startRecorder(() => 500);
    cleanups.push(r.close);
    const { error } = await timed(publisher(`${r.url}/ingest?max_retries=1`).publishSamples(samples));
    expect(error).toMatchObject({ kind: 'http-status', statusCode: 500, attempts: 2 });
    expect((error as Error).message).toMatch(/^http publisher: POST http:\/\/127\.0\.0\.1:\d+\/ingest failed after 2 attempt\(s\): HTTP status 500/);
    expect(r.requests).toHaveLength(2);
  });

  it('says "refused" for a closed port and never shows the password', async () => {
    const port = await closedPort();
    const { ms, error } = await timed(publisher(`http://admin:s3cret@127.0.0.1:${port}/?max_retries=1`).publishSamples(samples));
    expect(error).toMatchObject({ kind: 'refused', attempts: 2 });
    expect((error as Error).message).toContain('connection refused');
    expect((error as Error).message).not.toContain('s3cret');
    expect(ms).toBeLessThan(3_000);
  });
});
