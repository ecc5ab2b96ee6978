/**
 * The Swift pollsters against a real Swift (proxy with keystoneauth) behind a real Keystone (from
 * `@ceilometer-ts/test-services`: the run's shared ones, else private), as the `ceilometer` service
 * user (ResellerAdmin): containers and objects the test creates in the admin project's account,
 * through the `tenant` discovery's kind of resource.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { fakePluginContext, fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import type { PluginContext } from '@ceilometer-ts/sdk';
import { openStackServiceUnavailable, startSwift, type SeededContainer, type SwiftService } from '@ceilometer-ts/test-services';
import { ContainersObjectsPollster, ContainersSizePollster, ObjectsContainersPollster, ObjectsPollster, ObjectsSizePollster } from '../src/index.js';

const unavailable = openStackServiceUnavailable('swift');

describe.skipIf(unavailable !== undefined)('storage.* pollsters against Swift', () => {
  let swift: SwiftService;
  let ctx: PluginContext;
  let project: string;
  let created: SeededContainer[] = [];
  let account: { objects: number; bytes: number; containers: number };

  beforeAll(async () => {
    swift = await startSwift();
    project = (await swift.keystone.token()).projectId;
    created = await swift.createContainers(3, { objectsPerContainer: 2, objectBytes: 16, namePrefix: 'netobj' });
    const head = await fetch(await swift.adminAccountUrl(), { method: 'HEAD', headers: { 'x-auth-token': (await swift.keystone.token()).token } });
    account = {
      objects: Number(head.headers.get('x-account-object-count')),
      bytes: Number(head.headers.get('x-account-bytes-used')),
      containers: Number(head.headers.get('x-account-container-count')),
    };
    ctx = fakePluginContext({
      'service_credentials.auth_url': swift.keystone.url,
      'service_credentials.auth_type': 'password',
      'service_credentials.username': 'ceilometer',
      'service_credentials.password': swift.keystone.servicePassword,
      'service_credentials.user_domain_id': 'default',
      'service_credentials.project_name': 'service',
      'service_credentials.project_domain_id': 'default',
      'service_credentials.region_name': swift.keystone.region,
      'service_credentials.interface': 'public',
    });
  }, 300_000);
  afterAll(async () => {
    sharedOpenStackSession(ctx)?.close();
    await swift?.stop();
  }, 60_000);

  it('gives the account totals of the project', async () => {
    const cycle = fakePollCycle();
    const tenants = [{ id: project }];
    const [objects] = await pollSamples(new ObjectsPollster(ctx), tenants, cycle);
    const [size] = await pollSamples(new ObjectsSizePollster(ctx), tenants, cycle);
    const [containers] = await pollSamples(new ObjectsContainersPollster(ctx), tenants, cycle);
    expect([objects!.name, objects!.unit, objects!.resource_id, objects!.project_id, objects!.volume]).toEqual(['storage.objects', 'object', project, project, account.objects]);
    expect([size!.unit, size!.volume]).toEqual(['B', account.bytes]);
    expect([containers!.unit, containers!.volume]).toEqual(['container', account.containers]);
    expect(account.containers).toBeGreaterThanOrEqual(created.length);
  });

  it('gives one sample per container with its objects and bytes', async () => {
    const cycle = fakePollCycle();
    const counts = await pollSamples(new ContainersObjectsPollster(ctx), [{ id: project }], cycle);
    const sizes = await pollSamples(new ContainersSizePollster(ctx), [{ id: project }], cycle);
    for (const c of created) {
      const n = counts.find((s) => s.resource_id === `${project}/${c.name}`)!;
      const b = sizes.find((s) => s.resource_id === `${project}/${c.name}`)!;
      expect([n.name, n.type, n.unit, n.volume, n.project_id, n.user_id]).toEqual(['storage.containers.objects', 'gauge', 'object', c.objects, project, null]);
      expect([b.name, b.unit, b.volume]).toEqual(['storage.containers.objects.size', 'B', c.bytes]);
      expect(n.resource_metadata).toHaveProperty('storage_policy');
    }
  });

  it('a project without an account yet reads as empty (account_autocreate answers HEAD with zeros, as upstream sees it)', async () => {
    const samples = await pollSamples(new ObjectsPollster(ctx), [{ id: '00000000000000000000000000000000' }]);
    expect(samples.map((s) => [s.resource_id, s.volume])).toEqual([['00000000000000000000000000000000', 0]]);
  });
});
