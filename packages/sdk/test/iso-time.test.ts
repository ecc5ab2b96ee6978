import { describe, expect, it } from 'vitest';
import { IsoTimeError, isoTextEpochMicros, isoformatAware, isoformatNaiveUtc, parseIsoTime, sampleTimestamp } from '@ceilometer-ts/sdk';
import { ISO_TIME_CASES } from './fixtures/iso-time-cases.js';

describe('parseIsoTime (oslo_utils.timeutils.parse_isotime)', () => {
  it.each(ISO_TIME_CASES.filter(([, r]) => r !== null))('%j parses as upstream', (text, rendered) => {
    const t = parseIsoTime(text);
    expect([isoformatAware(t), isoformatNaiveUtc(t)]).toEqual(rendered);
    expect(sampleTimestamp(text)).toBe(rendered![0]);
  });

  it.each(ISO_TIME_CASES.filter(([, r]) => r === null))('%j is refused as upstream refuses it', (text) => {
    expect(() => parseIsoTime(text)).toThrow(IsoTimeError);
    expect(isoTextEpochMicros(text)).toBeUndefined();
  });

  it('refuses what is not a string, with a code', () => {
    expect(() => parseIsoTime(null)).toThrow(expect.objectContaining({ code: 'CEILO_ERR_ISO_TIME', message: 'expected an ISO 8601 string, got None' }));
    expect(isoTextEpochMicros(1714564800)).toBeUndefined();
  });

  it('gives microseconds since the epoch, offsets applied', () => {
    const base = Date.UTC(2015, 9, 29, 14, 12, 15) * 1000;
    expect(isoTextEpochMicros('2015-10-29T14:12:15.485877')).toBe(base + 485877);
    expect(isoTextEpochMicros('2015-10-29T16:12:15+02:00')).toBe(base);
    expect(isoTextEpochMicros('2015-10-29T14:12:15.4858779Z')).toBe(base + 485877);
  });
});
