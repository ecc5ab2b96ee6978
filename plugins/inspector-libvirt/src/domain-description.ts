/**
 * What the inspector needs from a domain's XML (`dumpxml`): identity, os type and architecture,
 * maximum memory and vCPUs, the vNICs and disks upstream's LibvirtInspector reads, and Nova's
 * `<nova:instance>` metadata element (namespace nova/1.1, then 1.0).
 */
import type { MetadataValue, NovaDomainMetadata } from '@ceilometer-ts/sdk';
import { child, children, parseXml, path, type XmlElement } from './xml-tree.js';

/** Nova's metadata namespaces, newest first (upstream's NOVA_METADATA_VERSIONS). */
export const NOVA_NAMESPACES = [
  ['1.1', 'http://openstack.org/xmlns/libvirt/nova/1.1'],
  ['1.0', 'http://openstack.org/xmlns/libvirt/nova/1.0'],
] as const;

/** A vNIC as upstream's `inspect_vnics` reads it from `devices/interface`. */
export interface VnicDescription {
  readonly name: string;
  readonly mac: string;
  readonly fref: string | null;
  /** Filter parameters (lower-cased names), then `interfaceid` and `bridge`. */
  readonly parameters: Readonly<Record<string, string | null>>;
}

export interface DomainDescription {
  readonly uuid: string;
  readonly name: string;
  readonly osType: string | null;
  readonly arch: string | null;
  readonly maxMemoryKiB: number | null;
  /** `<vcpu>` (current attribute when set): `virDomainGetInfo`'s nrVirtCpu. */
  readonly vcpus: number | null;
  readonly vnics: readonly VnicDescription[];
  /** Target devices of disks that have a `<source>` (upstream's `_get_disk_devices`). */
  readonly disks: readonly string[];
  readonly nova: NovaDomainMetadata | null;
}

const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1, bytes: 1, kb: 1e3, k: 1024, kib: 1024, mb: 1e6, m: 1024 ** 2, mib: 1024 ** 2, gb: 1e9, g: 1024 ** 3, gib: 1024 ** 3, tb: 1e12, t: 1024 ** 4, tib: 1024 ** 4,
};

function kib(element: XmlElement | undefined): number | null {
  const text = element?.text?.trim();
  if (!text || !/^\d+$/.test(text)) return null;
  const unit = UNIT_BYTES[(element!.attrs['unit'] ?? 'KiB').toLowerCase()] ?? 1024;
  return (Number(text) * unit) / 1024;
}

function int(text: string | null | undefined): number | null {
  const t = text?.trim();
  return t && /^-?\d+$/.test(t) ? Number(t) : null;
}

function vnic(iface: XmlElement): VnicDescription | undefined {
  const name = child(iface, 'target')?.attrs['dev'];
  const mac = child(iface, 'mac')?.attrs['address'];
  // Upstream skips an interface without target or mac; a target without dev yields name None.
  if (!child(iface, 'target') || mac === undefined) return undefined;
  const filterref = child(iface, 'filterref');
  const parameters: Record<string, string | null> = {};
  for (const p of children(filterref, 'parameter')) parameters[(p.attrs['name'] ?? '').toLowerCase()] = p.attrs['value'] ?? null;
  parameters['interfaceid'] = path(iface, 'virtualport/parameters')?.attrs['interfaceid'] ?? null;
  parameters['bridge'] = child(iface, 'source')?.attrs['bridge'] ?? null;
  return { name: name ?? '', mac, fref: filterref ? (filterref.attrs['filter'] ?? null) : null, parameters };
}

/** Parses `dumpxml` output. */
export function describeDomain(xml: string): DomainDescription {
  const root = parseXml(xml);
  const devices = child(root, 'devices');
  const osType = path(root, 'os/type');
  const vcpu = child(root, 'vcpu');
  const disks: string[] = [];
  for (const disk of children(devices, 'disk')) {
    const dev = child(disk, 'target')?.attrs['dev'];
    if (dev && child(disk, 'source')) disks.push(dev);
  }
  return {
    uuid: (child(root, 'uuid')?.text ?? '').trim().toLowerCase(),
    name: (child(root, 'name')?.text ?? '').trim(),
    osType: osType?.text?.trim() ?? null,
    arch: osType?.attrs['arch'] ?? null,
    maxMemoryKiB: kib(child(root, 'memory')),
    vcpus: int(vcpu?.attrs['current']) ?? int(vcpu?.text),
    vnics: children(devices, 'interface').flatMap((i) => vnic(i) ?? []),
    disks,
    nova: novaMetadata(child(root, 'metadata')),
  };
}

function text(element: XmlElement | undefined): string | null {
  return element?.text ?? null;
}

/** upstream's `_safe_find_int`: the element's integer, 0 when absent. */
function safeInt(element: XmlElement | undefined): number {
  return int(element?.text) ?? 0;
}

/** Nova's `<instance>` element inside `<metadata>`, null when the domain has none. */
export function novaMetadata(metadata: XmlElement | undefined): NovaDomainMetadata | null {
  for (const [version, uri] of NOVA_NAMESPACES) {
    const instance = child(metadata, 'instance', uri);
    if (!instance) continue;
    const owner = child(instance, 'owner');
    const user = child(owner, 'user');
    const project = child(owner, 'project');
    const flavor = child(instance, 'flavor');
    const root = children(instance, 'root').find((r) => r.attrs['type'] === 'image');
    const specs = child(flavor, 'extraSpecs');
    return {
      namespaceVersion: version,
      name: text(child(instance, 'name')),
      userId: user?.attrs['uuid'] ?? null,
      userName: text(user),
      projectId: project?.attrs['uuid'] ?? null,
      projectName: text(project),
      flavor: flavor
        ? {
            name: flavor.attrs['name'] ?? '',
            id: flavor.attrs['id'] || null,
            vcpus: safeInt(child(flavor, 'vcpus')),
            memory: safeInt(child(flavor, 'memory')),
            disk: safeInt(child(flavor, 'disk')),
            ephemeral: safeInt(child(flavor, 'ephemeral')),
            swap: safeInt(child(flavor, 'swap')),
            extraSpecs: specs ? Object.fromEntries(children(specs, 'extraSpec').map((s) => [s.attrs['name'] ?? '', s.text])) : null,
          }
        : null,
      rootImageId: root?.attrs['uuid'] ?? null,
      imageMeta: imageMeta(child(instance, 'image')),
    };
  }
  return null;
}

/** Upstream's image_meta from `<image>`: base_image_ref, the inheritable keys, then properties. */
function imageMeta(image: XmlElement | undefined): Readonly<Record<string, MetadataValue>> | null {
  if (!image) return null;
  const meta: Record<string, MetadataValue> = {};
  if (image.attrs['uuid'] !== undefined) meta['base_image_ref'] = image.attrs['uuid'];
  const fields = [
    ['containerFormat', 'container_format'],
    ['diskFormat', 'disk_format'],
    ['minDisk', 'min_disk'],
    ['minRam', 'min_ram'],
  ] as const;
  for (const [element, key] of fields) {
    const found = child(image, element);
    if (found) meta[key] = found.text;
  }
  for (const prop of children(child(image, 'properties'), 'property')) meta[prop.attrs['name'] ?? ''] = prop.text;
  return meta;
}
