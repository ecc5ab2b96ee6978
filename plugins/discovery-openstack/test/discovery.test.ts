import { afterEach, describe, expect, it } from 'vitest';
import { fakePollCycle } from '@ceilometer-ts/sdk/testing';
import { netObjContext, startFakeNetObj, type FakeNetObj } from '../../../packages/openstack-client/test/fake-netobj.js';
import { EndpointDiscovery, TenantDiscovery } from '../src/index.js';

describe('tenant and endpoint discoveries', () => {
  let fake: FakeNetObj | undefined;
  afterEach(async () => {
    await fake?.cloud.close();
    fake = undefined;
  });

  async function seeded(): Promise<FakeNetObj> {
    const f = await startFakeNetObj();
    f.state.domains = [{ id: 'default', name: 'Default', enabled: true }, { id: 'd2', name: 'Off', enabled: false }];
    f.state.projects = [
      { id: 'p1', name: 'one', domain_id: 'default', enabled: true },
      { id: 'p2', name: 'two', domain_id: 'default', enabled: false },
      { id: 'p3', name: 'three', domain_id: 'd2', enabled: true },
    ];
    return f;
  }

  it('tenant lists every project of every domain', async () => {
    fake = await seeded();
    const found = await new TenantDiscovery(netObjContext(fake.cloud)).discover(fakePollCycle());
    expect(found.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    expect(found[0]).toMatchObject({ name: 'one', domain_id: 'default' });
  });

  it('tenant with [polling] ignore_disabled_projects lists enabled projects of enabled domains', async () => {
    fake = await seeded();
    const ctx = netObjContext(fake.cloud, { 'polling.ignore_disabled_projects': true });
    expect((await new TenantDiscovery(ctx).discover(fakePollCycle())).map((p) => p.id)).toEqual(['p1']);
    const paths = fake.cloud.requests.filter((r) => r.path.startsWith('/v3/domains') || r.path.startsWith('/v3/projects')).map((r) => r.path);
    expect(paths).toEqual(['/v3/domains?enabled=True', '/v3/projects?domain_id=default&enabled=True']);
  });

  it('endpoint gives the catalog URLs of a service type, or of every service, on the configured interface and region', async () => {
    fake = await startFakeNetObj();
    const ctx = netObjContext(fake.cloud);
    const discovery = new EndpointDiscovery(ctx);
    expect(await discovery.discover(fakePollCycle(), 'network')).toEqual([`${fake.cloud.url}/network`]);
    expect(await discovery.discover(fakePollCycle(), 'compute')).toEqual([`${fake.cloud.url}/compute-internal/v2.1`]);
    expect((await discovery.discover(fakePollCycle())).length).toBe(5); // compute, image, identity, network, object-store
    expect(await discovery.discover(fakePollCycle(), 'dns')).toEqual([]);
    expect(ctx.lines.map((l) => l.message)).toEqual(['No endpoints found for service dns']);
  });

  it("both join upstream's 'global' partitioning group, so partitioned central agents split their resources", () => {
    const ctx = netObjContext({ authUrl: 'http://127.0.0.1:9/v3' });
    expect([new EndpointDiscovery(ctx).groupId, new TenantDiscovery(ctx).groupId]).toEqual(['global', 'global']);
  });
});
