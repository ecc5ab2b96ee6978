import { ConfigError, TraitType, type Event } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { DefinitionEvaluationError, EventConverter } from '../../src/event-definitions/index.js';
import type { Notification } from '../../src/meter/index.js';
import { EVENT_DEFINITIONS, fixture, traitPlugins } from '../meter/definitions-helpers.js';

const converter = EventConverter.load(EVENT_DEFINITIONS, { dropUnmatched: false, storeRaw: [], traitPlugins });
const traits = (e: Event | null) => Object.fromEntries(e!.traits.map((t) => [t.name, [t.dtype, t.value]]));
const note = (over: Partial<Notification> = {}): Notification => ({
  event_type: 'thing.happened', payload: { a: '1' }, publisher_id: 'svc.host', priority: 'info',
  message_id: 'm-1', timestamp: '2024-05-01 12:00:00.5', ctxt: { request_id: 'req-1', project_id: 'p', user_id: 'u' }, ...over,
});

describe('the bundled event_definitions.yaml', () => {
  it('converts compute.instance.create.end with typed traits', () => {
    const e = converter.toEvent(fixture('nova-compute.instance.create.end'))!;
    expect(e).toMatchObject({ event_type: 'compute.instance.create.end', message_id: '0c2a5d1e-7f3b-4b4e-9d6a-1e2f3a4b5c6d', generated: '2024-05-01T12:00:35.101938', raw: {} });
    expect(traits(e)).toMatchObject({
      service: [TraitType.text, 'compute'], // publisher_id.`split(., 0, -1)`
      request_id: [TraitType.text, 'req-6b7c1d2e-3f40-4a51-b627-3849d5e6f7a8'],
      tenant_id: [TraitType.text, 'a1b2c3d4e5f60718293a4b5c6d7e8f90'],
      host: [TraitType.text, 'compute-01'],
      memory_mb: [TraitType.int, 2048],
      disk_gb: [TraitType.int, 20],
      launched_at: [TraitType.datetime, '2024-05-01T12:00:34.512000'],
      os_architecture: [TraitType.text, 'x86_64'],
      instance_id: [TraitType.text, '3f1d6c2e-9a7b-4c5d-8e0f-1a2b3c4d5e6f'],
    });
    expect(traits(e)).not.toHaveProperty('deleted_at'); // '' for a datetime trait: left out
    expect(e.traits.slice(0, 5).map((t) => t.name)).toEqual(['service', 'request_id', 'project_id', 'user_id', 'tenant_id']);
  });

  it('converts compute.instance.exists with audit period and state', () => {
    expect(traits(converter.toEvent(fixture('nova-compute.instance.exists')))).toMatchObject({
      audit_period_beginning: [TraitType.datetime, '2024-05-01T12:00:00'],
      audit_period_ending: [TraitType.datetime, '2024-05-01T13:00:00'],
      state: [TraitType.text, 'active'],
    });
  });

  it('converts cinder, glance and neutron notifications', () => {
    expect(traits(converter.toEvent(fixture('cinder-volume.create.end')))).toMatchObject({
      resource_id: [TraitType.text, '6c5b4a39-2817-4f60-9e5d-4c3b2a190807'], size: [TraitType.int, 10], status: [TraitType.text, 'available'],
    });
    expect(traits(converter.toEvent(fixture('cinder-snapshot.create.end')))).toMatchObject({ resource_id: [TraitType.text, '0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b'] });
    expect(traits(converter.toEvent(fixture('glance-image.send')))).toMatchObject({
      bytes_sent: [TraitType.int, 662700032], destination_ip: [TraitType.text, '10.0.0.5'],
    });
    expect(traits(converter.toEvent(fixture('neutron-port.create.end')))).toMatchObject({
      resource_id: [TraitType.text, '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a'], name: [TraitType.text, 'web-01-port'], project_id: [TraitType.text, 'a1b2c3d4e5f60718293a4b5c6d7e8f90'],
    });
  });

  it('gives an unknown notification the default traits (catch-all)', () => {
    expect(traits(converter.toEvent(note()))).toEqual({
      service: [TraitType.text, 'svc.host'], request_id: [TraitType.text, 'req-1'], project_id: [TraitType.text, 'p'], user_id: [TraitType.text, 'u'], tenant_id: [TraitType.text, 'p'],
    });
  });
});

describe('event definition semantics', () => {
  const yaml = `
- event_type: '*'
  traits: {first: {fields: payload.a}}
- event_type: ['thing.*', '!thing.skipped']
  traits:
    num: {type: int, fields: payload.a}
    f: {type: float, fields: payload.a}
    when: {type: datetime, fields: payload.t}
    part: {fields: publisher_id, plugin: {name: split, parameters: {segment: 1}}}
    flags:
      type: int
      fields: [payload.a, payload.b]
      plugin: {name: bitfield, parameters: {flags: [{path: payload.a, bit: 0}, {path: payload.b, bit: 3, value: x}]}}
    mapped: {fields: payload.a, plugin: {name: map, parameters: {values: {'1': one}}}}
`;
  const conv = EventConverter.fromText(yaml, 'ev.yaml', { dropUnmatched: true, storeRaw: ['INFO'], traitPlugins });

  it('uses the last matching definition, honours exclusions, types and plugins', () => {
    const e = conv.toEvent(note({ payload: { a: '1', b: 'x', t: '2024-05-01T14:00:00+02:00' } }))!;
    expect(traits(e)).toMatchObject({
      num: [TraitType.int, 1], f: [TraitType.float, 1], when: [TraitType.datetime, '2024-05-01T12:00:00'], part: [TraitType.text, 'host'],
      flags: [TraitType.int, 9], mapped: [TraitType.text, 'one'],
    });
    expect(traits(conv.toEvent(note({ event_type: 'thing.skipped' })))).toHaveProperty('first');
  });

  it('stores raw bodies for the listed priorities only', () => {
    expect(conv.toEvent(note())!.raw).toMatchObject({ publisher_id: 'svc.host', metadata: { message_id: 'm-1' }, ctxt: { request_id: 'req-1' } });
    expect(conv.toEvent(note({ priority: 'error' }))!.raw).toEqual({});
  });

  it('drops unmatched notifications when asked', () => {
    const strictConv = EventConverter.fromText("- {event_type: 'a.*', traits: {}}", 'ev.yaml', { dropUnmatched: true, storeRaw: [] });
    expect(strictConv.toEvent(note())).toBeNull();
    expect(EventConverter.fromText("- {event_type: 'a.*', traits: {}}", 'ev.yaml', { dropUnmatched: false, storeRaw: [] }).toEvent(note())).not.toBeNull();
  });

  it('fails the notification when a value does not convert', () => {
    expect(() => conv.toEvent(note({ payload: { a: 'abc' } }))).toThrow(DefinitionEvaluationError);
    expect(() => conv.toEvent(note({ timestamp: 'yesterday' }))).toThrow(DefinitionEvaluationError);
  });

  it('refuses bad definitions, naming file, line and path', () => {
    const bad = `- event_type: a\n  traits:\n    x: {type: blob, fields: payload.x}\n- traits: {}\n- event_type: b\n  traits:\n    why: {fields: payload.y, plugin: nope}\n`;
    try {
      EventConverter.fromText(bad, 'ev.yaml', { dropUnmatched: false, storeRaw: [], traitPlugins });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues.map((i) => `${i.file}:${i.line}: ${i.path}`)).toEqual([
        'ev.yaml:7: [2].traits.why.plugin', 'ev.yaml:4: [1].event_type', 'ev.yaml:3: [0].traits.x.type',
      ]);
    }
  });
});
