import { beforeAll, describe, expect, it } from 'vitest';
import { EventConverter } from '../../src/event-definitions/index.js';
import { MeterDefinitions } from '../../src/meter/index.js';
import { EVENT_DEFINITIONS, METERS_DIR, fixture, fixtureNames, pythonHas, runUpstream, traitPlugins, type UpstreamResults } from './definitions-helpers.js';

const available = pythonHas('ceilometer.meter.notifications', 'ceilometer.event.converter', 'jsonpath_rw_ext');

describe.skipIf(!available)('meters.yaml and event_definitions.yaml against upstream Ceilometer 19.0', () => {
  let upstream: UpstreamResults;
  const names = fixtureNames();
  const meters = MeterDefinitions.loadFromDirs([METERS_DIR], { traitPlugins });
  const events = EventConverter.load(EVENT_DEFINITIONS, { dropUnmatched: false, storeRaw: ['info'], traitPlugins });

  beforeAll(() => {
    upstream = runUpstream(names);
  }, 180_000);

  it.each(names)('%s: same samples', (name) => {
    const theirs = upstream[name]!.samples;
    expect(Array.isArray(theirs), JSON.stringify(theirs)).toBe(true);
    const ours = meters.toSamples(fixture(name)).map((s) => ({
      name: s.name, type: s.type, unit: s.unit, volume: s.volume, user_id: s.user_id, project_id: s.project_id,
      resource_id: s.resource_id, timestamp: s.timestamp, resource_metadata: s.resource_metadata, source: s.source,
    }));
    expect(ours).toEqual(theirs);
  });

  it.each(names)('%s: same event', (name) => {
    const theirs = upstream[name]!.event as Record<string, unknown>;
    const ev = events.toEvent(fixture(name));
    expect(ev).not.toBeNull();
    const ours = { ...ev!, traits: ev!.traits.map((t) => [t.name, t.dtype, t.value]) };
    expect(ours).toEqual(theirs);
  });
});
