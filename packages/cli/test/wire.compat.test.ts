/**
 * Differential test of the wire path against upstream Ceilometer 19.0 (Debian's python3-ceilometer,
 * no broker): the same notification bytes go through oslo.messaging's dispatcher and ceilometer's
 * endpoints, converter and volume check in Python, and through our envelope decoder, notification
 * reader, endpoints, converter and volume check. Edge cases from issue 8: a string volume in one
 * polled sample, ints beyond 2^53, a null publisher_id, a float that becomes a text trait, `sub` on
 * null, and the bytes Python writes for floats in the envelope.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessageBody, encodeMessageBody } from '@ceilometer-ts/messaging';
import {
  EventConverter, MeterDefinitions, TelemetryPollingEndpoint, notificationFromMessage, validateVolume, type Notification,
} from '@ceilometer-ts/pipeline';
import { PyFloat, dumpsPyJson, isPyDict, parsePyJson, silentLogger, toEventMessage, type PyValue, type Sample } from '@ceilometer-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const FIXTURES = join(import.meta.dirname, 'fixtures/wire');
const hasUpstream = existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/ceilometer/telemetry/notifications.py');

const meterMessage = (id: string, volume: string, metadata = '{}'): string =>
  `{"source": "openstack", "counter_name": "cpu", "counter_type": "cumulative", "counter_unit": "ns", "counter_volume": ${volume}, ` +
  `"user_id": "u", "project_id": "p", "resource_id": "vm-${id}", "timestamp": "2024-05-01T12:00:00.123456", ` +
  `"resource_metadata": ${metadata}, "message_id": "0b6f5f2e-c7a9-11f0-8de9-0242ac12000${id}", "monotonic_time": null, "message_signature": ""}`;

const notification = (eventType: string, priority: string, payload: string, publisherId = '"compute.host1"'): string =>
  `{"message_id": "7c1d0f4e-1111-4a53-bf0a-5b070d7e7460", "publisher_id": ${publisherId}, "event_type": "${eventType}", ` +
  `"priority": "${priority}", "payload": ${payload}, "timestamp": "2024-05-01 12:00:00.123456"}`;

/** oslo.message texts (what Python's json.dumps wrote inside the envelope). */
const CASES: Record<string, string> = {
  'polled sample with a string volume among good ones': notification('telemetry.polling', 'SAMPLE',
    `{"samples": [${meterMessage('1', '1')}, ${meterMessage('2', '"not a number"')}, ${meterMessage('3', '2.0', '{"ratio": 2.0, "n": 3}')}]}`,
    '"ceilometer.polling"'),
  'polled samples with ints beyond 2^53': notification('telemetry.polling', 'SAMPLE',
    `{"samples": [${meterMessage('4', '9007199254740993', '{"big": 18446744073709551617, "neg": -9007199254740993}')}]}`, '"ceilometer.polling"'),
  'ints beyond 2^53 in volume, metadata and traits': notification('wire.big', 'INFO',
    '{"id": "r-1", "size": 18446744073709551617, "count_text": "123456789012345678901", "nested": {"n": 9007199254740993}}'),
  'null publisher_id': notification('wire.plain', 'INFO', '{"id": "r-2", "size": 5}', 'null'),
  'float text traits': notification('wire.plain', 'INFO', '{"id": "r-3", "size": 1, "ratio": 2.0}'),
  'float text trait in exponent form': notification('wire.plain', 'INFO', '{"id": "r-4", "size": 1, "ratio": 1.5e-07}'),
  'sub on a string': notification('wire.sub', 'INFO', '{"id": "r-5", "size": 1, "kind": "xx"}'),
  'sub on null': notification('wire.sub', 'INFO', '{"id": "r-6", "size": 1, "kind": null}'),
  'envelope floats': notification('wire.plain', 'INFO',
    '{"id": "r-7", "size": 2.5, "f": [1.5e-07, 2.0, 1e+16, 1e+22, -0.0, 0.1, 123456789.123, 5e-324, 1.7976931348623157e+308, -1e-05], ' +
    '"nan": NaN, "inf": [Infinity, -Infinity], "big": 1180591620717411303424, "text": "caf\\u00e9 \\u2603"}'),
};

interface UpstreamCase {
  readonly envelope: string;
  readonly polled: PyValue;
  readonly meters: PyValue;
  readonly event: PyValue;
}

/** A sample as the Python side writes it (as_dict without id and monotonic_time). */
function sampleDict(s: Sample): Record<string, PyValue> {
  return {
    name: s.name, type: s.type, unit: s.unit, volume: s.volume, user_id: s.user_id, project_id: s.project_id,
    resource_id: s.resource_id, timestamp: s.timestamp, resource_metadata: s.resource_metadata, source: s.source,
  };
}

/**
 * The comparable form of a list of samples: written as JSON and read back as Python would, with
 * volumes as plain numbers (a float volume is held as a JS number here, so `2.0` reads as `2`: the
 * one place float-ness is not kept, documented in docs/architecture.md).
 */
function comparableSamples(value: PyValue): PyValue {
  if (!Array.isArray(value)) return value;
  return (value as readonly PyValue[]).map((s) => {
    if (!isPyDict(s)) return s;
    const volume = s['volume'];
    return { ...s, volume: volume instanceof PyFloat ? volume.value : (volume ?? null) };
  });
}

function ours(samples: readonly Sample[]): PyValue {
  const checked = samples.map((s) => validateVolume(s, silentLogger)).filter((s): s is Sample => s !== null);
  return comparableSamples(parsePyJson(dumpsPyJson(checked.map(sampleDict))));
}

describe.skipIf(!hasUpstream)('the wire path against upstream Ceilometer 19.0', () => {
  let dir: string;
  let upstream: Record<string, UpstreamCase>;
  const meters = MeterDefinitions.loadFromDirs([join(FIXTURES, 'meters')]);
  const events = EventConverter.load(join(FIXTURES, 'event_definitions.yaml'), { dropUnmatched: false, storeRaw: [] });
  const polled = new TelemetryPollingEndpoint();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ceilo-wire-'));
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(CASES));
    const out = join(dir, 'out.json');
    const r = spawnSync(PYTHON, [join(FIXTURES, 'upstream_wire.py'), join(dir, 'cases.json'), join(FIXTURES, 'meters'), join(FIXTURES, 'event_definitions.yaml'), out], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    if (r.status !== 0) throw new Error(`upstream run failed: ${r.stderr.slice(-2000)}`);
    upstream = parsePyJson(readFileSync(out, 'utf8')) as unknown as Record<string, UpstreamCase>;
  }, 180_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const decode = (name: string): Notification => {
    const decoded = decodeMessageBody(Buffer.from(upstream[name]!.envelope));
    return notificationFromMessage({ message: decoded.message, context: decoded.context });
  };

  it.each(Object.keys(CASES))('%s: the envelope reads back to the bytes Python wrote', (name) => {
    const decoded = decodeMessageBody(Buffer.from(upstream[name]!.envelope));
    expect(encodeMessageBody(decoded.message).toString('utf8')).toBe(upstream[name]!.envelope);
  });

  it.each(Object.keys(CASES))('%s: same polled samples', (name) => {
    const n = decode(name);
    const theirs = upstream[name]!.polled;
    expect(n.event_type === 'telemetry.polling' ? ours(polled.buildSamples(n)) : []).toEqual(comparableSamples(theirs));
  });

  it.each(Object.keys(CASES))('%s: same meters.yaml samples', (name) => {
    const theirs = upstream[name]!.meters;
    // Upstream loses the notification's samples on the definition's TypeError; we log and skip it.
    const expected = isPyDict(theirs) && 'error' in theirs ? [] : comparableSamples(theirs);
    expect(ours(meters.toSamples(decode(name)))).toEqual(expected);
  });

  it.each(Object.keys(CASES))('%s: same event', (name) => {
    const theirs = upstream[name]!.event;
    let event;
    try {
      event = events.toEvent(decode(name));
    } catch (err) {
      expect(isPyDict(theirs) && 'error' in theirs, `we failed (${(err as Error).message}), upstream did not`).toBe(true);
      return;
    }
    expect(event).not.toBeNull();
    const ev = event!;
    // What we publish (toEventMessage is the wire form every event publisher writes), unsigned.
    const mine = parsePyJson(dumpsPyJson({ ...toEventMessage(ev, ''), message_signature: undefined }));
    // Python's json default=str writes the datetime with a space.
    const t = theirs as Record<string, PyValue>;
    expect(mine).toEqual({ ...t, generated: String(t['generated']).replace(' ', 'T') });
  });
});
