import { CoordinationUnavailableError, silentLogger } from '@ceilometer-ts/sdk';
import { startRedis, type RedisService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCoordinationDriver } from '../src/index.js';

function driver(url: string, memberId: string): RedisCoordinationDriver {
  return new RedisCoordinationDriver({ url: new URL(url), memberId, membershipTimeoutMs: 2000, logger: silentLogger });
}

async function joinAndList(url: string): Promise<readonly string[]> {
  const d = driver(url, 'm-1');
  try {
    await d.start();
    await d.joinGroup('g');
    return await d.getMembers('g');
  } finally {
    await d.stop();
  }
}

describe('redis driver over TLS (rediss://)', () => {
  let redis: RedisService;
  beforeAll(async () => {
    redis = await startRedis({ tls: true, password: 'tls-pass' });
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('connects with the CA named by ssl_ca_certs, authenticates, and keeps membership', async () => {
    expect(redis.url).toMatch(/^rediss:\/\/:tls-pass@127\.0\.0\.1:\d+\/0\?ssl_ca_certs=/);
    expect(await joinAndList(redis.url)).toEqual(['m-1']);
  });

  it('refuses a server certificate it cannot verify, unless ssl_cert_reqs=none', async () => {
    const withoutCa = redis.url.replace(/\?.*$/, '');
    await expect(driver(withoutCa, 'm-2').start()).rejects.toBeInstanceOf(CoordinationUnavailableError);
    expect(await joinAndList(`${withoutCa}?ssl_cert_reqs=none`)).toEqual(['m-1']);
  });

  it('refuses a wrong password with CoordinationUnavailableError', async () => {
    await expect(driver(redis.url.replace('tls-pass', 'wrong'), 'm-3').start()).rejects.toBeInstanceOf(CoordinationUnavailableError);
  });
});

describe('redis driver through Sentinel (?sentinel=NAME)', () => {
  let redis: RedisService;
  beforeAll(async () => {
    redis = await startRedis({ sentinel: true });
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('asks the sentinel for the master and keeps membership there', async () => {
    expect(redis.sentinelUrl).toMatch(/\?sentinel=ceilo$/);
    const url = `${redis.sentinelUrl!}&timeout=2`;
    expect(await joinAndList(url)).toEqual(['m-1']);
  });

  it('falls back to the next sentinel (sentinel_fallback) when the first does not answer', async () => {
    const port = new URL(redis.sentinelUrl!).port;
    // port 1 refuses at once: the URL's host is tried first, then the fallback
    const url = `redis://127.0.0.1:1/0?sentinel=ceilo&sentinel_fallback=127.0.0.1:${port}`;
    expect(await joinAndList(url)).toEqual(['m-1']);
  });
});
