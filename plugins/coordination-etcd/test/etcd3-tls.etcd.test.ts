import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoordinationUnavailableError } from '@ceilometer-ts/sdk';
import { startEtcd, type EtcdService } from '@ceilometer-ts/test-services';
import { makeDriver } from './helpers.js';

describe('Etcd3Driver over TLS (client certificates required)', () => {
  let etcd: EtcdService;
  let tls: string;
  beforeAll(async () => {
    etcd = await startEtcd({ tls: true });
    tls = etcd.tlsDir!;
  });
  afterAll(async () => {
    await etcd.stop();
  });

  it.each([
    ['etcd3+https://', (port: number) => `etcd3+https://127.0.0.1:${port}?ca_cert=${tls}/ca.pem&cert_key=${tls}/client.key&cert_cert=${tls}/client.pem`],
    ['etcd3:// with ca_cert (tooz grpc driver)', (port: number) => `etcd3://127.0.0.1:${port}?ca_cert=${tls}/ca.pem&cert_key=${tls}/client.key&cert_cert=${tls}/client.pem`],
  ])('joins and lists with %s, the CA and a client certificate', async (_name, url) => {
    const driver = makeDriver(url(etcd.port), 'tls-member');
    await driver.start();
    try {
      await driver.joinGroup('g-tls');
      expect(await driver.getMembers('g-tls')).toEqual(['tls-member']);
    } finally {
      await driver.stop();
    }
  });

  it.each([
    ['no client certificate', () => `etcd3+https://127.0.0.1:${etcd.port}?ca_cert=${tls}/ca.pem`, /cannot grant the membership lease/],
    ["a CA Node's bundle does not know", () => `etcd3+https://127.0.0.1:${etcd.port}`, /cannot grant the membership lease/],
    ['plain text to a TLS port', () => `etcd3+http://127.0.0.1:${etcd.port}?timeout=2`, /cannot grant the membership lease/],
    ['an unreadable CA file', () => `etcd3+https://127.0.0.1:${etcd.port}?ca_cert=${tls}/missing.pem`, /cannot set up the client \(TLS files\): ENOENT/],
  ])('start rejects with CoordinationUnavailableError: %s', async (_name, url, message) => {
    const driver = makeDriver(url(), 'refused');
    const error = await driver.start().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(CoordinationUnavailableError);
    expect((error as Error).message).toMatch(message);
    expect(driver.connected).toBe(false);
  });
});
