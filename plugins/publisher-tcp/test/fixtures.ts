import { readFileSync } from 'node:fs';
import type { MetadataValue, Sample } from '@ceilometer-ts/sdk';

/** Golden bytes written by make-golden.py with upstream Ceilometer and msgpack-python. */
export const golden = JSON.parse(readFileSync(new URL('./fixtures/golden.json', import.meta.url), 'utf8')) as { udp: string[]; udp_unsigned: string[]; tcp_stream: string };

const meta: Record<string, MetadataValue> = {};
for (let i = 0; i < 16; i++) meta[`k${String(i).padStart(2, '0')}`] = i;
Object.assign(meta, {
  name: 'vm \u00e9\u2603', long: 'x'.repeat(40), longer: 'y'.repeat(300), neg: [-1, -33, -200, -40000, -3000000000],
  big: [200, 70000, 5000000000, 1e19], flags: [true, false, null], nested: { f: 0.1, l: Array.from({ length: 20 }, (_, i) => i) },
});

/** The samples make-golden.py builds. */
export const samples: Sample[] = [
  { name: 'cpu', type: 'cumulative', unit: 'ns', volume: 123456789012, user_id: 'u-1', project_id: 'p-1', resource_id: 'r-1',
    timestamp: '2026-11-23T19:00:00.123456', resource_metadata: meta, source: 'openstack', id: '8a3f6c1e-0000-4000-8000-000000000001', monotonic_time: null },
  { name: 'memory.usage', type: 'gauge', unit: 'MB', volume: 0.25, user_id: null, project_id: null, resource_id: 'r-2',
    timestamp: '2026-11-23T19:00:00+00:00', resource_metadata: {}, source: 'openstack', id: '8a3f6c1e-0000-4000-8000-000000000002', monotonic_time: 12.5 },
  { name: 'disk.usage', type: 'gauge', unit: 'B', volume: -7, user_id: 'u', project_id: 'p', resource_id: 'r-3',
    timestamp: '2026-11-23T19:00:00', resource_metadata: { a: 1 }, source: 's', id: '8a3f6c1e-0000-4000-8000-000000000003', monotonic_time: null },
];
