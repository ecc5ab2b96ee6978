import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { libvirtTestDriverUri } from './libvirt.js';

/**
 * Node XML for libvirt's test driver (`test:///abs/path/node.xml`): N Nova-like domains that the
 * compute discovery, inspector and pollsters read with no daemon (services.md §7). Deterministic
 * for a given `seed`, so ours and upstream Python Ceilometer see the same domains.
 *
 * What varies, by domain index i (0-based), so that even 3 domains cover every case:
 * - metadata: Nova nova/1.1; nova/1.0 when i % 8 === 2; none on the last domain (when domains >= 2);
 *   Nova 2025.2 extras (flavor `id`, `extraSpecs`, `image` element) when i % 5 === 4
 * - state: paused when i % 10 === 3, shut off when i % 10 === 6, running otherwise
 * - disks: 1 + i % 3: root `vda` (block device = boot from volume when i % 4 === 1, else a qcow2
 *   file), ephemeral file `vdb`, then a cdrom `sda` with no source (i % 6 === 2) or the config
 *   drive file
 * - NICs: 2 when i is odd, else 1; OVS virtualport, tap target dev and mac on every one, a Nova
 *   `filterref` with parameters when i % 3 === 0
 * - balloon: none when i % 10 === 1 (element absent when i % 20 === 1, `model='none'` when 11);
 *   currentMemory 3/4 of memory when i % 4 === 3
 */

/** A flavor as Nova's metadata and the flavors API describe it. */
export interface LibvirtTestFlavor {
  readonly id: string;
  readonly name: string;
  /** MB */
  readonly ram: number;
  /** GB */
  readonly disk: number;
  readonly vcpus: number;
  /** GB */
  readonly ephemeral: number;
  /** MB */
  readonly swap: number;
  readonly extraSpecs: Readonly<Record<string, string>>;
}

/** The flavors the generated domains use; a Nova stub serves these for upstream's flavor lookup. */
export const LIBVIRT_TEST_FLAVORS: readonly LibvirtTestFlavor[] = [
  { id: '1', name: 'm1.tiny', ram: 512, disk: 1, vcpus: 1, ephemeral: 0, swap: 0, extraSpecs: {} },
  { id: '2', name: 'm1.small', ram: 2048, disk: 20, vcpus: 1, ephemeral: 0, swap: 0, extraSpecs: { 'hw:cpu_policy': 'shared' } },
  { id: '3', name: 'm1.medium', ram: 4096, disk: 40, vcpus: 2, ephemeral: 0, swap: 0, extraSpecs: {} },
  { id: '4', name: 'm1.large', ram: 8192, disk: 80, vcpus: 4, ephemeral: 10, swap: 0, extraSpecs: { 'hw:mem_page_size': 'large', 'quota:disk_read_iops_sec': '500' } },
  { id: 'c1-swap', name: 'c1.swap', ram: 1024, disk: 10, vcpus: 1, ephemeral: 5, swap: 512, extraSpecs: {} },
];

export type LibvirtTestDomainState = 'running' | 'paused' | 'shutoff';
export type LibvirtTestMetadata = 'nova/1.1' | 'nova/1.0' | 'none';

export interface LibvirtTestDisk {
  /** Target dev (`vda`, `vdb`, `sda`). */
  readonly target: string;
  readonly type: 'file' | 'block';
  readonly device: 'disk' | 'cdrom';
  /** File path or block device; undefined for a cdrom without a source. */
  readonly source?: string;
}

export interface LibvirtTestNic {
  readonly mac: string;
  /** Tap device name (`tap` + the first 11 characters of the port id). */
  readonly target: string;
  /** Neutron port id (OVS `interfaceid`). */
  readonly portId: string;
  readonly ip: string;
  /** Name of the nwfilter reference, when the NIC has one. */
  readonly filterref?: string;
}

/** One generated domain, as written to the XML. */
export interface LibvirtTestDomain {
  /** libvirt name, `instance-0000000a`. */
  readonly name: string;
  readonly uuid: string;
  readonly state: LibvirtTestDomainState;
  readonly metadata: LibvirtTestMetadata;
  /** Nova 2025.2 metadata extras: flavor id attribute, extraSpecs, image element. */
  readonly novaExtras: boolean;
  /** Nova display name. */
  readonly displayName: string;
  readonly flavor: LibvirtTestFlavor;
  readonly userId: string;
  readonly projectId: string;
  /** Image id; undefined when booted from a volume. */
  readonly imageId?: string;
  readonly memoryKiB: number;
  readonly currentMemoryKiB: number;
  readonly vcpus: number;
  readonly arch: string;
  readonly disks: readonly LibvirtTestDisk[];
  readonly nics: readonly LibvirtTestNic[];
  /** `absent`: no `<memballoon>` element; `none`: `model='none'`. */
  readonly memballoon: 'virtio' | 'absent' | 'none';
}

export interface LibvirtTestNodeOptions {
  /** Number of domains. */
  readonly domains: number;
  /** PRNG seed for ids, names and flavors (default 1). */
  readonly seed?: number;
  /** Nova package version in the metadata (default 27.1.0). */
  readonly novaVersion?: string;
}

/** A generated node: its domains and the XML. */
export interface LibvirtTestNode {
  readonly domains: readonly LibvirtTestDomain[];
  readonly xml: string;
}

const USERS = [
  { id: 'a1f0c0de00000000000000000000a001', name: 'alice' },
  { id: 'a1f0c0de00000000000000000000a002', name: 'bob' },
  { id: 'a1f0c0de00000000000000000000a003', name: 'carol' },
];
const PROJECTS = [
  { id: 'b2e0c0de00000000000000000000b001', name: 'demo' },
  { id: 'b2e0c0de00000000000000000000b002', name: 'prod' },
];
const ROLES = ['web', 'db', 'batch', 'cache', 'api'];

/** mulberry32: small, seedable, good enough to vary test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(rand: () => number, length: number): string {
  let s = '';
  while (s.length < length) s += Math.floor(rand() * 0x10000).toString(16).padStart(4, '0');
  return s.slice(0, length);
}

function uuid4(rand: () => number): string {
  const h = hex(rand, 32);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function stateOf(i: number): LibvirtTestDomainState {
  if (i % 10 === 3) return 'paused';
  if (i % 10 === 6) return 'shutoff';
  return 'running';
}

function disksOf(i: number, uuid: string, rand: () => number): LibvirtTestDisk[] {
  const dir = `/var/lib/nova/instances/${uuid}`;
  const disks: LibvirtTestDisk[] = [
    i % 4 === 1
      ? { target: 'vda', type: 'block', device: 'disk', source: `/dev/disk/by-path/ip-192.0.2.100:3260-iscsi-iqn.2010-10.org.openstack:volume-${uuid4(rand)}-lun-1` }
      : { target: 'vda', type: 'file', device: 'disk', source: `${dir}/disk` },
  ];
  const count = 1 + (i % 3);
  if (count >= 2) disks.push({ target: 'vdb', type: 'file', device: 'disk', source: `${dir}/disk.eph0` });
  if (count >= 3) {
    disks.push(i % 6 === 2 ? { target: 'sda', type: 'file', device: 'cdrom' } : { target: 'sda', type: 'file', device: 'cdrom', source: `${dir}/disk.config` });
  }
  return disks;
}

function nicsOf(i: number, name: string, rand: () => number): LibvirtTestNic[] {
  const count = i % 2 === 1 ? 2 : 1;
  const nics: LibvirtTestNic[] = [];
  for (let n = 0; n < count; n++) {
    const portId = uuid4(rand);
    const mac = `fa:16:3e:${hex(rand, 6).replace(/(..)(..)(..)/, '$1:$2:$3')}`;
    const ip = `10.${(i >> 8) & 0xff}.${i & 0xff}.${10 + n}`;
    const nic: LibvirtTestNic = { mac, target: `tap${portId.slice(0, 11)}`, portId, ip };
    nics.push(i % 3 === 0 ? { ...nic, filterref: `nova-instance-${name}-${mac.replace(/:/g, '')}` } : nic);
  }
  return nics;
}

/** The domains of a test node, without the XML. */
export function libvirtTestDomains(options: LibvirtTestNodeOptions): LibvirtTestDomain[] {
  const rand = prng(options.seed ?? 1);
  const domains: LibvirtTestDomain[] = [];
  for (let i = 0; i < options.domains; i++) {
    const uuid = uuid4(rand);
    const name = `instance-${(i + 1).toString(16).padStart(8, '0')}`;
    const flavor = LIBVIRT_TEST_FLAVORS[Math.floor(rand() * LIBVIRT_TEST_FLAVORS.length)]!;
    const memoryKiB = flavor.ram * 1024;
    const last = i === options.domains - 1 && options.domains >= 2;
    const imageId = i % 4 === 1 ? undefined : uuid4(rand);
    domains.push({
      name,
      uuid,
      state: stateOf(i),
      metadata: last ? 'none' : i % 8 === 2 ? 'nova/1.0' : 'nova/1.1',
      novaExtras: !last && i % 8 !== 2 && i % 5 === 4,
      displayName: `${ROLES[i % ROLES.length]!}-${i + 1}`,
      flavor,
      userId: USERS[i % USERS.length]!.id,
      projectId: PROJECTS[i % PROJECTS.length]!.id,
      ...(imageId === undefined ? {} : { imageId }),
      memoryKiB,
      currentMemoryKiB: i % 4 === 3 ? (memoryKiB * 3) / 4 : memoryKiB,
      vcpus: flavor.vcpus,
      arch: 'x86_64',
      disks: disksOf(i, uuid, rand),
      nics: nicsOf(i, name, rand),
      memballoon: i % 20 === 1 ? 'absent' : i % 20 === 11 ? 'none' : 'virtio',
    });
  }
  return domains;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

function flavorXml(d: LibvirtTestDomain): string {
  const f = d.flavor;
  const idAttr = d.novaExtras ? ` id="${esc(f.id)}"` : '';
  const specs = d.novaExtras
    ? `<nova:extraSpecs>${Object.entries(f.extraSpecs)
        .map(([k, v]) => `<nova:extraSpec name="${esc(k)}">${esc(v)}</nova:extraSpec>`)
        .join('')}</nova:extraSpecs>`
    : '';
  return (
    `<nova:flavor name="${esc(f.name)}"${idAttr}><nova:memory>${f.ram}</nova:memory><nova:disk>${f.disk}</nova:disk>` +
    `<nova:swap>${f.swap}</nova:swap><nova:ephemeral>${f.ephemeral}</nova:ephemeral><nova:vcpus>${f.vcpus}</nova:vcpus>${specs}</nova:flavor>`
  );
}

function metadataXml(d: LibvirtTestDomain, novaVersion: string): string {
  if (d.metadata === 'none') return '';
  const user = USERS.find((u) => u.id === d.userId)!;
  const project = PROJECTS.find((p) => p.id === d.projectId)!;
  const lines = [
    `<nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/${d.metadata}">`,
    `  <nova:package version="${esc(novaVersion)}"/>`,
    `  <nova:name>${esc(d.displayName)}</nova:name>`,
    `  <nova:creationTime>2024-05-01 10:00:00</nova:creationTime>`,
    `  ${flavorXml(d)}`,
    `  <nova:owner><nova:user uuid="${user.id}">${user.name}</nova:user><nova:project uuid="${project.id}">${project.name}</nova:project></nova:owner>`,
  ];
  if (d.imageId !== undefined) lines.push(`  <nova:root type="image" uuid="${d.imageId}"/>`);
  if (d.novaExtras && d.imageId !== undefined) {
    lines.push(
      `  <nova:image uuid="${d.imageId}"><nova:containerFormat>bare</nova:containerFormat><nova:diskFormat>qcow2</nova:diskFormat>` +
        `<nova:minDisk>1</nova:minDisk><nova:minRam>0</nova:minRam><nova:properties><nova:property name="hw_rng_model">virtio</nova:property></nova:properties></nova:image>`,
    );
  }
  // nova/1.0 predates the ports element
  if (d.metadata === 'nova/1.1') {
    const ports = d.nics.map((n) => `<nova:port uuid="${n.portId}"><nova:ip type="fixed" address="${n.ip}" ipVersion="4"/></nova:port>`);
    lines.push(`  <nova:ports>${ports.join('')}</nova:ports>`);
  }
  lines.push('</nova:instance>');
  return `    <metadata>\n${lines.map((l) => `      ${l}`).join('\n')}\n    </metadata>\n`;
}

function diskXml(disk: LibvirtTestDisk): string {
  const driverType = disk.device === 'cdrom' || disk.type === 'block' ? 'raw' : 'qcow2';
  const source = disk.source === undefined ? '' : disk.type === 'block' ? `<source dev='${esc(disk.source)}'/>` : `<source file='${esc(disk.source)}'/>`;
  const bus = disk.device === 'cdrom' ? 'sata' : 'virtio';
  const readonly = disk.device === 'cdrom' ? '<readonly/>' : '';
  return `<disk type='${disk.type}' device='${disk.device}'><driver name='qemu' type='${driverType}'/>${source}<target dev='${disk.target}' bus='${bus}'/>${readonly}</disk>`;
}

function nicXml(nic: LibvirtTestNic): string {
  const filter = nic.filterref === undefined ? '' : `<filterref filter='${esc(nic.filterref)}'><parameter name='IP' value='${nic.ip}'/><parameter name='DHCPSERVER' value='10.0.0.1'/></filterref>`;
  return (
    `<interface type='bridge'><mac address='${nic.mac}'/><source bridge='br-int'/>` +
    `<virtualport type='openvswitch'><parameters interfaceid='${nic.portId}'/></virtualport>` +
    `<target dev='${nic.target}'/><model type='virtio'/>${filter}</interface>`
  );
}

const RUNSTATE: Record<LibvirtTestDomainState, number> = { running: 1, paused: 3, shutoff: 5 };

function domainXml(d: LibvirtTestDomain, novaVersion: string): string {
  const devices = [...d.disks.map(diskXml), ...d.nics.map(nicXml)];
  if (d.memballoon === 'virtio') devices.push(`<memballoon model='virtio'><stats period='10'/></memballoon>`);
  if (d.memballoon === 'none') devices.push(`<memballoon model='none'/>`);
  return (
    `  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n` +
    `    <name>${d.name}</name>\n    <uuid>${d.uuid}</uuid>\n` +
    metadataXml(d, novaVersion) +
    `    <memory unit='KiB'>${d.memoryKiB}</memory>\n    <currentMemory unit='KiB'>${d.currentMemoryKiB}</currentMemory>\n` +
    `    <vcpu placement='static'>${d.vcpus}</vcpu>\n` +
    `    <os><type arch='${d.arch}'>hvm</type><boot dev='hd'/></os>\n` +
    `    <devices>\n${devices.map((x) => `      ${x}`).join('\n')}\n    </devices>\n` +
    // the test driver's own namespace sets the initial state (1 running, 3 paused, 5 shut off)
    `    <test:runstate>${RUNSTATE[d.state]}</test:runstate>\n` +
    `  </domain>\n`
  );
}

/** Generates a test-driver node (domains and XML). */
export function libvirtTestNode(options: LibvirtTestNodeOptions): LibvirtTestNode {
  const domains = libvirtTestDomains(options);
  const novaVersion = options.novaVersion ?? '27.1.0';
  const xml =
    `<node>\n` +
    `  <cpu><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads><active>2</active><mhz>2400</mhz><model>x86_64</model></cpu>\n` +
    `  <memory>${Math.max(16777216, domains.reduce((sum, d) => sum + d.memoryKiB, 0))}</memory>\n` +
    domains.map((d) => domainXml(d, novaVersion)).join('') +
    `</node>\n`;
  return { domains, xml };
}

/** Node XML for libvirt's test driver with `options.domains` Nova-like domains. */
export function libvirtTestNodeXml(options: LibvirtTestNodeOptions): string {
  return libvirtTestNode(options).xml;
}

/**
 * Writes `dir/node.xml` (or `dir/<fileName>`) and returns the test driver URI for it,
 * `test:///abs/path/node.xml` (the driver wants an absolute path).
 */
export async function writeLibvirtTestNode(dir: string, options: LibvirtTestNodeOptions, fileName = 'node.xml'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileName);
  await writeFile(path, libvirtTestNodeXml(options));
  return libvirtTestDriverUri(path);
}
