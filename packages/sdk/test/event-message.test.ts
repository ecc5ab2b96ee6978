import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  TraitType,
  WireFormatError,
  dumpsPyJson,
  eventFromEventMessage,
  parsePyJson,
  toEventMessage,
  verifySignature,
  type Event,
  type PyDict,
} from '@ceilometer-ts/sdk';

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/python-messages.json', import.meta.url), 'utf8')) as Record<string, string>;

const event: Event = {
  message_id: 'e1',
  event_type: 'compute.instance.create.end',
  generated: '2026-11-23T19:00:00.123456',
  traits: [
    { name: 'host', dtype: TraitType.text, value: 'node-1' },
    { name: 'memory_mb', dtype: TraitType.int, value: 512 },
    { name: 'load', dtype: TraitType.float, value: 0.25 },
    { name: 'launched_at', dtype: TraitType.datetime, value: '2026-11-23T18:59:00' },
    { name: 'n', dtype: TraitType.none, value: null },
  ],
  raw: { payload: { a: [1, 'x'] } },
};

describe('toEventMessage', () => {
  it("writes the bytes and signature of Python's message_from_event", () => {
    const msg = toEventMessage(event, 'secret');
    expect(dumpsPyJson(msg)).toBe(fixtures['eventSecret']);
    expect(verifySignature(msg, 'secret')).toBe(true);
  });

  it('rejects raw values JSON cannot carry', () => {
    expect(() => toEventMessage({ ...event, raw: { when: new Date() } }, 's')).toThrow(WireFormatError);
  });
});

describe('eventFromEventMessage', () => {
  it("reads Python's message back", () => {
    expect(eventFromEventMessage(parsePyJson(fixtures['eventSecret'] ?? '') as PyDict)).toEqual(event);
  });

  it('accepts object traits and rejects bad ones', () => {
    const msg = { message_id: 'm', event_type: 't', generated: 'g', traits: [{ name: 'a', dtype: 2, value: 1 }] };
    expect(eventFromEventMessage(msg).traits).toEqual([{ name: 'a', dtype: TraitType.int, value: 1 }]);
    expect(eventFromEventMessage(msg).raw).toEqual({});
    expect(() => eventFromEventMessage({ ...msg, traits: [['a', 9, 1]] })).toThrow(/dtype/);
    expect(() => eventFromEventMessage({ ...msg, traits: [['a', 1]] })).toThrow(WireFormatError);
    expect(() => eventFromEventMessage({ ...msg, generated: null })).toThrow(/generated/);
  });
});
