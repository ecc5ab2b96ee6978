import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinationUrlError } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMESPACE, redisSettingsFromUrl } from '../src/index.js';

const read = (text: string) => redisSettingsFromUrl(new URL(text));

describe('redisSettingsFromUrl (tooz redis URLs)', () => {
  it('host, port, db from the path, password from the userinfo', () => {
    expect(read('redis://:pa%40ss@10.0.0.5:6380/2?timeout=3').options).toEqual({ host: '10.0.0.5', port: 6380, db: 2, password: 'pa@ss' });
    expect(read('redis://localhost').options).toEqual({ host: 'localhost', port: 6379, db: 0 });
    expect(read('redis://u:p@[::1]:7000/?db=4').options).toEqual({ host: '::1', port: 7000, db: 4, username: 'u', password: 'p' });
    expect(read('redis://h').namespace).toBe(DEFAULT_NAMESPACE);
    expect(read('redis://h?namespace=ceilo').namespace).toBe('ceilo');
  });

  it('rediss:// (or ?ssl=true) is TLS, verified unless ssl_cert_reqs=none; ssl_ca_certs, ssl_certfile, ssl_keyfile are read', () => {
    expect(read('rediss://cache.example:6380').options.tls).toEqual({ servername: 'cache.example', rejectUnauthorized: true });
    expect(read('redis://h?ssl=true&ssl_cert_reqs=none').options.tls).toEqual({ servername: 'h', rejectUnauthorized: false });
    expect(read('rediss://127.0.0.1:6380').options.tls).toEqual({ rejectUnauthorized: true });
    const dir = mkdtempSync(join(tmpdir(), 'ceilo-redis-tls-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    const tls = read(`rediss://h?ssl_ca_certs=${join(dir, 'ca.pem')}`).options.tls;
    expect(String(tls?.ca)).toBe('CA');
    expect(() => read(`rediss://h?ssl_ca_certs=${join(dir, 'missing.pem')}`)).toThrow(CoordinationUrlError);
  });

  it('?sentinel=NAME asks the URL host and every sentinel_fallback for the master', () => {
    const { options } = read('redis://:masterpw@s1:26379?sentinel=mymaster&sentinel_fallback=s2:26380&sentinel_fallback=s3&sentinel_password=spw');
    expect(options).toEqual({
      db: 0,
      password: 'masterpw',
      name: 'mymaster',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
        { host: 's3', port: 26379 },
      ],
      sentinelPassword: 'spw',
    });
  });

  it('rejects a bad db number', () => {
    expect(() => read('redis://h/x')).toThrow(CoordinationUrlError);
  });
});
