/**
 * The seed deployment end to end: the five files our first users run (`fixtures/seed-deployment/`,
 * unchanged but for their addresses and ports, see seed-deployment-helpers.ts) drive
 *
 *   polling agent (compute + central: naive discovery through a real Keystone and nova-api, libvirt's
 *   test driver as the hypervisor, SNMP on a private snmpd) -> RabbitMQ (user openstack, password
 *   secret@123) -> our notification agent (pipeline.yaml, gnocchi:// sinks) -> Gnocchi 4.4 in
 *   Keystone mode, found through the Keystone catalog (service type metric), with the resource types
 *   and archive policies `ceilometer-upgrade` created from the seed's gnocchi_resources.yaml.
 *
 * Then, read back through Gnocchi's API: resources of the types host, host_disk,
 * host_network_interface, instance, instance_disk and instance_network_interface exist with the
 * seed's attributes, and their metrics are under horizon-mimic and hold measures (the
 * custom.hardware rates from the second polling cycle, 60 s after the first: the seed's interval).
 *
 * What the test sets beyond the seed's files, in a second config file (`test-overrides.conf`), and
 * why: `[DEFAULT] libvirt_uri` (the compute test driver instead of the node's qemu:///system),
 * `[hardware] monitor_file` (the seed keeps it at /etc/ceilometer/monitor_hardware.yaml, which a test
 * does not write), `[notification] state_dir` (the agent's journal, /var/lib/ceilometer by default).
 * Keystone's `ceilometer` user gets the seed's password `secret@123`.
 */
import { hostname } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gnocchiUnavailable,
  libvirtTestDomains,
  libvirtTestNodeXml,
  startKeystone,
  startNovaApi,
  startGnocchi,
  startRabbitMQ,
  startSnmpd,
  type KeystoneService,
  type LibvirtTestDomain,
  type NovaApiService,
  type GnocchiService,
  type RabbitMQService,
  type SnmpdService,
} from '@ceilometer-ts/test-services';
import { crashLines, launcherBuilt, ROOT, runPolling, startPolling, tempDir, type RunningAgent, type TempDir } from './polling-helpers.js';
import { GnocchiReader, seedHostOverrides, writeSeedDeployment, type GnocchiResource } from './seed-deployment-helpers.js';

const NOTIFICATION = join(ROOT, 'bin/ceilometer-agent-notification');
const UPGRADE = join(ROOT, 'bin/ceilometer-upgrade');
const ready =
  launcherBuilt() &&
  existsSync(UPGRADE) &&
  existsSync(join(ROOT, 'plugins/publisher-gnocchi/dist/index.js')) &&
  existsSync(join(ROOT, 'plugins/pollsters-compute/dist/index.js')) &&
  existsSync('/usr/bin/virsh') &&
  gnocchiUnavailable() === undefined &&
  existsSync('/usr/bin/snmpbulkwalk');

const SEED_PASSWORD = 'secret@123';
const DOMAINS = 3;

/** Keystone admin calls the test needs (the seed's password for the `ceilometer` user). */
async function keystoneAdmin(keystone: KeystoneService, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const { token } = await keystone.token();
  const res = await fetch(`${keystone.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-auth-token': token },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`keystone ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

async function setCeilometerPassword(keystone: KeystoneService, password: string): Promise<void> {
  const { users } = (await keystoneAdmin(keystone, 'GET', '/users?name=ceilometer')) as { users: { id: string }[] };
  await keystoneAdmin(keystone, 'PATCH', `/users/${users[0]!.id}`, { user: { password } });
}

/** The test driver's domains, under the libvirt names Nova gave the seeded instances. */
function nodeXml(domains: readonly LibvirtTestDomain[], novaNames: readonly string[]): string {
  let xml = libvirtTestNodeXml({ domains: DOMAINS, seed: 11 });
  domains.forEach((d, i) => {
    xml = xml.replace(`<name>${d.name}</name>`, `<name>${novaNames[i]!}</name>`);
  });
  return xml;
}

const byOriginalId = (resources: readonly GnocchiResource[]) => new Map(resources.map((r) => [r.original_resource_id, r]));

describe.skipIf(!ready)('the seed deployment end to end (SNMP + compute test driver -> RabbitMQ -> notification agent -> Gnocchi)', () => {
  let tmp: TempDir;
  let keystone: KeystoneService;
  let nova: NovaApiService;
  let rabbit: RabbitMQService;
  let snmpd: SnmpdService;
  let gnocchi: GnocchiService;
  let reader: GnocchiReader;
  let confs: string[];
  let polling: RunningAgent | undefined;
  let notification: RunningAgent | undefined;
  let hostInterfaces: string[];
  const host = hostname();
  const domains = libvirtTestDomains({ domains: DOMAINS, seed: 11 });

  beforeAll(async () => {
    tmp = tempDir('ceilo-seed-e2e-');
    // the seed's host meters come from this machine's snmpd with the names its monitor file keeps
    const plain = await startSnmpd();
    const overrides = await seedHostOverrides(plain.port, plain.cliEnv);
    await plain.stop();
    hostInterfaces = overrides.interfaces;
    [rabbit, snmpd, keystone] = await Promise.all([
      startRabbitMQ({ user: { name: 'openstack', password: SEED_PASSWORD } }),
      startSnmpd({ extraConfigFile: tmp.write('snmpd-overrides.conf', overrides.config) }),
      startKeystone({ private: true }),
    ]);
    await setCeilometerPassword(keystone, SEED_PASSWORD);
    [nova, gnocchi] = await Promise.all([startNovaApi({ keystone }), startGnocchi({ keystone })]);
    // keystone mode: the start script points the catalog's metric endpoints at this Gnocchi
    reader = new GnocchiReader(gnocchi.url, () => gnocchi.adminHeaders());

    const seeded = await nova.seed(
      domains.map((d) => ({
        id: d.uuid,
        name: d.displayName,
        host,
        project_id: d.projectId,
        user_id: d.userId,
        flavor: { name: d.flavor.name, vcpus: d.flavor.vcpus, ram: d.flavor.ram, disk: d.flavor.disk, ephemeral: d.flavor.ephemeral, swap: d.flavor.swap },
        image: d.imageId ?? null,
      })),
    );
    const node = tmp.write('node.xml', nodeXml(domains, seeded.map((s) => s.instance_name)));

    const files = writeSeedDeployment(tmp.dir, { rabbit: rabbit.port, keystone: Number(new URL(keystone.url).port), snmp: { 16100: snmpd.port } });
    const overridesConf = tmp.write('test-overrides.conf', [
      '[DEFAULT]', `libvirt_uri = test://${node}`,
      '[hardware]', `monitor_file = ${files['monitor_hardware.yaml']}`,
      '[notification]', `state_dir = ${join(tmp.dir, 'state')}`, '',
    ].join('\n'));
    confs = ['--config-file', files['ceilometer.conf'], '--config-file', overridesConf];

    // what an operator runs once: resource types and archive policies from gnocchi_resources.yaml
    const upgrade = await runPolling(confs, { launcher: UPGRADE, timeoutMs: 120_000 });
    expect(upgrade.code, upgrade.stderr.slice(-3000)).toBe(0);

    notification = startPolling(confs, { launcher: NOTIFICATION, timeoutMs: 600_000 });
    polling = startPolling([...confs, '--polling-namespaces', 'compute', 'central'], { timeoutMs: 600_000 });
  }, 400_000);

  afterAll(async () => {
    const results = await Promise.all([polling?.stop(), notification?.stop()]);
    for (const r of results) if (r) expect(crashLines(r.stderr)).toEqual([]);
    await Promise.all([nova?.stop(), gnocchi?.stop(), snmpd?.stop(), rabbit?.stop()]);
    await keystone?.stop();
    tmp?.cleanup();
  }, 120_000);

  /** Polls `check` until it returns without throwing (Gnocchi fills as the agents run). */
  async function eventually<T>(check: () => Promise<T>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        // an agent that exited (a refused configuration) will not fill Gnocchi: say so at once
        const exited = [polling, notification].some((a) => a?.child.exitCode !== null || a?.child.signalCode !== null);
        if (Date.now() > deadline || exited) {
          const tail = (a?: RunningAgent) => a?.stderr().slice(-2500) ?? '';
          throw new Error(`${String(error)}\n--- polling:\n${tail(polling)}\n--- notification:\n${tail(notification)}`, { cause: error });
        }
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  /** Every metric of `resource` is under horizon-mimic; those named in `withMeasures` hold measures. */
  async function expectMetrics(resource: GnocchiResource, withMeasures: readonly string[]): Promise<void> {
    for (const [name, id] of Object.entries(resource.metrics)) {
      expect((await reader.metric(id)).archive_policy.name, `${resource.type} ${resource.original_resource_id} ${name}`).toBe('horizon-mimic');
    }
    for (const name of withMeasures) {
      const id = resource.metrics[name];
      expect(id, `${resource.type} ${resource.original_resource_id} has no metric ${name}: ${Object.keys(resource.metrics).join(', ')}`).toBeDefined();
      expect((await reader.measures(id!)).length, `${resource.type} ${resource.original_resource_id} ${name}`).toBeGreaterThan(0);
    }
  }

  it('instances: one resource per domain with the seed attributes from Nova, cpu (and memory, with a balloon) measured', async () => {
    await eventually(async () => {
      const instances = byOriginalId(await reader.resources('instance'));
      for (const d of domains) {
        const r = instances.get(d.uuid);
        expect(r, `instance ${d.uuid}`).toBeDefined();
        expect(r).toMatchObject({ id: d.uuid, display_name: d.displayName, host, flavor_name: d.flavor.name, project_id: d.projectId, user_id: d.userId });
        expect(r!['flavor_id']).toBeTruthy();
        if (d.imageId) expect(r!['image_ref']).toBe(d.imageId);
        // the test driver reports memory through the balloon only
        await expectMetrics(r!, d.memballoon === 'virtio' ? ['cpu', 'memory'] : ['cpu']);
      }
    }, 180_000);
  }, 200_000);

  it('instance disks and vNICs: one resource each, named, tied to their instance, measured', async () => {
    await eventually(async () => {
      const disks = await reader.resources('instance_disk');
      const nics = await reader.resources('instance_network_interface');
      for (const d of domains) {
        // disks with a source: the test driver answers domblkinfo for those only
        for (const disk of d.disks.filter((x) => x.device === 'disk')) {
          const r = disks.find((x) => x['instance_id'] === d.uuid && x['name'] === disk.target);
          expect(r, `disk ${disk.target} of ${d.uuid}: ${disks.map((x) => `${String(x['instance_id'])}/${String(x['name'])}`).join(' ')}`).toBeDefined();
          await expectMetrics(r!, ['disk.device.capacity']);
        }
        for (const nic of d.nics) {
          // upstream names a vNIC with a Nova filter by its filterref, else by its tap device
          const name = nic.filterref ?? nic.target;
          const r = nics.find((x) => x['instance_id'] === d.uuid && x['name'] === name);
          expect(r, `vNIC ${name} of ${d.uuid}: ${nics.map((x) => `${String(x['instance_id'])}/${String(x['name'])}`).join(' ')}`).toBeDefined();
          await expectMetrics(r!, ['network.incoming.bytes', 'network.outgoing.packets']);
        }
      }
    }, 180_000);
  }, 200_000);

  it('the SNMP host, its disk and its interfaces, with the seed attributes; custom.hardware rates from the second cycle', async () => {
    const url = `snmp://127.0.0.1:${snmpd.port}`;
    await eventually(async () => {
      const hosts = byOriginalId(await reader.resources('host'));
      const h = hosts.get('127.0.0.1');
      expect(h, `host 127.0.0.1 among ${[...hosts.keys()].join(' ')}`).toBeDefined();
      expect(h!['host_name']).toBe(url);
      await expectMetrics(h!, ['custom.hardware.memory.total', 'custom.hardware.swap.total', 'custom.hardware.cpu.util.percentage']);

      const ifs = await reader.resources('host_network_interface');
      // the monitor file keeps ens192, ens224 and ens256 only
      expect(ifs.map((r) => r['device_name']).sort()).toEqual([...hostInterfaces].sort());
      for (const r of ifs) {
        expect(r).toMatchObject({ host_name: url, original_resource_id: `127.0.0.1.${String(r['device_name'])}` });
        await expectMetrics(r, ['hardware.network.incoming.bytes', 'hardware.network.outgoing.packets']);
      }

      const disks = await reader.resources('host_disk');
      expect(disks.length, disks.map((r) => r.original_resource_id).join(' ')).toBeGreaterThan(0);
      for (const r of disks) {
        expect(r['host_name']).toBe(url);
        expect(String(r['device_name'])).toMatch(/^(\/dev\/)?sda$/);
      }
      const measured = disks.flatMap((r) => Object.keys(r.metrics));
      expect(measured).toEqual(expect.arrayContaining(['custom.hardware.disk.size.total', 'custom.hardware.disk.read.bytes']));
    }, 200_000);
  }, 220_000);

  it('metric units as the meters declare them', async () => {
    const instance = (await reader.resources('instance')).find((r) => r.id === domains.find((d) => d.memballoon === 'virtio')!.uuid)!;
    // master's unit, a documented difference from 19.0's MB (plugins/pollsters-compute/README.md)
    expect((await reader.metric(instance.metrics['memory']!)).unit).toBe('MiB');
    expect((await reader.metric(instance.metrics['cpu']!)).unit).toBe('ns');
    const nic = (await reader.resources('host_network_interface'))[0]!;
    expect((await reader.metric(nic.metrics['hardware.network.incoming.bytes']!)).unit).toBe('B');
  });
});
