import { describe, expect, it } from 'vitest';
import { describeTarget, HttpPublisherConfigError, parseHttpSettings } from '../src/index.js';

describe('parseHttpSettings', () => {
  it('takes out the publisher parameters and credentials, keeps the rest of the URL', () => {
    const s = parseHttpSettings('https://u%40x:p%3A@h:8443/path?timeout=2&max_retries=0&batch=False&verify_ssl=/ca.pem&keep=1&raw_only=true#f');
    expect(s).toEqual({ target: 'https://h:8443/path?keep=1#f', timeoutMs: 2000, maxRetries: 0, connectTimeoutMs: 2000, publishTimeoutMs: 7000, closeTimeoutMs: 5000, batch: false, verifySsl: '/ca.pem', rawOnly: true, username: 'u@x', password: 'p:' });
    expect(describeTarget(s)).toBe('https://h:8443/path');
  });

  it('defaults as upstream', () => {
    expect(parseHttpSettings('http://h/')).toEqual({ target: 'http://h/', timeoutMs: 5000, maxRetries: 2, connectTimeoutMs: 5000, publishTimeoutMs: 30_000, closeTimeoutMs: 5000, batch: true, verifySsl: true, rawOnly: false });
  });

  it('other schemes post over http, or https with ssl', () => {
    expect(parseHttpSettings('prometheus://h:9091/metrics/job/x').target).toBe('http://h:9091/metrics/job/x');
    expect(parseHttpSettings('opentelemetryhttp://h:4318/v1/metrics?ssl=true').target).toBe('https://h:4318/v1/metrics');
  });

  it('keeps clientkey only with clientcert', () => {
    expect(parseHttpSettings('https://h/?clientkey=/k').clientKey).toBeUndefined();
    expect(parseHttpSettings('https://h/?clientcert=/c&clientkey=/k')).toMatchObject({ clientCert: '/c', clientKey: '/k' });
  });

  it('rejects a URL without a host or with a bad port', () => {
    expect(() => parseHttpSettings('http:///path')).toThrow(HttpPublisherConfigError);
    expect(() => parseHttpSettings('http://h:port/')).toThrow(/not a valid URL/);
  });
});
