/**
 * `fip_services` and `ip.floating` against a real Neutron server behind a real Keystone (from
 * `@ceilometer-ts/test-services`: the run's shared ones, else private), as the `ceilometer`
 * service user: floating IPs the test creates, some set ACTIVE; paging; a missing extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NeutronApi, sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { fakePluginContext, fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import type { PluginContext } from '@ceilometer-ts/sdk';
import { openStackServiceUnavailable, startNeutron, type NeutronService, type SeededFloatingIp } from '@ceilometer-ts/test-services';
import { FloatingIPDiscovery, FloatingIPPollster, VPNServicesDiscovery } from '../src/index.js';

const unavailable = openStackServiceUnavailable('neutron');

describe.skipIf(unavailable !== undefined)('fip_services + ip.floating against Neutron', () => {
  let neutron: NeutronService;
  let ctx: PluginContext;
  let created: SeededFloatingIp[] = [];

  beforeAll(async () => {
    neutron = await startNeutron();
    created = await neutron.createFloatingIps(3, { active: 1 });
    ctx = fakePluginContext({
      'service_credentials.auth_url': neutron.keystone.url,
      'service_credentials.auth_type': 'password',
      'service_credentials.username': 'ceilometer',
      'service_credentials.password': neutron.keystone.servicePassword,
      'service_credentials.user_domain_id': 'default',
      'service_credentials.project_name': 'service',
      'service_credentials.project_domain_id': 'default',
      'service_credentials.region_name': neutron.keystone.region,
      'service_credentials.interface': 'public',
    });
  }, 300_000);
  afterAll(async () => {
    sharedOpenStackSession(ctx)?.close();
    for (const f of created) await neutron?.request('DELETE', `/v2.0/floatingips/${f.id}`).catch(() => undefined);
    await neutron?.stop();
  }, 60_000);

  it('discovers the floating IPs created and gives upstream-shaped ip.floating samples', async () => {
    const found = await new FloatingIPDiscovery(ctx).discover(fakePollCycle());
    const mine = found.filter((f) => created.some((c) => c.id === f.id));
    expect(mine).toHaveLength(created.length);
    const samples = await pollSamples(new FloatingIPPollster(ctx), mine);
    for (const c of created) {
      const s = samples.find((x) => x.resource_id === c.id)!;
      expect([s.name, s.type, s.unit, s.volume, s.project_id, s.user_id]).toEqual(['ip.floating', 'gauge', 'ip', c.status === 'ACTIVE' ? 1 : 3, c.projectId, null]);
      expect(s.resource_metadata).toMatchObject({ status: c.status, floating_ip_address: c.address, floating_network_id: c.networkId, router_id: null, port_id: null, fixed_ip_address: null });
    }
  });

  it('reads every page with a small page size', async () => {
    const all = await new NeutronApi(sharedOpenStackSession(ctx)!, { pageSize: 1 }).floatingIps();
    for (const c of created) expect(all.some((f) => f['id'] === c.id)).toBe(true);
  });

  it('an extension Neutron has not loaded (VPNaaS) discovers nothing, and the next discovery still works', async () => {
    expect(await new VPNServicesDiscovery(ctx).discover(fakePollCycle())).toEqual([]);
    expect((await new FloatingIPDiscovery(ctx).discover(fakePollCycle())).length).toBeGreaterThanOrEqual(created.length);
  });
});
