import { afterEach, describe, expect, it } from 'vitest';
import { fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import { sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { netObjContext, startFakeNetObj, type FakeNetObj } from '../../../packages/openstack-client/test/fake-netobj.js';
import { FirewallDiscovery, FloatingIPDiscovery, FloatingIPPollster, statusId } from '../src/index.js';

const fip = (id: string, status: string | null, extra: Record<string, unknown> = {}) => ({
  id, status, tenant_id: 'p1', project_id: 'p1', router_id: 'r1', floating_network_id: 'net-ext', fixed_ip_address: '10.0.0.5',
  port_id: 'port-1', floating_ip_address: `172.24.4.${id.length}`, description: '', ...extra,
});

describe('ip.floating and fip_services', () => {
  let fake: FakeNetObj | undefined;
  afterEach(async () => {
    await fake?.cloud.close();
    fake = undefined;
  });

  it('maps statuses as upstream, -1 for unknown or absent', () => {
    expect(['ACTIVE', 'DOWN', 'ERROR', 'pending_create', 'BUILD', '', null].map(statusId)).toEqual([1, 3, 7, 2, -1, -1, -1]);
  });

  it('discovers every page of floating IPs and gives one gauge per IP with upstream metadata', async () => {
    fake = await startFakeNetObj();
    fake.state.floatingips = [fip('a', 'ACTIVE'), fip('bb', 'DOWN'), fip('ccc', 'SOMETHING')];
    const ctx = netObjContext(fake.cloud);
    const discovery = new FloatingIPDiscovery(ctx);
    const resources = await discovery.discover(fakePollCycle());
    expect(resources.map((r) => r.id)).toEqual(['a', 'bb', 'ccc']);
    expect([discovery.groupId, new FirewallDiscovery(ctx).groupId]).toEqual(['global', 'global']); // upstream's partitioning group
    const samples = await pollSamples(new FloatingIPPollster(ctx), resources);
    expect(samples.map((s) => [s.name, s.type, s.unit, s.volume, s.resource_id, s.project_id, s.user_id])).toEqual([
      ['ip.floating', 'gauge', 'ip', 1, 'a', 'p1', null],
      ['ip.floating', 'gauge', 'ip', 3, 'bb', 'p1', null],
      ['ip.floating', 'gauge', 'ip', -1, 'ccc', 'p1', null],
    ]);
    expect(samples[0]!.resource_metadata).toEqual({
      router_id: 'r1', status: 'ACTIVE', floating_network_id: 'net-ext', fixed_ip_address: '10.0.0.5', port_id: 'port-1', floating_ip_address: '172.24.4.1',
    });
    expect(ctx.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual(['Unknown status SOMETHING for floating IP address 172.24.4.3 (ccc), setting volume to -1']);
    expect(fake.cloud.requests.filter((r) => r.path.startsWith('/network/')).map((r) => r.path)).toEqual(['/network/v2.0/floatingips']);
  });

  it('follows floatingips_links when paging', async () => {
    fake = await startFakeNetObj();
    fake.state.floatingips = Array.from({ length: 5 }, (_, i) => fip(`f${i}`, 'ACTIVE'));
    const ctx = netObjContext(fake.cloud);
    const { NeutronApi } = await import('@ceilometer-ts/openstack-client');
    const neutron = new NeutronApi(sharedOpenStackSession(ctx)!, { pageSize: 2 });
    expect((await neutron.floatingIps()).map((r) => r['id'])).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(fake.cloud.requests.filter((r) => r.path.startsWith('/network/')).length).toBe(3);
  });

  it('warns once and discovers nothing when Neutron is not in the catalog', async () => {
    fake = await startFakeNetObj({ withNeutron: false });
    const ctx = netObjContext(fake.cloud);
    const discovery = new FloatingIPDiscovery(ctx);
    expect(await discovery.discover(fakePollCycle())).toEqual([]);
    expect(await new FirewallDiscovery(ctx).discover(fakePollCycle())).toEqual([]);
    expect(await discovery.discover(fakePollCycle())).toEqual([]);
    const warnings = ctx.lines.filter((l) => l.level === 'warn');
    expect(warnings.length).toBe(2); // one per discovery instance, not per cycle
    expect(warnings[0]!.message).toMatch(/network service is not registered in Keystone/);
  });

  it('a 500 from Neutron is logged and discovers nothing; the session serves the next call', async () => {
    fake = await startFakeNetObj();
    fake.state.floatingips = [fip('a', 'ACTIVE')];
    fake.state.neutronStatus = 500;
    const ctx = netObjContext(fake.cloud);
    const discovery = new FloatingIPDiscovery(ctx);
    expect(await discovery.discover(fakePollCycle())).toEqual([]);
    expect(ctx.lines.some((l) => l.level === 'warn' && /cannot list floating IPs from Neutron/.test(l.message))).toBe(true);
    fake.state.neutronStatus = null;
    expect((await discovery.discover(fakePollCycle())).map((r) => r.id)).toEqual(['a']);
  }, 20_000);

  it('authenticates again when Neutron refuses an expired token', async () => {
    fake = await startFakeNetObj();
    fake.state.floatingips = [fip('a', 'ACTIVE')];
    const ctx = netObjContext(fake.cloud);
    const discovery = new FloatingIPDiscovery(ctx);
    expect((await discovery.discover(fakePollCycle())).length).toBe(1);
    fake.state.revokedTokens.push('tok-1');
    expect((await discovery.discover(fakePollCycle())).length).toBe(1);
    expect(fake.cloud.tokens).toBe(2);
  });
});
