/**
 * A Nova `servers/detail` record as a ComputeInstance (upstream's `nova_client` server with
 * `_with_flavor` and `_with_image`): flavor embedded (microversion 2.47 and later) or looked up by
 * id, image `""` (volume-booted) as null, kernel and ramdisk ids unknown without Glance.
 */
import type { ComputeInstance, InstanceFlavor, MetadataValue } from '@ceilometer-ts/sdk';
import type { NovaRecord } from './nova-port.js';

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0) || 0);

/** Flavor as upstream's instance.flavor: the embedded one, or the looked-up `details`, or `unknown-id-<id>` with zeros. */
export function novaFlavor(raw: unknown, details: NovaRecord | null | undefined): InstanceFlavor | null {
  if (!raw || typeof raw !== 'object') return null;
  const flavor = raw as NovaRecord;
  const id = str(flavor.id) ?? undefined;
  const source = 'original_name' in flavor || 'vcpus' in flavor ? flavor : details;
  const name = str(source?.original_name) ?? str(source?.name) ?? `unknown-id-${id ?? ''}`;
  const out: Record<string, MetadataValue> = {
    ...(id !== undefined ? { id } : {}),
    name,
    vcpus: num(source?.vcpus),
    ram: num(source?.ram),
    disk: num(source?.disk),
    ephemeral: num(source?.ephemeral ?? source?.['OS-FLV-EXT-DATA:ephemeral']),
  };
  if (source && 'swap' in source) out.swap = source.swap === '' ? 0 : num(source.swap);
  if (source?.extra_specs && typeof source.extra_specs === 'object') out.extra_specs = source.extra_specs as Record<string, string>;
  return out as unknown as InstanceFlavor;
}

/** The flavor id a record needs looked up (no embedded flavor), if any. */
export function flavorIdToLookUp(record: NovaRecord): string | null {
  const flavor = record.flavor;
  if (!flavor || typeof flavor !== 'object') return null;
  const f = flavor as NovaRecord;
  return 'original_name' in f || 'vcpus' in f ? null : str(f.id);
}

/** Maps the record; `flavorDetails` is the looked-up flavor for records without an embedded one. */
export function novaServerInstance(record: NovaRecord, flavorDetails?: NovaRecord | null): ComputeInstance {
  const image = record.image && typeof record.image === 'object' ? (record.image as Record<string, MetadataValue>) : null;
  const metadata = record.metadata && typeof record.metadata === 'object' ? (record.metadata as Record<string, string>) : {};
  const properties: Record<string, MetadataValue> = { kernel_id: null, ramdisk_id: null };
  // Upstream copies the server attributes of these names when present (`getattr`), nothing renamed.
  for (const key of ['OS-EXT-AZ:availability_zone', 'reservation_id', 'architecture', 'os_type'] as const) {
    if (key in record) properties[key] = record[key] as MetadataValue;
  }
  return {
    id: String(record.id),
    name: str(record.name) ?? '',
    instanceName: str(record['OS-EXT-SRV-ATTR:instance_name']) ?? '',
    host: str(record['OS-EXT-SRV-ATTR:host']) ?? '',
    hostId: str(record.hostId) ?? '',
    tenantId: str(record.tenant_id),
    userId: str(record.user_id),
    status: str(record.status) ?? '',
    // An attribute Nova did not send reads as '' (upstream's getattr default); a null stays null.
    vmState: 'OS-EXT-STS:vm_state' in record ? str(record['OS-EXT-STS:vm_state']) : '',
    taskState: 'OS-EXT-STS:task_state' in record ? str(record['OS-EXT-STS:task_state']) : '',
    flavor: novaFlavor(record.flavor, flavorDetails),
    image,
    metadata,
    properties,
  };
}
