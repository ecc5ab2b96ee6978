import { describe, expect, test } from 'vitest';
import { InspectorError, parseHardwareResourceUrl } from '@ceilometer-ts/sdk';
import { SnmpInspectorError, defaultSnmpInspectorSettings, resolveSnmpTarget, type SnmpInspectorSettings } from '../src/index.js';

const settings = defaultSnmpInspectorSettings();
const target = (url: string, s: SnmpInspectorSettings = settings) => resolveSnmpTarget(parseHardwareResourceUrl(url), s);

function configError(url: string, s: SnmpInspectorSettings = settings): SnmpInspectorError {
  try {
    target(url, s);
  } catch (err) {
    expect(err).toBeInstanceOf(SnmpInspectorError);
    expect(err).toBeInstanceOf(InspectorError);
    expect((err as SnmpInspectorError).failure).toBe('config');
    return err as SnmpInspectorError;
  }
  throw new Error(`expected ${url} to be rejected`);
}

describe('parseHardwareResourceUrl', () => {
  test('strips user, key and secret parameters from resourceUrl', () => {
    const host = parseHardwareResourceUrl('snmp://ro:s3cret@10.0.0.5:1161?auth_proto=sha&priv_proto=aes128&priv_password=pp&version=3');
    expect(host.hostname).toBe('10.0.0.5');
    expect(host.resourceUrl).toBe('snmp://10.0.0.5:1161?auth_proto=sha&priv_proto=aes128&version=3');
    expect(host.url.password).toBe('s3cret');
    expect(JSON.stringify({ ...host, url: undefined })).not.toMatch(/s3cret|pp|ro@/);
  });

  test('a community (v2c user) never reaches resourceUrl', () => {
    expect(parseHardwareResourceUrl('snmp://private-community@host.example').resourceUrl).toBe('snmp://host.example');
    expect(parseHardwareResourceUrl('snmp://127.0.0.1:16100').resourceUrl).toBe('snmp://127.0.0.1:16100');
  });

  test('IPv6 hosts lose their brackets in hostname only', () => {
    const host = parseHardwareResourceUrl('snmp://[::1]:16100');
    expect(host.hostname).toBe('::1');
    expect(host.resourceUrl).toBe('snmp://[::1]:16100');
  });

  test('malformed URLs are InspectorErrors that do not repeat credentials', () => {
    expect(() => parseHardwareResourceUrl('10.0.0.5')).toThrow(InspectorError);
    try {
      parseHardwareResourceUrl('snmp://user:topsecret@');
    } catch (err) {
      expect(String(err)).not.toContain('topsecret');
    }
  });
});

describe('resolveSnmpTarget', () => {
  test('no credentials: v2c, community public, port 161, [hardware] timeouts', () => {
    const t = target('snmp://10.0.0.5');
    expect(t).toMatchObject({ address: '10.0.0.5', port: 161, version: '2c', community: 'public', timeoutMs: 1000, retries: 2, maxRepetitions: 25 });
    expect(t.usm).toBeUndefined();
    expect(t.label).toBe('snmp://10.0.0.5:161');
  });

  test('a user alone is the v2c community (Stein), percent-decoded', () => {
    expect(target('snmp://my%40community@10.0.0.5:16100')).toMatchObject({ version: '2c', community: 'my@community', port: 16100 });
  });

  test('an auth key makes it SNMPv3 authNoPriv with MD5 by default (pysnmp default)', () => {
    expect(target('snmp://ro:authkey1@h').usm).toEqual({ user: 'ro', level: 'authNoPriv', authProtocol: 'md5', authKey: 'authkey1' });
  });

  test('Stein query parameters: authPriv with sha and aes128', () => {
    const t = target('snmp://ro:authkey1@h?auth_proto=sha&priv_proto=aes128&priv_password=privkey1');
    expect(t.version).toBe('3');
    expect(t.usm).toEqual({ user: 'ro', level: 'authPriv', authProtocol: 'sha', authKey: 'authkey1', privProtocol: 'aes', privKey: 'privkey1' });
  });

  test.each([
    ['md5', 'md5'],
    ['SHA', 'sha'],
    ['sha224', 'sha224'],
    ['sha-256', 'sha256'],
    ['sha384', 'sha384'],
    ['sha512', 'sha512'],
  ])('auth_proto %s', (given, expected) => {
    expect(target(`snmp://u:k@h?auth_proto=${given}`).usm?.authProtocol).toBe(expected);
  });

  test.each([
    ['des', 'des'],
    ['aes', 'aes'],
    ['aes128', 'aes'],
    ['aes256', 'aes256r'],
    ['aes256c', 'aes256r'],
    ['aes256b', 'aes256b'],
  ])('priv_proto %s', (given, expected) => {
    expect(target(`snmp://u:k@h?auth_proto=sha&priv_proto=${given}&priv_password=p`).usm?.privProtocol).toBe(expected);
  });

  test('Stein protocols the library lacks are rejected by name', () => {
    expect(configError('snmp://u:k@h?priv_proto=3des&priv_password=p').message).toMatch(/3des.*not implemented/);
    expect(configError('snmp://u:k@h?priv_proto=aes192&priv_password=p').message).toMatch(/aes192/);
    expect(configError('snmp://u:k@h?auth_proto=sha1024').message).toMatch(/auth_proto "sha1024" is not one of md5, sha/);
  });

  test('version, timeout, retries and max_repetitions parameters', () => {
    expect(target('snmp://c@h?version=1')).toMatchObject({ version: '1', community: 'c' });
    expect(target('snmp://c@h?version=v2c&timeout=2.5&retries=0&max_repetitions=50')).toMatchObject({
      version: '2c',
      timeoutMs: 2500,
      retries: 0,
      maxRepetitions: 50,
    });
    expect(target('snmp://h?timeout=300ms').timeoutMs).toBe(300);
    expect(target('snmp://h?timeout=2s').timeoutMs).toBe(2000);
    expect(configError('snmp://h?timeout=soon').message).toMatch(/timeout "soon"/);
    expect(configError('snmp://h?retries=-1').message).toMatch(/retries/);
    expect(configError('snmp://h?max_repetitions=0').message).toMatch(/max_repetitions/);
    expect(configError('snmp://h?version=4').message).toMatch(/version "4"/);
  });

  test('?version=3 without credentials takes [hardware] readonly_user_*', () => {
    const s: SnmpInspectorSettings = {
      ...settings,
      readonlyUser: { name: 'ro_snmp_user', password: 'pw12345678', authProto: 'sha256', privProto: 'aes128', privPassword: 'priv1234' },
    };
    expect(target('snmp://h?version=3', s).usm).toEqual({
      user: 'ro_snmp_user',
      level: 'authPriv',
      authProtocol: 'sha256',
      authKey: 'pw12345678',
      privProtocol: 'aes',
      privKey: 'priv1234',
    });
    // without version=3 such a URL stays v2c public, as in Stein
    expect(target('snmp://h', s).version).toBe('2c');
  });

  test('incomplete v3 credentials are explained without echoing them', () => {
    const err = configError('snmp://user@h?priv_password=verysecret');
    expect(err.message).toMatch(/priv_password needs an auth key/);
    expect(err.message).not.toContain('verysecret');
    expect(err.host).toBe('snmp://h:161');
  });

  test('the session key differs by credentials and is not the credentials', () => {
    const a = target('snmp://c1@h');
    const b = target('snmp://c2@h');
    expect(a.key).not.toBe(b.key);
    expect(a.key).not.toContain('c1');
  });

  test('a non-snmp scheme is rejected', () => {
    expect(configError('local://localhost').message).toMatch(/scheme "local"/);
  });
});
