/**
 * NovaApi against a real nova-api 26 (Debian "nova-api" behind the private Keystone,
 * scripts/services/start-nova-api.sh), instances written through Nova's object layer.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@ceilometer-ts/sdk';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';
import { startNovaApi, type NovaApiService, type NovaSeedInstance } from '@ceilometer-ts/test-services';
import { createOpenStackSession, NovaApi, type OpenStackSession } from '../src/index.js';

let nova: NovaApiService;
let session: OpenStackSession;
// a host name of this test's own: the run's shared nova-api may hold other tests' instances
const host = `node-${randomUUID().slice(0, 8)}`;
const other = `${host}-other`;
const tiny = { name: 'ceilo.tiny', vcpus: 1, ram: 512, disk: 1, ephemeral: 0 };
const small = { name: 'ceilo.small', vcpus: 2, ram: 2048, disk: 20, ephemeral: 1 };
const instance = (name: string, at: string, flavor = tiny): NovaSeedInstance => ({
  id: randomUUID(), name, host: at, project_id: 'p-ceilo', user_id: 'u-ceilo', flavor, image: randomUUID(),
});
const seeded = [instance('vm-a', host), instance('vm-b', host, small), instance('vm-c', host), instance('elsewhere', other)];

beforeAll(async () => {
  nova = await startNovaApi();
  await nova.seed(seeded);
  const config = fakePluginContext({
    'service_credentials.auth_url': nova.keystone.url, 'service_credentials.auth_type': 'password',
    'service_credentials.username': 'ceilometer', 'service_credentials.password': nova.keystone.servicePassword,
    'service_credentials.user_domain_id': 'default', 'service_credentials.project_name': 'service',
    'service_credentials.project_domain_id': 'default', 'service_credentials.interface': 'internal',
    'service_credentials.region_name': nova.keystone.region,
  }).config;
  session = createOpenStackSession(config, silentLogger)!;
}, 300_000);
afterAll(async () => {
  session?.close();
  await nova?.stop();
});

describe('NovaApi (real nova-api)', () => {
  it("lists this host's servers with their flavors filled in", async () => {
    const servers = await new NovaApi(session).serversDetailForHost(host, null);
    const byName = new Map(servers.map((s) => [s['name'], s]));
    expect([...byName.keys()].sort()).toEqual(['vm-a', 'vm-b', 'vm-c']);
    const b = byName.get('vm-b')!;
    expect(b).toMatchObject({
      id: seeded[1]!.id, status: 'ACTIVE', tenant_id: 'p-ceilo', user_id: 'u-ceilo',
      'OS-EXT-SRV-ATTR:host': host, 'OS-EXT-STS:vm_state': 'active', image: { id: seeded[1]!.image },
      flavor: { id: 'ceilo.small', name: 'ceilo.small', vcpus: 2, ram: 2048, disk: 20, ephemeral: 1 },
    });
    expect(b['OS-EXT-SRV-ATTR:instance_name']).toMatch(/^instance-[0-9a-f]{8}$/);
  });

  it('returns only what changed since a time with changes-since, deletions included', async () => {
    const api = new NovaApi(session);
    const before = await api.serversDetailForHost(host, null);
    const since = new Date(Math.max(...before.map((s) => Date.parse(String(s['updated'])))) + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    await new Promise((r) => setTimeout(r, 1100));
    await nova.seed([{ ...seeded[0]!, name: 'vm-a-renamed' }, { ...seeded[2]!, deleted: true }]);
    const changed = await api.serversDetailForHost(host, since);
    expect(changed.map((s) => [s['name'], s['status']]).sort()).toEqual([['vm-a-renamed', 'ACTIVE'], ['vm-c', 'DELETED']]);
  });

  it('looks flavors up by name and servers by id', async () => {
    const api = new NovaApi(session);
    expect(await api.flavorIdByName('ceilo.tiny')).toBe('ceilo.tiny');
    expect(await api.flavorIdByName('no-such-flavor')).toBeNull();
    expect(await api.server(seeded[3]!.id)).toMatchObject({ name: 'elsewhere', 'OS-EXT-SRV-ATTR:host': other });
    expect(await api.server(randomUUID())).toBeNull();
  });
});
