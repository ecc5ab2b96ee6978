import { describe, expect, it } from 'vitest';
import { isoTimestamp, makeSample, utcNowIsoTimestamp } from '@ceilometer-ts/sdk';

describe('makeSample', () => {
  it('fills upstream defaults', () => {
    const s = makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'r' });
    expect(s.source).toBe('openstack');
    expect(s.user_id).toBeNull();
    expect(s.resource_metadata).toEqual({});
    expect(s.monotonic_time).toBeNull();
    expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(s.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
  });
});

describe('isoTimestamp', () => {
  // Python: datetime.datetime(2026, 11, 23, 19, 0, 0, 123000).isoformat() etc.: naive, no offset.
  it("renders the polling agent's naive utcnow().isoformat()", () => {
    expect(isoTimestamp(new Date(Date.UTC(2026, 10, 23, 19, 0, 0, 123)))).toBe('2026-11-23T19:00:00.123000');
    expect(isoTimestamp(new Date(Date.UTC(2026, 10, 23, 19, 0, 0, 0)), 7)).toBe('2026-11-23T19:00:00.000007');
  });

  it('leaves out the fraction at 0 microseconds, as Python does', () => {
    expect(isoTimestamp(new Date(0))).toBe('1970-01-01T00:00:00');
  });

  it('tracks the wall clock with microseconds', () => {
    const before = Date.now();
    const ts = utcNowIsoTimestamp();
    const parsed = Date.parse(`${ts.slice(0, 23)}Z`);
    expect(parsed).toBeGreaterThanOrEqual(before - 1);
    expect(parsed).toBeLessThanOrEqual(Date.now() + 1);
  });
});
