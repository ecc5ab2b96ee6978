import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  WireFormatError,
  dumpsPyJson,
  makeSample,
  parsePyJson,
  sampleFromMeterMessage,
  samplesFromPollingPayload,
  toMeterMessage,
  verifySignature,
  type PyDict,
} from '@ceilometer-ts/sdk';

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/python-messages.json', import.meta.url), 'utf8')) as Record<string, string>;

const sample = makeSample({
  name: 'cpu',
  type: 'cumulative',
  unit: 'ns',
  volume: 123456789,
  user_id: 'u1',
  project_id: 'p1',
  resource_id: 'r1',
  timestamp: '2026-11-23T19:00:00.123456',
  resource_metadata: { display_name: 'vm é', flavor: { name: 'm1.tiny', ram: 512 }, tags: ['a', 'b'], ratio: 0.5, none: null, on: true },
  source: 'openstack',
  id: '0b6f5f2e-c7a9-11f0-8de9-0242ac120002',
});

describe('toMeterMessage', () => {
  it("writes the bytes and signature of Python's meter_message_from_counter", () => {
    const msg = toMeterMessage(sample, 'change this for valid signing');
    expect(dumpsPyJson(msg)).toBe(fixtures['meterDefaultSecret']);
    expect(JSON.stringify(msg)).toBe(JSON.stringify(JSON.parse(fixtures['meterDefaultSecret'] ?? '')));
    expect(verifySignature(msg, 'change this for valid signing')).toBe(true);
  });

  it('signs with an empty string when the secret is empty', () => {
    expect(toMeterMessage(sample, '').message_signature).toBe('');
  });
});

describe('sampleFromMeterMessage', () => {
  it('builds the sample upstream builds (floats unwrapped, monotonic_time dropped)', () => {
    const s = sampleFromMeterMessage(parsePyJson(fixtures['meterFloatsSecret'] ?? '') as PyDict);
    expect(s).toEqual({ ...sample, volume: 2, monotonic_time: null });
  });

  it('round-trips our own messages', () => {
    expect(sampleFromMeterMessage(toMeterMessage(sample, 's'))).toEqual(sample);
  });

  it('fills defaults for empty source, id and metadata like upstream Sample()', () => {
    const msg = { ...toMeterMessage(sample, ''), source: '', message_id: '', resource_metadata: null };
    const s = sampleFromMeterMessage(msg);
    expect(s.source).toBe('openstack');
    expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(s.resource_metadata).toEqual({});
  });

  it('rejects malformed messages with WireFormatError', () => {
    const msg = toMeterMessage(sample, '');
    expect(() => sampleFromMeterMessage({ ...msg, counter_name: undefined })).toThrow(WireFormatError);
    expect(() => sampleFromMeterMessage({ ...msg, counter_type: 'rate' })).toThrow(/counter_type/);
    expect(() => sampleFromMeterMessage({ ...msg, counter_volume: '1' })).toThrow(/counter_volume/);
    expect(() => samplesFromPollingPayload({ samples: 1 })).toThrow(WireFormatError);
  });

  it('reads a telemetry.polling payload', () => {
    expect(samplesFromPollingPayload({ samples: [toMeterMessage(sample, '')] })).toEqual([sample]);
  });
});
