/**
 * The Neutron service pollsters (VPNaaS, FWaaS v2) through their discoveries against the fake
 * Neutron: upstream master's meters, units, volumes, project ids and metadata keys (openstacksdk
 * attribute names: `is_admin_state_up` for VPN services and IPsec connections, `admin_state_up`
 * for firewall groups, as openstacksdk names them; checked with python3-openstacksdk).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import type { Pollster } from '@ceilometer-ts/sdk';
import { netObjContext, startFakeNetObj, type FakeNetObj } from '../../../packages/openstack-client/test/fake-netobj.js';
import {
  FirewallDiscovery,
  FirewallPolicyDiscovery,
  FirewallPolicyPollster,
  FirewallPollster,
  IPSecConnectionsDiscovery,
  IPSecConnectionsPollster,
  VPNServicesDiscovery,
  VPNServicesPollster,
  type NeutronRecord,
} from '../src/index.js';

let fake: FakeNetObj | undefined;
afterEach(async () => {
  await fake?.cloud.close();
  fake = undefined;
});

const brief = (samples: Awaited<ReturnType<typeof pollSamples>>) => samples.map((s) => [s.name, s.type, s.unit, s.volume, s.resource_id, s.project_id, s.user_id]);

async function poll(pollster: Pollster<NeutronRecord>, discovered: Promise<readonly NeutronRecord[]>) {
  return pollSamples(pollster, await discovered);
}

describe('network.services.* pollsters', () => {
  it('vpn: status as volume (-1 and upstream\'s warning when unknown), openstacksdk metadata keys, absent fields null', async () => {
    fake = await startFakeNetObj();
    fake.state.services['vpnservices'] = [
      { id: 'v1', name: 'vpn-a', status: 'ACTIVE', admin_state_up: true, tenant_id: 'p1', project_id: 'p1', router_id: 'r1', subnet_id: null, description: '', external_v4_ip: '172.24.4.5', external_v6_ip: null, flavor_id: null },
      { id: 'v2', name: 'vpn-b', status: 'BROKEN', admin_state_up: false, tenant_id: 'p2' },
    ];
    const ctx = netObjContext(fake.cloud);
    const pollster = new VPNServicesPollster(ctx);
    expect(pollster.defaultDiscovery).toBe('vpn_services');
    const samples = await poll(pollster, new VPNServicesDiscovery(ctx).discover(fakePollCycle()));
    expect(brief(samples)).toEqual([
      ['network.services.vpn', 'gauge', 'vpnservice', 1, 'v1', 'p1', null],
      ['network.services.vpn', 'gauge', 'vpnservice', -1, 'v2', 'p2', null],
    ]);
    expect(samples[0]!.resource_metadata).toEqual({
      is_admin_state_up: true, description: '', name: 'vpn-a', status: 'ACTIVE', subnet_id: null, router_id: 'r1', flavor_id: null, external_v4_ip: '172.24.4.5', external_v6_ip: null,
    });
    expect(samples[1]!.resource_metadata).toMatchObject({ is_admin_state_up: false, router_id: null, external_v4_ip: null });
    expect(ctx.lines.map((l) => l.message)).toEqual(['Unknown status BROKEN for VPN vpn-b (v2), setting volume to -1']);
  });

  it('vpn.connections: 1 per IPsec site connection, every upstream field', async () => {
    fake = await startFakeNetObj();
    fake.state.services['ipsec_site_connections'] = [
      { id: 'c1', name: 'conn', status: 'DOWN', admin_state_up: true, project_id: 'p1', peer_address: '198.51.100.1', peer_id: '198.51.100.1', peer_cidrs: ['10.2.0.0/24'], psk: 'secret', initiator: 'bi-directional', ikepolicy_id: 'ike', ipsecpolicy_id: 'ipsec', vpnservice_id: 'v1', mtu: 1500 },
    ];
    const ctx = netObjContext(fake.cloud);
    const samples = await poll(new IPSecConnectionsPollster(ctx), new IPSecConnectionsDiscovery(ctx).discover(fakePollCycle()));
    expect(brief(samples)).toEqual([['network.services.vpn.connections', 'gauge', 'ipsec_site_connection', 1, 'c1', 'p1', null]]);
    expect(Object.keys(samples[0]!.resource_metadata)).toEqual([
      'name', 'description', 'peer_address', 'peer_id', 'peer_cidrs', 'peer_ep_group_id', 'psk', 'initiator', 'ikepolicy_id', 'ipsecpolicy_id', 'vpnservice_id', 'mtu', 'is_admin_state_up', 'status', 'project_id',
    ]);
    expect(samples[0]!.resource_metadata).toMatchObject({ peer_cidrs: ['10.2.0.0/24'], is_admin_state_up: true, peer_ep_group_id: null, mtu: 1500 });
  });

  it('firewall: groups in error are not discovered; firewall.policy: 1 per policy', async () => {
    fake = await startFakeNetObj();
    fake.state.services['firewall_groups'] = [
      { id: 'f1', name: 'fw', status: 'ACTIVE', admin_state_up: true, project_id: 'p1', ingress_firewall_policy_id: 'pol', egress_firewall_policy_id: null, description: 'd' },
      { id: 'f2', name: 'fw-broken', status: 'error', admin_state_up: true, project_id: 'p1' },
      { id: 'f3', name: 'fw-new', status: 'PENDING_CREATE', admin_state_up: false, tenant_id: 'p3' },
    ];
    fake.state.services['firewall_policies'] = [{ id: 'pol', name: 'policy', firewall_rules: ['r1', 'r2'], shared: false, audited: true, tenant_id: 'p1', description: '' }];
    const ctx = netObjContext(fake.cloud);
    const firewalls = await poll(new FirewallPollster(ctx), new FirewallDiscovery(ctx).discover(fakePollCycle()));
    expect(brief(firewalls)).toEqual([
      ['network.services.firewall', 'gauge', 'firewall', 1, 'f1', 'p1', null],
      ['network.services.firewall', 'gauge', 'firewall', 2, 'f3', 'p3', null],
    ]);
    expect(firewalls[0]!.resource_metadata).toEqual({ admin_state_up: true, description: 'd', name: 'fw', status: 'ACTIVE', ingress_firewall_policy_id: 'pol', egress_firewall_policy_id: null });
    const policies = await poll(new FirewallPolicyPollster(ctx), new FirewallPolicyDiscovery(ctx).discover(fakePollCycle()));
    expect(brief(policies)).toEqual([['network.services.firewall.policy', 'gauge', 'firewall_policy', 1, 'pol', 'p1', null]]);
    expect(policies[0]!.resource_metadata).toEqual({ name: 'policy', description: '', firewall_rules: ['r1', 'r2'], shared: false, audited: true });
    expect(ctx.lines).toEqual([]);
  });
});
