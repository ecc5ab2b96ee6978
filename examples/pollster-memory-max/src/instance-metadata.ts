/**
 * The `resource_metadata` of upstream's compute samples (ceilometer/compute/pollsters/util.py
 * `_get_metadata_from_object`), built from what the sdk's `ComputeInstance` holds, with the server's
 * reserved user metadata (`[DEFAULT] reserved_metadata_*`) added by the sdk's helper as upstream's
 * `add_reserved_user_metadata` does.
 */
import { addReservedUserMetadata, type ComputeInstance, type MetadataValue, type ReservedMetadataOptions } from '@ceilometer-ts/sdk';

/** Upstream's INSTANCE_PROPERTIES: copied when the instance has them. */
const INSTANCE_PROPERTIES = ['reservation_id', 'architecture', 'OS-EXT-AZ:availability_zone', 'kernel_id', 'os_type', 'ramdisk_id'] as const;

/** `resource_metadata` for a sample of `instance`, with upstream's keys and values. */
export function instanceMetadata(instance: ComputeInstance, reserved: ReservedMetadataOptions): Record<string, MetadataValue> {
  const { flavor, image } = instance;
  const metadata: Record<string, MetadataValue> = {
    display_name: instance.name,
    name: instance.instanceName,
    instance_id: instance.id,
    instance_type: flavor?.name ?? null,
    host: instance.hostId,
    instance_host: instance.host,
    flavor: flavor ? withoutUndefined(flavor) : null,
    status: instance.status.toLowerCase(),
    state: instance.vmState ?? '',
    task_state: instance.taskState ?? '',
    image: image ?? null,
    image_ref: image ? (image['id'] ?? null) : null,
    image_ref_url: image ? firstLinkHref(image['links']) : null,
  };
  for (const name of INSTANCE_PROPERTIES) {
    const value = instance.properties[name];
    if (value !== undefined) metadata[name] = value;
  }
  // Upstream reads these from the flavor unconditionally (and fails without one).
  if (flavor) {
    metadata['vcpus'] = flavor.vcpus;
    metadata['memory_mb'] = flavor.ram;
    metadata['disk_gb'] = flavor.disk;
    metadata['ephemeral_gb'] = flavor.ephemeral;
    metadata['root_gb'] = Math.trunc(flavor.disk) - Math.trunc(flavor.ephemeral);
  }
  addReservedUserMetadata(reserved, instance.metadata, metadata);
  return metadata;
}

/** `image['links'][0]['href']`, or null when the image came without links. */
function firstLinkHref(links: MetadataValue | undefined): MetadataValue {
  if (!Array.isArray(links) || links.length === 0) return null;
  const first: unknown = links[0];
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return null;
  return (first as Record<string, MetadataValue>)['href'] ?? null;
}

/** The flavor as a metadata dict: optional fields that are absent are left out, not undefined. */
function withoutUndefined(record: Readonly<Record<string, MetadataValue | undefined>>): Record<string, MetadataValue> {
  const out: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}
