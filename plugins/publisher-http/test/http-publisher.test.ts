import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpPublisher, HttpPublishError, HttpPublisherConfigError, parseHttpSettings } from '../src/index.js';
import { httpEvents as events, httpSamples as samples, pluginContext as context, recordingLogger, startRecorder } from '@ceilometer-ts/publisher-common/testing';

const golden = JSON.parse(readFileSync(new URL('./fixtures/golden.json', import.meta.url), 'utf8')) as Record<string, string>;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function recorder(respond?: (n: number) => number) {
  const r = await startRecorder(respond);
  cleanups.push(r.close);
  return r;
}
function publisher(url: string, logger = recordingLogger()): HttpPublisher {
  const p = new HttpPublisher(context(logger), [{ url, parsed: new URL(url) }]);
  cleanups.push(() => p.close());
  return p;
}

describe('URL parameters', () => {
  it('has upstream defaults and strips its own parameters and credentials from the target', () => {
    const s = parseHttpSettings('https://us%40er:p%3Ass@example.com:8443/path?verify_ssl=False&q=foo&timeout=1&max_retries=4&batch=no&raw_only=yes&clientcert=/c.pem');
    expect(s).toMatchObject({ target: 'https://example.com:8443/path?q=foo', timeoutMs: 1000, maxRetries: 4, batch: false, verifySsl: false,
      rawOnly: true, username: 'us@er', password: 'p:ss', clientCert: '/c.pem' });
    expect(parseHttpSettings('http://h/p')).toMatchObject({ target: 'http://h/p', timeoutMs: 5000, maxRetries: 2, batch: true, verifySsl: true, rawOnly: false });
    // non-integers fall back to the defaults, a non-boolean verify_ssl is a CA bundle path
    expect(parseHttpSettings('http://h/?timeout=1.5&max_retries=x&verify_ssl=/etc/ca.pem')).toMatchObject({ timeoutMs: 5000, maxRetries: 2, verifySsl: '/etc/ca.pem' });
  });

  it('rejects a URL without host or with a bad port', () => {
    expect(() => parseHttpSettings('http:///path')).toThrow(HttpPublisherConfigError);
    expect(() => parseHttpSettings('http://h:port/')).toThrow(HttpPublisherConfigError);
  });
});

describe('HttpPublisher payloads', () => {
  it('posts samples as upstream json.dumps of as_dict(), one batch', async () => {
    const r = await recorder();
    const p = publisher(`${r.url}/ceilo?q=1&timeout=2`);
    await p.publishSamples(samples);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]).toMatchObject({ method: 'POST', url: '/ceilo?q=1', body: golden['samples'] });
    expect(r.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('posts each item alone with batch=False', async () => {
    const r = await recorder();
    const p = publisher(`${r.url}/?batch=False`);
    await p.publishSamples(samples);
    expect(r.requests.map((q) => q.body)).toEqual([golden['sample0'], expect.stringContaining('"memory.usage"')]);
  });

  it('posts events serialized, or their raw payloads with raw_only', async () => {
    const r = await recorder();
    await publisher(`${r.url}/e`).publishEvents(events);
    await publisher(`${r.url}/e?raw_only=true`).publishEvents(events);
    expect(r.requests.map((q) => q.body)).toEqual([golden['events'], golden['raw_only']]);
  });

  it('sends basic auth from the URL and nothing for an empty batch', async () => {
    const r = await recorder();
    const p = publisher(`http://admin:s3cret@127.0.0.1:${r.port}/x`);
    await p.publishSamples([]);
    await p.publishSamples(samples.slice(0, 1));
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('admin:s3cret').toString('base64')}`);
  });

  it('keeps the connection alive across posts', async () => {
    const r = await recorder();
    const p = publisher(`${r.url}/`);
    for (let i = 0; i < 3; i++) await p.publishSamples(samples);
    expect(r.requests).toHaveLength(3);
    expect(r.sockets()).toBe(1);
  });
});

describe('HttpPublisher failures', () => {
  it('retries 5xx with backoff until success', async () => {
    const r = await recorder((n) => (n < 3 ? 503 : 200));
    await publisher(`${r.url}/?max_retries=2`).publishSamples(samples);
    expect(r.requests).toHaveLength(3);
  });

  it('rejects with HttpPublishError when 5xx persists past max_retries', async () => {
    const r = await recorder(() => 500);
    const err = await publisher(`${r.url}/?max_retries=1`).publishSamples(samples).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpPublishError);
    expect(err).toMatchObject({ code: 'CEILO_ERR_PUBLISHER_HTTP_SEND', attempts: 2, statusCode: 500 });
    expect(r.requests).toHaveLength(2);
  });

  it('logs a 4xx once and does not retry it (as upstream)', async () => {
    const r = await recorder(() => 400);
    const logger = recordingLogger();
    await publisher(`${r.url}/`, logger).publishSamples(samples);
    expect(r.requests).toHaveLength(1);
    expect(String(logger.lines[0]?.[1])).toContain('Failed to dispatch');
  });

  it('retries connection errors, then rejects', async () => {
    const r = await recorder();
    const port = r.port;
    await r.close();
    const err = await publisher(`http://127.0.0.1:${port}/?max_retries=2`).publishSamples(samples).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CEILO_ERR_PUBLISHER_HTTP_SEND', attempts: 3 });
    expect((err as Error).message).toContain('ECONNREFUSED');
  });

  it('times out after `timeout` seconds', async () => {
    const r = await recorder();
    r.server.removeAllListeners('request');
    r.server.on('request', () => undefined); // never answers
    const started = Date.now();
    const err = await publisher(`${r.url}/?timeout=1&max_retries=0`).publishSamples(samples).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpPublishError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('HttpPublisher over TLS', () => {
  it('verifies against a CA bundle given in verify_ssl, or skips verification with verify_ssl=False', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publisher-http-tls-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const bodies: string[] = [];
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => { bodies.push(body); res.end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    const port = (server.address() as AddressInfo).port;
    await publisher(`https://127.0.0.1:${port}/?verify_ssl=${join(dir, 'cert.pem')}`).publishSamples(samples);
    await publisher(`https://127.0.0.1:${port}/?verify_ssl=False`).publishSamples(samples);
    const err = await publisher(`https://127.0.0.1:${port}/?max_retries=0`).publishSamples(samples).catch((e: unknown) => e);
    expect(bodies).toEqual([golden['samples'], golden['samples']]);
    expect(err).toBeInstanceOf(HttpPublishError);
  });
});
