/** The extra metadata response cache: TTL, and expired entries swept once it is large. */
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../src/gatherer.js';

describe('ResponseCache', () => {
  it('answers until the TTL passes, then forgets', () => {
    let now = 0;
    const cache = new ResponseCache(() => now);
    cache.set('u', { a: 1 }, 10);
    now = 10_000;
    expect(cache.get('u')).toEqual({ a: 1 });
    now = 10_001;
    expect(cache.get('u')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('sweeps expired entries once it holds 10,000', () => {
    let now = 0;
    const cache = new ResponseCache(() => now);
    for (let i = 0; i < 10_000; i++) cache.set(`old-${i}`, i, 1);
    now = 5_000;
    cache.set('new', 1, 1);
    expect(cache.size).toBe(1);
  });
});
