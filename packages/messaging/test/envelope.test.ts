import { describe, expect, it } from 'vitest';
import { PyFloat } from '@ceilometer-ts/sdk';
import {
  MalformedMessageError, buildNotification, decodeMessageBody, encodeMessageBody, osloPublishProperties, osloTimestamp,
} from '@ceilometer-ts/messaging';

describe('envelope', () => {
  it('builds the message dict in oslo key order with oslo formats', () => {
    const msg = buildNotification({ publisherId: 'ceilometer.polling', eventType: 'telemetry.polling', priority: 'SAMPLE', payload: { samples: [] }, now: new Date('2024-05-01T12:00:00.123Z') });
    expect(Object.keys(msg)).toEqual(['message_id', 'publisher_id', 'event_type', 'priority', 'payload', 'timestamp', '_unique_id']);
    expect(msg.message_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(msg['_unique_id']).toMatch(/^[0-9a-f]{32}$/);
    expect(msg.timestamp).toBe('2024-05-01 12:00:00.123000');
    expect(osloTimestamp(new Date('2024-05-01T12:00:00.000Z'))).toBe('2024-05-01 12:00:00');
  });

  it('serialises like Python json.dumps inside a v2 envelope', () => {
    const body = encodeMessageBody({ a: 'é', b: [1, 2.5], c: null, d: undefined }, 2).toString();
    expect(body).toBe('{"oslo.version": "2.0", "oslo.message": "{\\"a\\": \\"\\\\u00e9\\", \\"b\\": [1, 2.5], \\"c\\": null}"}');
    expect(encodeMessageBody({ x: 1 }, 1).toString()).toBe('{"x": 1}');
    expect(encodeMessageBody({ n: NaN, s: 'a\u0001\n"' }, 1).toString()).toBe('{"n": NaN, "s": "a\\u0001\\n\\""}');
  });

  it('writes floats as Python repr() writes them, float-ness and big ints kept', () => {
    const body = encodeMessageBody({ a: 1.5e-7, b: new PyFloat(2), c: 2n ** 64n + 1n, d: 1e16, e: 1e22, f: -0.0001 }, 1).toString();
    expect(body).toBe('{"a": 1.5e-07, "b": 2.0, "c": 18446744073709551617, "d": 10000000000000000, "e": 1e+22, "f": -0.0001}');
  });

  it('decodes as Python json.loads types: floats stay floats, big ints stay exact', () => {
    const inner = '{"payload": {"f": 2.0, "i": 2, "big": 9007199254740993, "neg": -18446744073709551617, "e": 1.5e-07}}';
    const payload = decodeMessageBody(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': inner })).message['payload'] as Record<string, unknown>;
    expect(payload['f']).toEqual(new PyFloat(2));
    expect(payload['i']).toBe(2);
    expect(payload['big']).toBe(9007199254740993n);
    expect(payload['neg']).toBe(-18446744073709551617n);
    expect(payload['e']).toEqual(new PyFloat(1.5e-7));
    // and back to the same bytes
    expect(encodeMessageBody(payload, 1).toString()).toBe('{"f": 2.0, "i": 2, "big": 9007199254740993, "neg": -18446744073709551617, "e": 1.5e-07}');
  });

  it('decodes what Python sends (captured from oslo.messaging + kombu)', () => {
    const wire = '{"oslo.version": "2.0", "oslo.message": "{\\"message_id\\": \\"ecb7b4e4-c003-4a53-bf0a-5b070d7e7460\\", \\"publisher_id\\": \\"ceilometer.polling\\", \\"event_type\\": \\"telemetry.polling\\", \\"priority\\": \\"SAMPLE\\", \\"payload\\": {\\"samples\\": [{\\"name\\": \\"cpu\\", \\"volume\\": 1.0, \\"x\\": \\"\\\\u00e9\\"}]}, \\"timestamp\\": \\"2026-11-23 19:26:08.716270\\", \\"_unique_id\\": \\"01500065485a4b9ea0401c3e73722a6d\\", \\"_context_user_id\\": \\"u\\"}"}';
    const decoded = decodeMessageBody(Buffer.from(wire));
    expect(decoded.envelopeVersion).toBe(2);
    expect(decoded.uniqueId).toBe('01500065485a4b9ea0401c3e73722a6d');
    expect(decoded.context).toEqual({ user_id: 'u' });
    expect(decoded.message).toEqual({
      message_id: 'ecb7b4e4-c003-4a53-bf0a-5b070d7e7460', publisher_id: 'ceilometer.polling', event_type: 'telemetry.polling',
      priority: 'SAMPLE', payload: { samples: [{ name: 'cpu', volume: new PyFloat(1), x: 'é' }] }, timestamp: '2026-11-23 19:26:08.716270',
    });
  });

  it('round-trips v1 and v2, and takes NaN from Python', () => {
    const msg = buildNotification({ publisherId: 'p', eventType: 'e', priority: 'INFO', payload: { v: 1 } });
    expect(decodeMessageBody(encodeMessageBody(msg, 2)).message['payload']).toEqual({ v: 1 });
    expect(decodeMessageBody(encodeMessageBody(msg, 1)).envelopeVersion).toBe(1);
    expect(decodeMessageBody('{"v": NaN, "s": "NaN"}').message).toEqual({ v: new PyFloat(NaN), s: 'NaN' });
  });

  it('rejects malformed bodies with a typed error', () => {
    for (const bad of ['not json', '[1]', '{"oslo.version": "3.0", "oslo.message": "{}"}', '{"oslo.version": "2.0", "oslo.message": "{"}', '{"oslo.version": "2.0", "oslo.message": 5}']) {
      expect(() => decodeMessageBody(bad), bad).toThrow(MalformedMessageError);
    }
    expect(decodeMessageBody('{"oslo.version": "2.0", "oslo.message": "{}"}').envelopeVersion).toBe(2);
  });

  it('uses the AMQP properties kombu sets for oslo', () => {
    expect(osloPublishProperties()).toEqual({ contentType: 'application/json', contentEncoding: 'utf-8', headers: {}, deliveryMode: 2, priority: 0 });
  });
});
