import { describe, expect, it } from 'vitest';
import { isoToEpochMicros } from '../src/index.js';

describe('isoToEpochMicros', () => {
  it('parses naive (UTC), offset and space-separated timestamps to microseconds', () => {
    const base = Date.UTC(2015, 9, 29, 14, 12, 15) * 1000;
    expect(isoToEpochMicros('2015-10-29T14:12:15.485877')).toBe(base + 485877);
    expect(isoToEpochMicros('2015-10-29 14:12:15.485877+00:00')).toBe(base + 485877);
    expect(isoToEpochMicros('2015-10-29T16:12:15+02:00')).toBe(base);
    expect(isoToEpochMicros('2015-10-29T14:12:15Z')).toBe(base);
    expect(isoToEpochMicros('yesterday')).toBeUndefined();
  });
});
