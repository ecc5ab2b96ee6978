/**
 * Events against a fake Gnocchi: create (409 ignored), update once per change, delete ends the
 * resource and its associated resources.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TraitType, type Event } from '@ceilometer-ts/sdk';
import { GnocchiPublisher } from '../src/index.js';
import { basicContext, startFakeGnocchi, type FakeGnocchi } from './fake-gnocchi.js';

const DEFS = fileURLToPath(new URL('./fixtures/events.yaml', import.meta.url));

function event(type: string, traits: Record<string, string>): Event {
  return {
    message_id: `m-${Math.random()}`, event_type: type, generated: '2026-12-04T10:00:00', raw: {},
    traits: Object.entries(traits).map(([name, value]) => ({ name, dtype: TraitType.text, value })),
  };
}

let gnocchi: FakeGnocchi;
let p: GnocchiPublisher;
beforeEach(async () => {
  gnocchi = await startFakeGnocchi();
  p = new GnocchiPublisher(basicContext(gnocchi.url), `gnocchi://?resources_definition_file=${DEFS}`);
});
afterEach(async () => {
  await gnocchi.close();
});

it('creates a resource from an event, once (a second create answers 409 and is ignored)', async () => {
  const created = event('compute.instance.create.end', { instance_id: 'vm-1', display_name: 'one', host: 'compute-1', other: 'x' });
  await p.publishEvents([created, created]);
  expect(gnocchi.resources.get('vm-1')).toEqual({ type: 'instance', attributes: { display_name: 'one', host: 'compute-1' } });
  expect(gnocchi.count('POST', '/v1/resource/instance')).toBe(2);
});

it('updates attributes once per change', async () => {
  await p.publishEvents([event('compute.instance.create.end', { instance_id: 'vm-1', display_name: 'one', host: 'compute-1' })]);
  const moved = event('compute.instance.update', { instance_id: 'vm-1', display_name: 'one', host: 'compute-2' });
  await p.publishEvents([moved, moved, moved]);
  expect(gnocchi.count('PATCH', '/v1/resource/instance/vm-1')).toBe(1);
  expect(gnocchi.resources.get('vm-1')?.attributes['host']).toBe('compute-2');
  // an update of a resource Gnocchi does not have is ignored
  await p.publishEvents([event('compute.instance.update', { instance_id: 'vm-404', host: 'h' })]);
});

it('a delete sets ended_at on the resource and on its associated resources; unknown event types are skipped', async () => {
  gnocchi.resources.set('vm-1', { type: 'instance', attributes: {} });
  gnocchi.resources.set('vm-1_vda', { type: 'instance_disk', attributes: { instance_id: 'vm-1' } });
  gnocchi.resources.set('vm-2_vda', { type: 'instance_disk', attributes: { instance_id: 'vm-2' } });
  await p.publishEvents([event('compute.instance.delete.start', { instance_id: 'vm-1' }), event('image.upload', { resource_id: 'i' })]);
  const patched = gnocchi.requests.filter((r) => r.method === 'PATCH');
  expect(patched.map((r) => r.path)).toEqual(['/v1/resource/instance/vm-1', '/v1/resource/instance_disk/vm-1_vda']);
  const endedAt = (patched[0]!.body as { ended_at: string }).ended_at;
  expect(endedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
  expect(gnocchi.resources.get('vm-2_vda')?.attributes['ended_at']).toBeUndefined();
  expect(gnocchi.requests.find((r) => r.method === 'POST' && r.path === '/v1/search/resource/instance_disk')?.body).toEqual({ '=': { instance_id: 'vm-1' } });
});

it('Gnocchi unavailable rejects the call so the delivery queue sends the events again', async () => {
  await gnocchi.close();
  await expect(p.publishEvents([event('compute.instance.create.end', { instance_id: 'vm-1' })])).rejects.toMatchObject({ kind: 'refused', retriable: true });
});
