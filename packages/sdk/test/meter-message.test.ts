import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PyBytes,
  PyFloat,
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
  it('builds the sample upstream builds (volume unwrapped, metadata floats kept, monotonic_time dropped)', () => {
    const s = sampleFromMeterMessage(parsePyJson(fixtures['meterFloatsSecret'] ?? '') as PyDict);
    expect(s).toEqual({ ...sample, volume: 2, monotonic_time: null, resource_metadata: { ...sample.resource_metadata, ratio: new PyFloat(0.5) } });
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
    expect(() => samplesFromPollingPayload({ samples: 1 })).toThrow(WireFormatError);
  });

  it('passes a volume on as received (big ints exact), for the pipeline to check as upstream does', () => {
    const msg = toMeterMessage(sample, '');
    expect(sampleFromMeterMessage({ ...msg, counter_volume: 'abc' }).volume).toBe('abc');
    expect(sampleFromMeterMessage({ ...msg, counter_volume: 9007199254740993n }).volume).toBe(9007199254740993n);
    expect(sampleFromMeterMessage({ ...msg, counter_volume: new PyFloat(2) }).volume).toBe(2);
    const md = sampleFromMeterMessage({ ...msg, resource_metadata: { big: 18446744073709551617n, f: new PyFloat(2) } }).resource_metadata;
    expect(md).toEqual({ big: 18446744073709551617n, f: new PyFloat(2) });
  });

  it('reads a telemetry.polling payload', () => {
    expect(samplesFromPollingPayload({ samples: [toMeterMessage(sample, '')] })).toEqual([sample]);
  });

  it('validates a telemetry.polling payload per sample: one bad sample does not lose the others', () => {
    const good = toMeterMessage(sample, '');
    const invalid: Array<[number, string]> = [];
    const samples = samplesFromPollingPayload(
      { samples: [good, { ...good, counter_volume: 'not a number' }, { ...good, counter_type: 'rate' }, good] },
      (err, i) => invalid.push([i, err.message]),
    );
    expect(samples.map((s) => s.volume)).toEqual([123456789, 'not a number', 123456789]);
    expect(invalid).toEqual([[2, expect.stringMatching(/counter_type/) as string]]);
  });

  it('fails the whole payload where upstream does: a sample that is not an object or lacks a field', () => {
    const good = toMeterMessage(sample, '');
    expect(() => samplesFromPollingPayload({ samples: [good, { ...good, counter_unit: undefined }] })).toThrow(/sample 1 has no "counter_unit"/);
    expect(() => samplesFromPollingPayload({ samples: [good, 'x'] })).toThrow(/sample 1 must be an object/);
  });
  it('adopts the metadata of a payload handed over (no copy) only when it is valid metadata', () => {
    const text = JSON.stringify({ samples: [toMeterMessage(sample, '')] }).replace('"resource_metadata":{', '"resource_metadata":{"r":1.5e300,');
    const payload = parsePyJson(text) as PyDict;
    const wire = ((payload['samples'] as readonly PyDict[])[0] as PyDict)['resource_metadata'];
    const [copied] = samplesFromPollingPayload(payload);
    const [adopted] = samplesFromPollingPayload(payload, undefined, true);
    expect(copied?.resource_metadata).not.toBe(wire);
    expect(adopted?.resource_metadata).toBe(wire);
    expect(adopted).toEqual(copied);
    // bytes cannot be metadata: still rejected (as a copy would), never adopted
    const bad = { ...toMeterMessage(sample, ''), resource_metadata: { b: PyBytes.fromString('x') } };
    expect(() => samplesFromPollingPayload({ samples: [bad] }, undefined, true)).toThrow(TypeError);
    // an undefined member is dropped by the copy, so such a dict is copied, not adopted
    const holey = { ...toMeterMessage(sample, ''), resource_metadata: { a: 1, u: undefined } };
    expect(samplesFromPollingPayload({ samples: [holey] }, undefined, true)[0]?.resource_metadata).toEqual({ a: 1 });
    expect(Object.keys(samplesFromPollingPayload({ samples: [holey] }, undefined, true)[0]?.resource_metadata ?? {})).toEqual(['a']);
  });
});
