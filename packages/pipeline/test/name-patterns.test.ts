import { describe, expect, it } from 'vitest';
import { redactUrl } from '@ceilometer-ts/sdk';
import { fnmatchToRegExp, NamePatterns } from '../src/index.js';

describe('NamePatterns (upstream is_supported with fnmatch)', () => {
  it.each([
    [['*'], 'anything', true],
    [['cpu'], 'cpu', true],
    [['cpu'], 'cpu.util', false],
    [['disk.*'], 'disk.read.bytes', true],
    [['disk.*'], 'disk', false],
    [['!disk.*'], 'disk.read.bytes', false],
    [['!disk.*'], 'cpu', true],
    [['*', '!disk.*'], 'disk.usage', false],
    [['*', '!disk.*'], 'memory', true],
    [['disk.device.?ead.*'], 'disk.device.read.bytes', true],
    [['hardware.[!c]*'], 'hardware.cpu', false],
    [['hardware.[!c]*'], 'hardware.disk', true],
    [['hardware.[cm]*'], 'hardware.memory', true],
    [['CPU'], 'cpu', false],
    [['[]]x'], ']x', true],
    [['[!]]x'], 'ax', true],
    [['[!]]x'], ']x', false],
  ] as const)('%j takes %s: %s', (patterns, name, expected) => {
    expect(new NamePatterns(patterns).matches(name)).toBe(expected);
  });

  it('treats regex characters literally and an unclosed [ as a literal', () => {
    expect(fnmatchToRegExp('a+b(c)').test('a+b(c)')).toBe(true);
    expect(fnmatchToRegExp('a[b').test('a[b')).toBe(true);
  });
});

describe('redactUrl', () => {
  it.each([
    ['http://user:pa@ss@host:8080/path?x=1', 'http://user:***@host:8080/path?x=1'],
    ['notifier://?topic=metering&password=s3cret', 'notifier://?topic=metering&password=***'],
    ['gnocchi://?filter_project=service&archive_policy=horizon-mimic', 'gnocchi://?filter_project=service&archive_policy=horizon-mimic'],
    ['https://host/?token=abc&batch=true', 'https://host/?token=***&batch=true'],
    ['file:///var/log/ceilometer/samples.log', 'file:///var/log/ceilometer/samples.log'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
