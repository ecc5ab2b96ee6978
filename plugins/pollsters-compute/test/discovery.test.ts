import { describe, expect, it } from 'vitest';
import type { NovaDomainMetadata, VirtDomain } from '@ceilometer-ts/sdk';
import { InstanceDiscovery, LocalNodeDiscovery, NOVA_PORT_SERVICE, NaiveInstanceCache, novaHostId, type NovaPort, type NovaRecord } from '../src/index.js';
import { fakeContext, fakeCycle, FakeInspector, recordingLogger } from './helpers.js';

const UUID = '3f0e1f9c-8e1b-4a57-9b43-6f1c1b1a0001';

function nova(overrides: Partial<NovaDomainMetadata> = {}): NovaDomainMetadata {
  return {
    namespaceVersion: '1.1',
    name: 'web-1',
    userId: 'user-1',
    userName: 'alice',
    projectId: 'project-1',
    projectName: 'demo',
    flavor: { name: 'm1.small', id: null, vcpus: 1, memory: 2048, disk: 20, ephemeral: 0, swap: 0, extraSpecs: null },
    rootImageId: 'image-1',
    imageMeta: null,
    ...overrides,
  };
}

function domain(overrides: Partial<VirtDomain> = {}): VirtDomain {
  return { uuid: UUID, name: 'instance-00000001', state: 1, osType: 'hvm', arch: 'x86_64', maxMemoryKiB: 2097152, nova: nova(), ...overrides };
}

class FakeNova implements NovaPort {
  servers: NovaRecord[] = [];
  calls: { host: string; since: string | null }[] = [];
  flavorLookups: string[] = [];
  async serversDetailForHost(host: string, changesSince: string | null): Promise<NovaRecord[]> {
    this.calls.push({ host, since: changesSince });
    return Promise.resolve(this.servers);
  }
  flavorIdByName(name: string): Promise<string | null> {
    this.flavorLookups.push(name);
    return Promise.resolve(name === 'm1.small' ? '2' : null);
  }
  server(): Promise<NovaRecord | null> {
    return Promise.resolve({ flavor: { id: '2' }, metadata: { 'metering.stack': 's1' } });
  }
}

function libvirtDiscovery(domains: VirtDomain[], values: Record<string, unknown> = {}, port: NovaPort | null = null) {
  const inspector = new FakeInspector();
  inspector.domains = domains;
  const logger = recordingLogger();
  const ctx = fakeContext(inspector, values, logger);
  ctx.services.set(NOVA_PORT_SERVICE, () => Promise.resolve(port));
  return { discovery: new InstanceDiscovery(ctx), logger };
}

describe('local_instances, libvirt_metadata (the default)', () => {
  it('maps Nova metadata as upstream, with no Keystone: the flavor id falls back to the flavor name', async () => {
    const { discovery } = libvirtDiscovery([domain()]);
    expect(discovery.groupId).toBe('compute-1');
    const [instance] = await discovery.discover(fakeCycle());
    expect(instance).toEqual({
      id: UUID,
      name: 'web-1',
      instanceName: 'instance-00000001',
      host: 'compute-1',
      hostId: novaHostId('project-1', 'compute-1'),
      tenantId: 'project-1',
      userId: 'user-1',
      status: 'active',
      vmState: 'running',
      flavor: { id: 'm1.small', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20, ephemeral: 0, swap: 0 },
      image: { id: 'image-1' },
      metadata: {},
      properties: { os_type: 'hvm', architecture: 'x86_64' },
    });
    // Nova's hostId: sha224(project + host), hex (the value is Python's hashlib.sha224(b'ph').hexdigest()).
    expect(novaHostId('p', 'h')).toBe('0a5e9835749049c9b3e8370f570605297b49add5fbc4af20ad056840');
  });

  it('nova/1.0 metadata, flavor id and extra specs from 2025.2 metadata, image_meta, state maps, no image', async () => {
    const { discovery } = libvirtDiscovery([
      domain({
        state: 5,
        nova: nova({
          namespaceVersion: '1.0',
          rootImageId: null,
          flavor: { name: 'm1.big', id: '42', vcpus: 4, memory: 8192, disk: 80, ephemeral: 10, swap: 512, extraSpecs: { 'hw:cpu_policy': 'dedicated' } },
          imageMeta: { base_image_ref: 'image-9', disk_format: 'qcow2' },
        }),
      }),
      domain({ uuid: 'u-3', state: 3 }),
    ]);
    const [off, paused] = await discovery.discover(fakeCycle());
    expect(off).toMatchObject({
      status: 'stopped',
      vmState: 'shutdown',
      image: null,
      imageMeta: { base_image_ref: 'image-9', disk_format: 'qcow2' },
      flavor: { id: '42', name: 'm1.big', ram: 8192, swap: 512, extra_specs: { 'hw:cpu_policy': 'dedicated' } },
    });
    expect(paused).toMatchObject({ status: 'paused', vmState: 'paused' });
  });

  it('skips domains without Nova metadata at debug, and incomplete metadata with one warning per domain', async () => {
    const { discovery, logger } = libvirtDiscovery([domain({ uuid: 'plain', nova: null }), domain({ uuid: 'broken', nova: nova({ projectId: null }) })]);
    expect(await discovery.discover(fakeCycle())).toEqual([]);
    expect(await discovery.discover(fakeCycle())).toEqual([]);
    expect(logger.lines.filter(([level]) => level === 'warn')).toHaveLength(1);
    expect(logger.lines.find(([level]) => level === 'warn')![1]).toContain('owner/project');
  });

  it('with credentials, looks the flavor id up by name once (cached); fetch_extra_metadata brings server metadata', async () => {
    const port = new FakeNova();
    const { discovery } = libvirtDiscovery([domain(), domain({ uuid: 'u-2' })], {}, port);
    const instances = await discovery.discover(fakeCycle());
    await discovery.discover(fakeCycle());
    expect(instances.map((i) => i.flavor?.id)).toEqual(['2', '2']);
    expect(port.flavorLookups).toEqual(['m1.small']);
    const extra = libvirtDiscovery([domain()], { 'compute.fetch_extra_metadata': true }, new FakeNova()).discovery;
    expect((await extra.discover(fakeCycle()))[0]).toMatchObject({ flavor: { id: '2' }, metadata: { 'metering.stack': 's1' } });
  });
});

function server(id: string, overrides: NovaRecord = {}): NovaRecord {
  return {
    id,
    name: `vm-${id}`,
    status: 'ACTIVE',
    tenant_id: 'project-1',
    user_id: 'user-1',
    hostId: 'hid',
    image: '',
    flavor: { original_name: 'm1.small', vcpus: 1, ram: 512, disk: 1, ephemeral: 0, swap: 0, extra_specs: {} },
    metadata: {},
    'OS-EXT-SRV-ATTR:instance_name': `instance-${id}`,
    'OS-EXT-SRV-ATTR:host': 'compute-1',
    'OS-EXT-STS:vm_state': 'active',
    'OS-EXT-STS:task_state': null,
    'OS-EXT-AZ:availability_zone': 'nova',
    ...overrides,
  };
}

describe('local_instances, naive', () => {
  function naive(port: FakeNova, update = 0, expiry = 3600) {
    let now = Date.UTC(2026, 11, 4, 12, 0, 0);
    const cache = new NaiveInstanceCache({ host: 'compute-1', resourceUpdateInterval: update, resourceCacheExpiry: expiry, logger: recordingLogger(), nova: () => Promise.resolve(port), now: () => now });
    return { cache, advance: (seconds: number) => (now += seconds * 1000) };
  }

  it('lists this host, then asks for changes since the last run; deleted and error instances dropped', async () => {
    const port = new FakeNova();
    port.servers = [server('a'), server('b')];
    const { cache, advance } = naive(port);
    const first = await cache.instances();
    expect(first.map((i) => i.id)).toEqual(['a', 'b']);
    expect(first[0]).toMatchObject({ image: null, instanceName: 'instance-a', flavor: { name: 'm1.small', ram: 512 }, properties: { 'OS-EXT-AZ:availability_zone': 'nova', kernel_id: null, ramdisk_id: null } });
    advance(60);
    port.servers = [server('b', { 'OS-EXT-STS:vm_state': 'deleted' }), server('c')];
    expect((await cache.instances()).map((i) => i.id)).toEqual(['a', 'c']);
    expect(port.calls).toEqual([{ host: 'compute-1', since: null }, { host: 'compute-1', since: '2026-12-04T12:00:00.000+00:00' }]);
  });

  it('resource_update_interval: Nova asked again only after it; resource_cache_expiry: full refresh', async () => {
    const port = new FakeNova();
    port.servers = [server('a')];
    const { cache, advance } = naive(port, 300, 600);
    await cache.instances();
    advance(100);
    await cache.instances();
    expect(port.calls).toHaveLength(1);
    advance(250);
    port.servers = [];
    expect((await cache.instances()).map((i) => i.id)).toEqual(['a']);
    advance(400);
    expect(await cache.instances()).toEqual([]);
    expect(port.calls.map((c) => c.since === null)).toEqual([true, false, true]);
  });

  it('old microversions: the flavor looked up by id once per listing; unknown flavor as upstream', async () => {
    const port = new FakeNova();
    const lookups: string[] = [];
    const withFlavor = Object.assign(port, { flavor: (id: string) => (lookups.push(id), Promise.resolve(id === '1' ? { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, 'OS-FLV-EXT-DATA:ephemeral': 0 } : null)) });
    withFlavor.servers = [server('a', { flavor: { id: '1', links: [] } }), server('b', { flavor: { id: '1', links: [] } }), server('c', { flavor: { id: '9', links: [] } })];
    const instances = await naive(withFlavor).cache.instances();
    expect(instances.map((i) => i.flavor)).toEqual([
      { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, ephemeral: 0 },
      { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, ephemeral: 0 },
      { id: '9', name: 'unknown-id-9', vcpus: 0, ram: 0, disk: 0, ephemeral: 0 },
    ]);
    expect(lookups).toEqual(['1', '9']);
  });

  it('chosen by [compute] instance_discovery_method (workload_partitioning too); no credentials: nothing, said once', async () => {
    for (const method of ['naive', 'workload_partitioning']) {
      const port = new FakeNova();
      port.servers = [server('a')];
      const ctx = fakeContext(new FakeInspector(), { 'compute.instance_discovery_method': method });
      ctx.services.set(NOVA_PORT_SERVICE, () => Promise.resolve(port));
      expect((await new InstanceDiscovery(ctx).discover(fakeCycle())).map((i) => i.id)).toEqual(['a']);
    }
    const logger = recordingLogger();
    const ctx = fakeContext(new FakeInspector(), { 'compute.instance_discovery_method': 'naive' }, logger);
    ctx.services.set(NOVA_PORT_SERVICE, () => Promise.resolve(null));
    const discovery = new InstanceDiscovery(ctx);
    expect(await discovery.discover(fakeCycle())).toEqual([]);
    expect(await discovery.discover(fakeCycle())).toEqual([]);
    expect(logger.lines.filter(([level]) => level === 'warn')).toHaveLength(1);
  });
});

describe('local_node', () => {
  it('is [DEFAULT] host, group LocalNode-<host>', async () => {
    const discovery = new LocalNodeDiscovery(fakeContext(new FakeInspector()));
    expect(discovery.groupId).toBe('LocalNode-compute-1');
    expect(await discovery.discover()).toEqual(['compute-1']);
  });
});

describe('local_instances across cycles', () => {
  it('keeps the same instance object while the domain is unchanged, a new one when its state changes', async () => {
    const metadata = nova();
    const inspector = new FakeInspector();
    const ctx = fakeContext(inspector);
    ctx.services.set(NOVA_PORT_SERVICE, () => Promise.resolve(null));
    const discovery = new InstanceDiscovery(ctx);
    inspector.domains = [domain({ nova: metadata })];
    const [a] = await discovery.discover(fakeCycle());
    inspector.domains = [domain({ nova: metadata })];
    const [b] = await discovery.discover(fakeCycle());
    expect(b).toBe(a);
    inspector.domains = [domain({ nova: metadata, state: 3 })];
    const [c] = await discovery.discover(fakeCycle());
    expect(c).not.toBe(a);
    expect(c).toMatchObject({ status: 'paused' });
  });
});
