import { describe, expect, it } from 'vitest';
import { CoordinationUrlError } from '@ceilometer-ts/sdk';
import { parseEtcdUrl } from '../src/etcd-url.js';

const parse = (url: string, membershipTimeoutMs = 30_000) => parseEtcdUrl(new URL(url), membershipTimeoutMs);

describe('parseEtcdUrl (tooz URL forms)', () => {
  it('reads etcd3://, etcd3+http:// and etcd3+https:// with tooz defaults', () => {
    expect(parse('etcd3://')).toEqual({ host: 'http://localhost:2379', secure: false, leaseTtlSeconds: 30, callTimeoutMs: 5000 });
    expect(parse('etcd3+http://10.0.0.5:2381?timeout=10', 10_000)).toEqual({ host: 'http://10.0.0.5:2381', secure: false, leaseTtlSeconds: 10, callTimeoutMs: 5000 });
    expect(parse('etcd3+https://etcd.example:2379', 30_000)).toMatchObject({ host: 'https://etcd.example:2379', secure: true });
    expect(parse('etcd3+http://[::1]:2379')).toMatchObject({ host: 'http://[::1]:2379' });
  });

  it('takes the lease TTL from the membership timeout the library computed; timeout bounds a call', () => {
    expect(parse('etcd3://h?timeout=3', 3000)).toMatchObject({ leaseTtlSeconds: 3, callTimeoutMs: 3000 });
    expect(parse('etcd3://h?timeout=3&membership_timeout=7', 7000)).toMatchObject({ leaseTtlSeconds: 7, callTimeoutMs: 3000 });
    // etcd counts in whole seconds, at least one
    expect(parse('etcd3://h', 1500)).toMatchObject({ leaseTtlSeconds: 2 });
    expect(parse('etcd3://h', 200)).toMatchObject({ leaseTtlSeconds: 1 });
    // tooz's utils.collapse: the last of a repeated parameter wins
    expect(parse('etcd3://h?timeout=9&timeout=4')).toMatchObject({ callTimeoutMs: 4000 });
  });

  it('reads the TLS files as tooz names them; etcd3:// with a CA is TLS (the grpc driver)', () => {
    expect(parse('etcd3+https://h:2379?ca_cert=/etc/etcd/ca.pem&cert_key=/k.pem&cert_cert=/c.pem')).toMatchObject({
      secure: true,
      caCert: '/etc/etcd/ca.pem',
      certKey: '/k.pem',
      certCert: '/c.pem',
    });
    expect(parse('etcd3://h:2379?ca_cert=/ca.pem')).toMatchObject({ host: 'https://h:2379', secure: true });
    expect(parse('etcd3+http://h:2379?api_version=v3beta')).toMatchObject({ host: 'http://h:2379' });
  });

  it('takes an etcd user from the userinfo', () => {
    expect(parse('etcd3+http://ceilo:s%40cret@h:2379')).toMatchObject({ auth: { username: 'ceilo', password: 's@cret' } });
  });

  it('refuses other schemes and bad parameters with CoordinationUrlError, secrets redacted', () => {
    const error = (url: string): CoordinationUrlError => {
      try {
        parse(url);
      } catch (err) {
        return err as CoordinationUrlError;
      }
      throw new Error(`${url} parsed`);
    };
    expect(error('redis://h:6379')).toBeInstanceOf(CoordinationUrlError);
    expect(error('redis://h:6379').code).toBe('CEILO_ERR_COORDINATION_URL');
    expect(error('etcd3://u:topsecret@h?timeout=abc').message).toMatchInlineSnapshot(
      `"etcd3://u:***@h?timeout=abc: timeout must be a positive number of seconds, got "abc""`,
    );
    expect(error('etcd3://h?timeout=0').message).toMatch(/timeout must be a positive number/);
    expect(error('etcd3+https://h?cert_key=/k.pem').message).toMatch(/cert_key and cert_cert go together/);
    expect(error('etcd3+http://h?protocol=https').message).toMatch(/protocol=https contradicts the scheme: use etcd3\+https:\/\//);
    expect(parse('etcd3+https://h?protocol=https')).toMatchObject({ secure: true });
  });
});
