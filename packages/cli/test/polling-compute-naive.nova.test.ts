/**
 * `ceilometer-polling --polling-namespaces compute` with `[compute] instance_discovery_method =
 * naive` end to end: the instances come from a real nova-api (behind a real Keystone, through
 * `@ceilometer-ts/openstack-client`), the hypervisor is libvirt's test driver over a node XML whose
 * domains carry the seeded ids and Nova's domain names. Also: Keystone unreachable when the daemon
 * starts gives one clear line per cycle, the agent keeps polling and recovers when Keystone is back.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNovaApi, type NovaApiService, type NovaSeedInstance, type NovaSeedResult } from '@ceilometer-ts/test-services';
import { crashLines, freePort, jsonLines, launcherBuilt, ROOT, runPolling, startPolling, tempDir, type TempDir } from './polling-helpers.js';

const ready =
  launcherBuilt() &&
  existsSync(join(ROOT, 'plugins/pollsters-compute/dist/index.js')) &&
  existsSync(join(ROOT, 'plugins/inspector-libvirt/dist/index.js')) &&
  existsSync('/usr/bin/virsh');

// meters the test driver gives data for (its bulk stats have no vcpu or balloon groups: `vcpus`
// and `memory.usage` report nothing there, see inspector-libvirt's README)
const METERS = ['cpu', 'memory'];

/** A libvirt test-driver domain with Nova's metadata (nova/1.1), one disk, one vNIC, a balloon. */
function domainXml(seed: NovaSeedInstance, instanceName: string, index: number): string {
  const f = seed.flavor;
  const mac = `fa:16:3e:00:${(index >> 8).toString(16).padStart(2, '0')}:${(index & 255).toString(16).padStart(2, '0')}`;
  return `  <domain type='test'>
    <name>${instanceName}</name>
    <uuid>${seed.id}</uuid>
    <metadata>
      <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">
        <nova:package version="26.2.2"/>
        <nova:name>${seed.name}</nova:name>
        <nova:creationTime>2026-12-04 10:00:00</nova:creationTime>
        <nova:flavor name="${f.name}"><nova:memory>${f.ram}</nova:memory><nova:disk>${f.disk}</nova:disk><nova:swap>0</nova:swap><nova:ephemeral>${f.ephemeral ?? 0}</nova:ephemeral><nova:vcpus>${f.vcpus}</nova:vcpus></nova:flavor>
        <nova:owner><nova:user uuid="${seed.user_id}">user</nova:user><nova:project uuid="${seed.project_id}">project</nova:project></nova:owner>
        <nova:root type="image" uuid="${seed.image ?? ''}"/>
      </nova:instance>
    </metadata>
    <memory unit='KiB'>${f.ram * 1024}</memory>
    <currentMemory unit='KiB'>${f.ram * 1024}</currentMemory>
    <vcpu placement='static'>${f.vcpus}</vcpu>
    <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
    <devices>
      <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/nova/instances/${seed.id}/disk'/><target dev='vda' bus='virtio'/></disk>
      <interface type='bridge'><mac address='${mac}'/><source bridge='br-int'/><target dev='tap${seed.id.slice(0, 11)}'/><model type='virtio'/></interface>
      <memballoon model='virtio'><stats period='10'/></memballoon>
    </devices>
  </domain>`;
}

/** A TCP forwarder in front of Keystone: `down()` refuses connections, `up()` forwards again. */
class Forwarder {
  #server: Server | null = null;
  readonly #sockets = new Set<Socket>();
  constructor(readonly port: number, private readonly target: number) {}
  up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.#server = server;
    return new Promise((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }
  down(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const s of this.#sockets) s.destroy();
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe.skipIf(!ready)('ceilometer-polling --polling-namespaces compute, naive discovery (real Keystone + nova-api)', () => {
  let nova: NovaApiService;
  let tmp: TempDir;
  let seeded: NovaSeedResult[];
  const host = `compute-${randomUUID().slice(0, 8)}`;
  const tiny = { name: 'e2e.tiny', vcpus: 1, ram: 512, disk: 1, ephemeral: 0 };
  const medium = { name: 'e2e.medium', vcpus: 2, ram: 4096, disk: 40, ephemeral: 0 };
  const seeds: NovaSeedInstance[] = [
    { id: randomUUID(), name: 'web-1', host, project_id: 'p-e2e', user_id: 'u-e2e', flavor: tiny, image: randomUUID() },
    { id: randomUUID(), name: 'db-1', host, project_id: 'p-e2e', user_id: 'u-e2e', flavor: medium, image: randomUUID() },
    { id: randomUUID(), name: 'batch-1', host, project_id: 'p-e2e2', user_id: 'u-e2e2', flavor: tiny, image: randomUUID() },
    { id: randomUUID(), name: 'elsewhere', host: `${host}-other`, project_id: 'p-e2e', user_id: 'u-e2e', flavor: tiny, image: randomUUID() },
  ];
  const onHost = seeds.filter((s) => s.host === host);

  function files(keystoneUrl: string, extraDefault: readonly string[] = []): { conf: string } {
    const nodeXml = tmp.write('node.xml', [
      '<node>',
      '  <cpu><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads><active>2</active><mhz>2400</mhz><model>x86_64</model></cpu>',
      '  <memory>16777216</memory>',
      // every Nova instance (the one on another host too: naive asks Nova, not libvirt, what is here)
      ...seeds.map((s, i) => domainXml(s, seeded[i]!.instance_name, i)),
      '</node>', '',
    ].join('\n'));
    const polling = tmp.write('polling.yaml', ['---', 'sources:', '  - name: some_pollsters', '    interval: 2', '    meters:', ...METERS.map((m) => `      - ${m}`), ''].join('\n'));
    const conf = tmp.write('ceilometer.conf', [
      '[DEFAULT]', `host = ${host}`, 'hypervisor_inspector = libvirt', `libvirt_uri = test://${nodeXml}`, ...extraDefault,
      '[polling]', `cfg_file = ${polling}`, 'enable_notifications = false',
      '[compute]', 'instance_discovery_method = naive', 'resource_update_interval = 0',
      '[service_credentials]', `auth_url = ${keystoneUrl}`, 'auth_type = password', 'username = ceilometer', `password = ${nova.keystone.servicePassword}`,
      'project_name = service', 'project_domain_id = default', 'user_domain_id = default', 'interface = internalURL', `region_name = ${nova.keystone.region}`, '',
    ].join('\n'));
    return { conf };
  }

  beforeAll(async () => {
    tmp = tempDir('ceilo-compute-naive-');
    nova = await startNovaApi();
    seeded = await nova.seed(seeds);
  }, 300_000);
  afterAll(async () => {
    await nova?.stop();
    tmp?.cleanup();
  });

  it('--poll-once: samples for every seeded instance on this host, none for the others', async () => {
    const { conf } = files(nova.keystone.url);
    const run = await runPolling(['--config-file', conf, '--polling-namespaces', 'compute', '--poll-once'], { timeoutMs: 120_000 });
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const samples = jsonLines(run.stdout).filter((s) => typeof s['counter_name'] === 'string' || typeof s['name'] === 'string');
    const name = (s: Record<string, unknown>) => String(s['name'] ?? s['counter_name']);
    for (const meter of METERS) {
      expect(samples.filter((s) => name(s) === meter).map((s) => s['resource_id']).sort(), `${meter}\n${run.stderr.slice(-2000)}`).toEqual(onHost.map((s) => s.id).sort());
    }
    const memory = samples.find((s) => name(s) === 'memory' && s['resource_id'] === onHost[1]!.id)!;
    expect(memory).toMatchObject({ volume: 4096, project_id: 'p-e2e', user_id: 'u-e2e' });
    expect(memory['resource_metadata']).toMatchObject({ display_name: 'db-1', instance_type: 'e2e.medium', flavor: { name: 'e2e.medium', vcpus: 2, ram: 4096 } });
    expect(crashLines(run.stderr)).toEqual([]);
  });

  it('Keystone unreachable at start: one clear line per cycle, polling goes on and recovers when Keystone is back', async () => {
    const ksPort = Number(new URL(nova.keystone.url).port);
    const forwarder = new Forwarder(await freePort(), ksPort);
    const { conf } = files(`http://127.0.0.1:${forwarder.port}/v3`);
    const out = join(tmp.dir, 'samples.json');
    const pipeline = tmp.write('pipeline.yaml', ['sources:', '  - name: all', '    meters: ["*"]', '    sinks: [file]', 'sinks:', '  - name: file', '    publishers:', `      - file://${out}?json`, ''].join('\n'));
    const daemonConf = tmp.write('daemon.conf', `[polling]\npipeline_cfg_file = ${pipeline}\n`);
    const agent = startPolling(['--config-file', conf, '--config-file', daemonConf, '--polling-namespaces', 'compute'], { timeoutMs: 120_000 });
    try {
      await agent.waitFor(/cannot list the servers/, 60_000);
      await new Promise((r) => setTimeout(r, 4500)); // two more failing cycles
      const failing = agent.stderr().split('\n').filter((l) => /cannot list the servers/.test(l));
      expect(failing.length).toBeGreaterThanOrEqual(2);
      for (const line of failing) expect(line).toMatch(new RegExp(`identity: POST http://127\\.0\\.0\\.1:${forwarder.port}/v3/auth/tokens failed: ECONNREFUSED`));
      await forwarder.up();
      const deadline = Date.now() + 30_000;
      let ids: string[] = [];
      while (Date.now() < deadline) {
        const lines = existsSync(out) ? jsonLines(readFileSync(out, 'utf8')) : [];
        ids = [...new Set(lines.filter((s) => s['counter_name'] === 'memory' || s['name'] === 'memory').map((s) => String(s['resource_id'])))].sort();
        if (ids.length === onHost.length) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(ids, agent.stderr().slice(-3000)).toEqual(onHost.map((s) => s.id).sort());
    } finally {
      const result = await agent.stop('SIGTERM');
      await forwarder.down();
      expect(crashLines(result.stderr)).toEqual([]);
    }
  }, 120_000);
});
