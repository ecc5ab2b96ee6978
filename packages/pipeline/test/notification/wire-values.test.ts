/**
 * Regression tests of issue 8 ("data lost or changed on the wire"), at the pipeline's level: the
 * notification as the messaging envelope now decodes it (the sdk's parsePyJson: PyFloat, bigint).
 * wire.compat.test.ts in packages/cli checks the same cases against upstream 19.0.
 */
import { makeSample, parsePyJson, PyFloat, toMeterMessage, TraitType, type PyDict } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../helpers/fakes.js';
import { EventConverter, MeterDefinitions, notificationFromMessage, TelemetryPollingEndpoint, validateVolume, type Notification } from '../../src/index.js';

/** A delivered message whose oslo.message text is `text`, read as the envelope decoder reads it. */
function notificationOf(text: string): Notification {
  return notificationFromMessage({ message: parsePyJson(text) as PyDict, context: {} });
}

const message = (eventType: string, payload: string, publisherId = '"compute.host1"'): string =>
  `{"message_id": "m-1", "publisher_id": ${publisherId}, "event_type": "${eventType}", "priority": "INFO", "payload": ${payload}, "timestamp": "2024-05-01 12:00:00"}`;

const METERS = `
metric:
  - name: wire.big
    event_type: wire.big
    type: gauge
    unit: B
    volume: $.payload.size
    resource_id: $.payload.id
  - name: $.payload.kind.\`sub(/x/, y)\`
    event_type: wire.sub
    type: gauge
    unit: B
    volume: 1
    resource_id: $.payload.id
`;

const EVENTS = `
- event_type: wire.*
  traits:
    text: {fields: payload.ratio}
    int: {type: int, fields: payload.size}
    int_text: {type: int, fields: payload.count}
    kind:
      fields: payload.kind.\`sub(/x/, y)\`
`;

const meters = MeterDefinitions.fromText(METERS, 'meters.yaml');
const events = EventConverter.fromText(EVENTS, 'event_definitions.yaml', { dropUnmatched: false, storeRaw: [] });
const traitsOf = (n: Notification): Record<string, unknown> => Object.fromEntries(events.toEvent(n)!.traits.map((t) => [t.name, t.value]));

describe('telemetry.polling samples are validated per sample', () => {
  it('keeps the other samples of a message in which one sample has a string volume, and the pipeline drops that one', () => {
    const good = toMeterMessage(makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'vm-1' }), '');
    const n = notificationOf(message('telemetry.polling', JSON.stringify({ samples: [good, { ...good, counter_volume: 'abc' }, good] })));
    const built = new TelemetryPollingEndpoint().buildSamples(n);
    expect(built).toHaveLength(3);
    const logger = recordingLogger();
    expect(built.map((s) => validateVolume(s, logger)?.volume ?? null)).toEqual([1, null, 1]);
  });
});

describe('ints beyond 2^53 stay exact', () => {
  const n = notificationOf(message('wire.big', '{"id": "r-1", "size": 18446744073709551617, "count": "123456789012345678901", "nested": {"n": -9007199254740993}}'));

  it('in volumes and metadata', () => {
    const [s] = meters.toSamples(n);
    expect(s!.volume).toBe(18446744073709551617n);
    expect(s!.resource_metadata['size']).toBe(18446744073709551617n);
    expect(s!.resource_metadata['nested']).toEqual({ n: -9007199254740993n });
    expect(validateVolume(s!, recordingLogger())).toBe(s);
  });

  it('in polled volumes and metadata', () => {
    const msg = toMeterMessage(makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'vm-1' }), '');
    const text = JSON.stringify({ samples: [msg] }).replace('"counter_volume":1', '"counter_volume":9007199254740993').replace('"resource_metadata":{}', '"resource_metadata":{"b":9007199254740995}');
    const [s] = new TelemetryPollingEndpoint().buildSamples(notificationOf(message('telemetry.polling', text)));
    expect(s!.volume).toBe(9007199254740993n);
    expect(s!.resource_metadata).toEqual({ b: 9007199254740995n });
  });

  it('in integer traits, from numbers and from text', () => {
    expect(traitsOf(n)).toMatchObject({ int: 18446744073709551617n, int_text: 123456789012345678901n });
  });
});

describe('a null publisher_id stays None', () => {
  const n = notificationOf(message('wire.big', '{"id": "r-1", "size": 5}', 'null'));

  it('is read as null', () => {
    expect(n.publisher_id).toBeNull();
  });

  it('gives no service trait and host None in the sample metadata', () => {
    expect(events.toEvent(n)!.traits.map((t) => t.name)).not.toContain('service');
    expect(meters.toSamples(n)[0]!.resource_metadata['host']).toBeNull();
  });
});

describe('a float keeps its float-ness', () => {
  it('in a text trait: 2.0 becomes "2.0"', () => {
    const event = events.toEvent(notificationOf(message('wire.plain', '{"ratio": 2.0}')))!;
    expect(event.traits.find((t) => t.name === 'text')).toEqual({ name: 'text', dtype: TraitType.text, value: '2.0' });
  });

  it('in sample metadata', () => {
    expect(meters.toSamples(notificationOf(message('wire.big', '{"id": "r", "size": 1, "ratio": 2.0}')))[0]!.resource_metadata['ratio']).toEqual(new PyFloat(2));
  });
});

describe('sub on null', () => {
  const n = notificationOf(message('wire.sub', '{"id": "r-1", "kind": null}'));

  it('makes no sample (upstream raises TypeError), never one named after the expression', () => {
    expect(meters.toSamples(n)).toEqual([]);
  });

  it('fails the event as upstream does', () => {
    expect(() => events.toEvent(n)).toThrow(/sub\(\/x\/, y\).*NoneType/);
  });

  it('still substitutes strings', () => {
    expect(meters.toSamples(notificationOf(message('wire.sub', '{"id": "r-1", "kind": "xx"}')))[0]!.name).toBe('yy');
  });
});
