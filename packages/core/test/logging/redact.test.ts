import { describe, expect, it } from 'vitest';
import { isSecretKey, redactSecrets, redactUrl, redactValue } from '../../src/logging/index.js';

describe('redactUrl', () => {
  it('masks the password, the host starting after the last @ of the authority', () => {
    expect(redactUrl('rabbit://openstack:secret@123@127.0.0.1:5672/')).toBe('rabbit://openstack:***@127.0.0.1:5672/');
    expect(redactUrl('mysql+pymysql://root:p%40ss@db/ceilometer?charset=utf8')).toBe('mysql+pymysql://root:***@db/ceilometer?charset=utf8');
  });

  it('masks each host of an oslo.messaging multi-host URL', () => {
    expect(redactUrl('rabbit://u1:p1@h1:5672,u2:p2@h2:5672/vhost')).toBe('rabbit://u1:***@h1:5672,u2:***@h2:5672/vhost');
  });

  it('leaves URLs without a password alone', () => {
    expect(redactUrl('http://127.0.0.1:5000/v3')).toBe('http://127.0.0.1:5000/v3');
    expect(redactUrl('https://user@example.org/')).toBe('https://user@example.org/');
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

describe('redactSecrets', () => {
  it('masks URL passwords and secret assignments inside text', () => {
    expect(redactSecrets('connecting to rabbit://openstack:secret@123@127.0.0.1:5672/ (attempt 2)')).toBe(
      'connecting to rabbit://openstack:***@127.0.0.1:5672/ (attempt 2)',
    );
    expect(redactSecrets("url='rabbit://a:b@h:5672/'")).toBe("url='rabbit://a:***@h:5672/'");
    expect(redactSecrets('REQ: curl -H "X-Auth-Token: gAAAAABk" http://x')).toBe('REQ: curl -H "X-Auth-Token: ***" http://x');
    expect(redactSecrets('{"password": "secret@123", "user": "ceilometer"}')).toBe('{"password": "***", "user": "ceilometer"}');
    expect(redactSecrets('telemetry_secret=abc auth_token=def')).toBe('telemetry_secret=*** auth_token=***');
    expect(redactSecrets('nothing to hide')).toBe('nothing to hide');
  });
});

describe('redactValue', () => {
  it('redacts secret keys at any depth and masks strings, without touching the input', () => {
    const input = {
      username: 'ceilometer',
      password: 'secret@123',
      nested: { headers: { 'X-Auth-Token': 'tok', Accept: 'json' }, list: [{ telemetry_secret: 's' }, 'amqp://u:p@h/'] },
    };
    expect(redactValue(input)).toEqual({
      username: 'ceilometer',
      password: '[Redacted]',
      nested: { headers: { 'X-Auth-Token': '[Redacted]', Accept: 'json' }, list: [{ telemetry_secret: '[Redacted]' }, 'amqp://u:***@h/'] },
    });
    expect(input.password).toBe('secret@123');
  });

  it('keeps errors as errors with redacted message, stack and cause', () => {
    const cause = new Error('auth failed for rabbit://u:pw@h/');
    const error = Object.assign(new TypeError('cannot connect to rabbit://openstack:secret@123@127.0.0.1:5672/', { cause }), { password: 'x' });
    const clean = redactValue(error);
    expect(clean).toBeInstanceOf(TypeError);
    expect(clean.message).toBe('cannot connect to rabbit://openstack:***@127.0.0.1:5672/');
    expect(clean.stack).not.toContain('secret@123');
    expect((clean.cause as Error).message).toBe('auth failed for rabbit://u:***@h/');
    expect((clean as unknown as { password: string }).password).toBe('[Redacted]');
  });

  it('handles cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const clean = redactValue(a);
    expect(clean.self).toBe(clean);
  });

  it('recognises secret key names', () => {
    for (const key of ['password', 'telemetry_secret', 'X-Auth-Token', 'auth_token', 'memcache_secret_key', 'Authorization']) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['username', 'auth_url', 'project_name', 'host']) expect(isSecretKey(key)).toBe(false);
  });
});
