/**
 * `resource_metadata` of an instance's samples, as upstream's `util._get_metadata_from_object`,
 * with `[DEFAULT] reserved_metadata_*` applied to the server metadata (`user_metadata`).
 */
import { addReservedUserMetadata, type ComputeInstance, type MetadataValue, type ReservedMetadataOptions, type ResourceMetadata } from '@ceilometer-ts/sdk';

/** Upstream's INSTANCE_PROPERTIES: copied when the instance has them. */
export const INSTANCE_PROPERTIES = ['reservation_id', 'architecture', 'OS-EXT-AZ:availability_zone', 'kernel_id', 'os_type', 'ramdisk_id'] as const;

/** Python's `int()` of a flavor field (a number or its decimal text); NaN stays NaN. */
function pyInt(value: unknown): number {
  return Math.trunc(Number(value ?? Number.NaN));
}

/** The metadata of every sample of `instance` (before the pollster's own keys). */
export function instanceMetadata(instance: ComputeInstance, reserved: ReservedMetadataOptions): ResourceMetadata {
  const flavor = instance.flavor;
  const metadata: Record<string, MetadataValue> = {
    display_name: instance.name,
    name: instance.instanceName,
    instance_id: instance.id,
    instance_type: flavor ? flavor.name : null,
    host: instance.hostId,
    instance_host: instance.host,
    flavor: flavor ? stripUndefined(flavor) : null,
    status: instance.status.toLowerCase(),
    state: instance.vmState ?? null,
    task_state: instance.taskState === undefined ? '' : instance.taskState,
  };
  const image = instance.image;
  if (image) {
    metadata.image = image;
    metadata.image_ref = image.id ?? null;
    const links = image.links;
    const first = Array.isArray(links) && links.length > 0 ? (links[0] as Record<string, MetadataValue> | undefined) : undefined;
    metadata.image_ref_url = first && typeof first === 'object' ? (first.href ?? null) : null;
  } else {
    metadata.image = null;
    metadata.image_ref = null;
    metadata.image_ref_url = null;
  }
  if (instance.imageMeta && Object.keys(instance.imageMeta).length > 0) metadata.image_meta = instance.imageMeta;
  for (const name of INSTANCE_PROPERTIES) {
    const value = instance.properties[name];
    if (value !== undefined) metadata[name] = value;
  }
  metadata.vcpus = flavor?.vcpus ?? null;
  metadata.memory_mb = flavor?.ram ?? null;
  metadata.disk_gb = flavor?.disk ?? null;
  metadata.ephemeral_gb = flavor?.ephemeral ?? null;
  metadata.root_gb = flavor ? pyInt(flavor.disk) - pyInt(flavor.ephemeral) : null;
  addReservedUserMetadata(reserved, instance.metadata, metadata);
  return metadata;
}

function stripUndefined(record: Readonly<Record<string, MetadataValue | undefined>>): Record<string, MetadataValue> {
  const out: Record<string, MetadataValue> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * One metadata object per instance object, shared by all its samples (instances are immutable:
 * a discovery hands out a new object when anything changes), so 50 meters cost one build.
 */
export class InstanceMetadataCache {
  readonly #cache = new WeakMap<ComputeInstance, ResourceMetadata>();
  constructor(private readonly reserved: ReservedMetadataOptions) {}

  of(instance: ComputeInstance): ResourceMetadata {
    let metadata = this.#cache.get(instance);
    if (!metadata) {
      metadata = instanceMetadata(instance, this.reserved);
      this.#cache.set(instance, metadata);
    }
    return metadata;
  }
}
