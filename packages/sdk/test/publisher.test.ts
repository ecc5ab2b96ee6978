import { describe, expect, it } from 'vitest';
import { toPublisherTarget, type PublisherTarget } from '../src/index.js';

describe('toPublisherTarget', () => {
  it('accepts a string, a URL, a target and invokeArgs', () => {
    expect(toPublisherTarget('udp://h:1')).toEqual({ url: 'udp://h:1', parsed: new URL('udp://h:1') });
    const url = new URL('file:///tmp/x?max_bytes=1');
    expect(toPublisherTarget(url)).toEqual({ url: url.href, parsed: url });
    const target: PublisherTarget = { url: 'test://', parsed: new URL('test://') };
    expect(toPublisherTarget(target)).toBe(target);
    expect(toPublisherTarget(['http://h/p', { extra: 1 }]).parsed.pathname).toBe('/p');
  });

  it('parses a target that carries only its url', () => {
    expect(toPublisherTarget({ url: 'log://' } as PublisherTarget).parsed.protocol).toBe('log:');
  });

  it('throws TypeError without a URL', () => {
    expect(() => toPublisherTarget(undefined)).toThrow(TypeError);
    expect(() => toPublisherTarget([])).toThrow(/needs its URL/);
  });
});
