/**
 * The samples and events the publisher plugins' golden files were built from with upstream
 * (each plugin's `test/fixtures/make-golden.py` builds the same values in Python).
 */
import { TraitType, type Event, type MetadataValue, type Sample } from '@ceilometer-ts/sdk';

/** The samples of the HTTP-based publishers' fixtures. */
export const httpSamples: Sample[] = [
  { name: 'cpu', type: 'cumulative', unit: 'ns', volume: 123456789012, user_id: 'u-1', project_id: 'p-1', resource_id: 'r-1',
    timestamp: '2026-11-23T19:00:00.123456', resource_metadata: { flavor: { vcpus: 2 }, name: 'vm \u00e9' }, source: 'openstack',
    id: '8a3f6c1e-0000-4000-8000-000000000001', monotonic_time: null },
  { name: 'memory.usage', type: 'gauge', unit: 'MB', volume: 0.25, user_id: null, project_id: null, resource_id: 'r-2',
    timestamp: '2026-11-23T19:00:00+00:00', resource_metadata: {}, source: 'openstack', id: '8a3f6c1e-0000-4000-8000-000000000002', monotonic_time: 12.5 },
];

/** The events of the HTTP-based publishers' fixtures. */
export const httpEvents: Event[] = [
  { message_id: 'm-1', event_type: 'compute.instance.create.end', generated: '2026-11-23T19:00:00.000000',
    traits: [{ name: 'service', dtype: TraitType.text, value: 'compute' }, { name: 'memory_mb', dtype: TraitType.int, value: 512 }],
    raw: { payload: { instance_id: 'i-1' } } },
  { message_id: 'm-2', event_type: 'x', generated: '2026-11-23T19:00:01', traits: [], raw: {} },
];

const meta: Record<string, MetadataValue> = {};
for (let i = 0; i < 16; i++) meta[`k${String(i).padStart(2, '0')}`] = i;
Object.assign(meta, {
  name: 'vm \u00e9\u2603', long: 'x'.repeat(40), longer: 'y'.repeat(300), neg: [-1, -33, -200, -40000, -3000000000],
  big: [200, 70000, 5000000000, 1e19], flags: [true, false, null], nested: { f: 0.1, l: Array.from({ length: 20 }, (_, i) => i) },
});

/** The samples of the msgpack publishers' (udp, tcp) golden bytes: every msgpack int and str width. */
export const msgpackSamples: Sample[] = [
  { name: 'cpu', type: 'cumulative', unit: 'ns', volume: 123456789012, user_id: 'u-1', project_id: 'p-1', resource_id: 'r-1',
    timestamp: '2026-11-23T19:00:00.123456', resource_metadata: meta, source: 'openstack', id: '8a3f6c1e-0000-4000-8000-000000000001', monotonic_time: null },
  { name: 'memory.usage', type: 'gauge', unit: 'MB', volume: 0.25, user_id: null, project_id: null, resource_id: 'r-2',
    timestamp: '2026-11-23T19:00:00+00:00', resource_metadata: {}, source: 'openstack', id: '8a3f6c1e-0000-4000-8000-000000000002', monotonic_time: 12.5 },
  { name: 'disk.usage', type: 'gauge', unit: 'B', volume: -7, user_id: 'u', project_id: 'p', resource_id: 'r-3',
    timestamp: '2026-11-23T19:00:00', resource_metadata: { a: 1 }, source: 's', id: '8a3f6c1e-0000-4000-8000-000000000003', monotonic_time: null },
];
