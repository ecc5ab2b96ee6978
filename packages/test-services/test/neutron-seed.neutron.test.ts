import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStackServiceUnavailable, startNeutron, type NeutronService } from '../src/index.js';

// scripts/services/start-neutron.sh + the seed helper: what the ip.floating pollster reads.
const unavailable = openStackServiceUnavailable('neutron');

describe.skipIf(unavailable !== undefined)('startNeutron (real Neutron 21, no agents)', () => {
  let neutron: NeutronService;
  beforeAll(async () => {
    neutron = await startNeutron();
  }, 180_000);
  afterAll(async () => {
    await neutron?.stop();
  });

  it('creates floating IPs, some ACTIVE, on one external network', async () => {
    const fips = await neutron.createFloatingIps(3, { active: 1 });
    const more = await neutron.createFloatingIps(1);
    expect(new Set([...fips, ...more].map((f) => f.networkId)).size).toBe(1);
    const res = await neutron.request('GET', '/v2.0/floatingips');
    const byId = new Map((res.body as { floatingips: { id: string; status: string; floating_ip_address: string }[] }).floatingips.map((f) => [f.id, f]));
    expect([...fips, ...more].map((f) => byId.get(f.id)?.status)).toEqual(['ACTIVE', 'DOWN', 'DOWN', 'DOWN']);
    expect(byId.get(fips[0]!.id)?.floating_ip_address).toBe(fips[0]!.address);
  });
});
