import { afterEach, describe, expect, it } from 'vitest';
import { fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import { swiftAccountUrl } from '@ceilometer-ts/openstack-client';
import type { Pollster } from '@ceilometer-ts/sdk';
import { netObjContext, startFakeNetObj, type FakeNetObj } from '../../../packages/openstack-client/test/fake-netobj.js';
import { ContainersObjectsPollster, ContainersSizePollster, ObjectsContainersPollster, ObjectsPollster, ObjectsSizePollster } from '../src/index.js';

const tenants = [{ id: 'p1' }, { id: 'p2' }, { id: 'gone' }, { id: 'locked' }];

describe('Swift pollsters', () => {
  let fake: FakeNetObj | undefined;
  afterEach(async () => {
    await fake?.cloud.close();
    fake = undefined;
  });

  it('builds the account URL as upstream _neaten_url', () => {
    expect(swiftAccountUrl('http://s:8080/v1/AUTH_abc', 'p1', 'AUTH_')).toBe('http://s:8080/v1/AUTH_p1');
    expect(swiftAccountUrl('http://s:8080/', 'p1', 'RESELLER_')).toBe('http://s:8080/v1/RESELLER_p1');
    expect(swiftAccountUrl('http://s/swift/v1', 'p1', 'AUTH_')).toBe('http://s/swift/v1/AUTH_p1');
  });

  it('gives per-project and per-container gauges, one HEAD and one GET per project per cycle', async () => {
    fake = await startFakeNetObj();
    fake.state.accounts = {
      p1: [{ name: 'c1', count: 2, bytes: 30, storage_policy: 'gold' }, { name: 'c2', count: 1, bytes: 5 }],
      p2: [],
    };
    fake.state.forbidden = ['locked'];
    const ctx = netObjContext(fake.cloud);
    const cycle = fakePollCycle();
    const all = async (P: new (c: typeof ctx) => Pollster<{ id: string }>) =>
      (await pollSamples(new P(ctx), tenants, cycle)).map((s) => [s.name, s.type, s.unit, s.volume, s.resource_id, s.project_id, s.user_id, s.resource_metadata]);
    expect(await all(ObjectsPollster)).toEqual([['storage.objects', 'gauge', 'object', 3, 'p1', 'p1', null, {}], ['storage.objects', 'gauge', 'object', 0, 'p2', 'p2', null, {}]]);
    expect(await all(ObjectsSizePollster)).toEqual([['storage.objects.size', 'gauge', 'B', 35, 'p1', 'p1', null, {}], ['storage.objects.size', 'gauge', 'B', 0, 'p2', 'p2', null, {}]]);
    expect(await all(ObjectsContainersPollster)).toEqual([
      ['storage.objects.containers', 'gauge', 'container', 2, 'p1', 'p1', null, {}],
      ['storage.objects.containers', 'gauge', 'container', 0, 'p2', 'p2', null, {}],
    ]);
    expect(await all(ContainersObjectsPollster)).toEqual([
      ['storage.containers.objects', 'gauge', 'object', 2, 'p1/c1', 'p1', null, { storage_policy: 'gold' }],
      ['storage.containers.objects', 'gauge', 'object', 1, 'p1/c2', 'p1', null, { storage_policy: null }],
    ]);
    expect(await all(ContainersSizePollster)).toEqual([
      ['storage.containers.objects.size', 'gauge', 'B', 30, 'p1/c1', 'p1', null, { storage_policy: 'gold' }],
      ['storage.containers.objects.size', 'gauge', 'B', 5, 'p1/c2', 'p1', null, { storage_policy: null }],
    ]);
    const swift = fake.cloud.requests.filter((r) => r.path.startsWith('/swift/'));
    expect(swift.filter((r) => r.method === 'HEAD').map((r) => r.path).sort()).toEqual(['/swift/v1/AUTH_gone', '/swift/v1/AUTH_locked', '/swift/v1/AUTH_p1', '/swift/v1/AUTH_p2']);
    expect(swift.filter((r) => r.method === 'GET').map((r) => r.path).sort()).toEqual(['/swift/v1/AUTH_gone?format=json', '/swift/v1/AUTH_locked?format=json', '/swift/v1/AUTH_p1?format=json', '/swift/v1/AUTH_p2?format=json']);
    expect(ctx.lines.map((l) => `${l.level} ${l.message}`)).toContain('warn Swift tenant id gone not found.');
    expect(ctx.lines.map((l) => `${l.level} ${l.message}`)).toContain('error The credentials configured does not have correct roles to access Swift tenant id locked.');
  });

  it('uses [DEFAULT] reseller_prefix', async () => {
    fake = await startFakeNetObj();
    const ctx = netObjContext(fake.cloud, { 'DEFAULT.reseller_prefix': 'KEY_' });
    await pollSamples(new ObjectsPollster(ctx), [{ id: 'p1' }]);
    expect(fake.cloud.requests.filter((r) => r.path.startsWith('/swift/')).map((r) => r.path)).toEqual(['/swift/v1/KEY_p1']);
  });

  it('warns once and gives nothing without object-store in the catalog', async () => {
    fake = await startFakeNetObj({ withSwift: false });
    const ctx = netObjContext(fake.cloud);
    expect(await pollSamples(new ObjectsPollster(ctx), tenants)).toEqual([]);
    expect(await pollSamples(new ObjectsSizePollster(ctx), tenants)).toEqual([]);
    expect(ctx.lines.filter((l) => l.level === 'warn').length).toBe(1);
    expect(ctx.lines[0]!.message).toMatch(/object-store service is not registered in Keystone/);
  });

  it('authenticates again when Swift refuses an expired token mid-cycle', async () => {
    fake = await startFakeNetObj();
    fake.state.accounts = { p1: [{ name: 'c1', count: 4, bytes: 8 }] };
    const ctx = netObjContext(fake.cloud);
    expect((await pollSamples(new ObjectsPollster(ctx), [{ id: 'p1' }]))[0]!.volume).toBe(4);
    fake.state.revokedTokens.push('tok-1');
    expect((await pollSamples(new ObjectsPollster(ctx), [{ id: 'p1' }]))[0]!.volume).toBe(4);
    expect(fake.cloud.tokens).toBe(2);
  });
});
