import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidTransportUrlError, formatTransportUrl, parseTransportUrl, redactTransportUrl } from '@ceilometer-ts/messaging';

const seedUrl = /^transport_url\s*=\s*(.+)$/m.exec(readFileSync(new URL('./fixtures/seed-ceilometer.conf', import.meta.url), 'utf8'))![1]!.trim();

describe('parseTransportUrl', () => {
  it('parses the seed deployment URL with an @ in the password', () => {
    expect(seedUrl).toBe('rabbit://openstack:secret@123@127.0.0.1:5672/');
    expect(parseTransportUrl(seedUrl)).toEqual({
      transport: 'rabbit',
      virtualHost: '',
      hosts: [{ hostname: '127.0.0.1', port: 5672, username: 'openstack', password: 'secret@123' }],
      query: {},
    });
  });

  it('distinguishes no path (null) from a trailing slash (empty) and decodes the vhost', () => {
    expect(parseTransportUrl('rabbit://h:5672').virtualHost).toBeNull();
    expect(parseTransportUrl('rabbit://h:5672/%2F').virtualHost).toBe('/');
    expect(parseTransportUrl('rabbit://h//').virtualHost).toBe('/');
    expect(parseTransportUrl('rabbit://h/nova').virtualHost).toBe('nova');
  });

  it('parses several hosts, IPv6, query options and percent-encoded credentials', () => {
    const url = parseTransportUrl('rabbit://u1:p%2F1@h1:5671,u2:p2@[::1]:5673,h3/vh?ssl=1&a=x&a=y&blank=');
    expect(url.hosts).toEqual([
      { hostname: 'h1', port: 5671, username: 'u1', password: 'p/1' },
      { hostname: '::1', port: 5673, username: 'u2', password: 'p2' },
      { hostname: 'h3', port: null, username: null, password: null },
    ]);
    expect(url.query).toEqual({ ssl: '1', a: 'x,y' });
    expect(url.transport).toBe('rabbit');
  });

  it('rejects what oslo rejects', () => {
    expect(() => parseTransportUrl('no-scheme')).toThrow(InvalidTransportUrlError);
    expect(() => parseTransportUrl('rabbit://h:port/')).toThrow(/invalid port/);
    expect(() => parseTransportUrl('rabbit://[::1/')).toThrow(/IPv6/);
  });

  it('formats back like str(TransportURL)', () => {
    expect(formatTransportUrl(parseTransportUrl(seedUrl))).toBe('rabbit://openstack:secret%40123@127.0.0.1:5672/');
    expect(formatTransportUrl(parseTransportUrl(seedUrl), { redactPasswords: true })).toBe('rabbit://openstack:***@127.0.0.1:5672/');
  });
});

describe('redactTransportUrl', () => {
  it('hides every password and keeps the rest', () => {
    expect(redactTransportUrl(seedUrl)).toBe('rabbit://openstack:***@127.0.0.1:5672/');
    expect(redactTransportUrl('rabbit://a:b@h1,c:d@e@h2:5/v?ssl=1')).toBe('rabbit://a:***@h1,c:***@h2:5/v?ssl=1');
    expect(redactTransportUrl('rabbit://user@h/')).toBe('rabbit://user@h/');
  });
});

describe('InvalidTransportUrlError', () => {
  it.each([
    ['rabbit://u:pa,ss@h:5672/', 'pa'],
    ['rabbit://u:pa/ss@h:5672/', 'pa'],
    ['rabbit://u:p@h1:5672,u2:se,cret@h2:port/', 'se'],
  ])('never shows the password of %s', (url, secret) => {
    let error: unknown;
    try {
      parseTransportUrl(url);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidTransportUrlError);
    const { message, url: shown } = error as InvalidTransportUrlError;
    expect(message).toMatch(/^invalid transport URL rabbit:\/\/u:\*\*\*@/);
    expect(message).not.toContain(secret);
    expect(shown).not.toContain(secret);
  });
});
