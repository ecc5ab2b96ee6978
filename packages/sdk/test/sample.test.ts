import { describe, expect, it } from 'vitest';
import { makeSample, isoTimestamp } from '@ceilometer-ts/sdk';

describe('makeSample', () => {
  it('fills upstream defaults', () => {
    const s = makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'r' });
    expect(s.source).toBe('openstack');
    expect(s.user_id).toBeNull();
    expect(s.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(isoTimestamp(new Date(0))).toBe('1970-01-01T00:00:00.000000+00:00');
  });
});
