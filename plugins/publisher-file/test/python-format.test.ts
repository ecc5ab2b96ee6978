import { describe, expect, it } from 'vitest';
import { parseFileUrl, pyFloatRepr, pyJsonDumps, pyRepr } from '../src/index.js';

describe('Python formatting', () => {
  it.each([
    [0.22, '0.22'], [1e-5, '1e-05'], [0.0001, '0.0001'], [1.5e16, '1.5e+16'], [1e22, '1e+22'], [1e16, '1e+16'],
    [123.456, '123.456'], [-2.5, '-2.5'], [1234567890.5, '1234567890.5'], [5e-324, '5e-324'], [NaN, 'nan'], [-Infinity, '-inf'],
  ])('repr(%s) = %s', (x, text) => {
    expect(pyFloatRepr(x)).toBe(text);
  });

  it('quotes strings as Python does', () => {
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('say "hi" it\'s')).toBe("'say \"hi\" it\\'s'");
    expect(pyRepr('\u0001\u007f\u00e9')).toBe("'\\x01\\x7fé'");
  });

  it('dumps JSON with Python separators and ensure_ascii', () => {
    expect(pyJsonDumps({ a: [1, 'é', null, NaN], b: {} })).toBe('{"a": [1, "\\u00e9", null, NaN], "b": {}}');
  });
});

describe('file URL', () => {
  it.each([
    ['file:///var/test?max_bytes=10000000&backup_count=5&json', { path: '/var/test', json: true, maxBytes: 10000000, backupCount: 5 }],
    ['file:///tmp/a%20b', { path: '/tmp/a%20b', json: false, maxBytes: 0, backupCount: 0 }],
    ['file://host/tmp/x?json=', { path: '/tmp/x', json: true, maxBytes: 0, backupCount: 0 }],
    ['file:relative.log', { path: 'relative.log', json: false, maxBytes: 0, backupCount: 0 }],
    ['file://', { path: '', json: false, maxBytes: 0, backupCount: 0 }],
    ['file:///x?max_bytes=1_000&backup_count=+2', { path: '/x', json: false, maxBytes: 1000, backupCount: 2 }],
  ])('%s', (url, settings) => {
    expect(parseFileUrl(url)).toEqual(settings);
  });

  it('flags non-numeric rotation settings', () => {
    expect(parseFileUrl('file:///x?max_bytes=&backup_count=1').error).toMatch(/numbers/);
  });
});
