/**
 * `image.size` (upstream master's `ImageSizePollster`): one gauge per image, in bytes, resource the
 * image id, project its `owner`, no user. Metadata: master's keys (`is_protected` is Glance's
 * `protected`, the name openstacksdk gives it), null where Glance sends nothing (`virtual_size`,
 * `checksum` of an image without data).
 */
import { makeSample, type MetadataValue, type PollCycle, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import type { GlanceImage } from './discovery.js';

/** Metadata key → Glance field. */
const FIELDS: readonly (readonly [string, string])[] = [
  ['status', 'status'], ['visibility', 'visibility'], ['name', 'name'], ['container_format', 'container_format'],
  ['created_at', 'created_at'], ['disk_format', 'disk_format'], ['updated_at', 'updated_at'], ['min_disk', 'min_disk'],
  ['is_protected', 'protected'], ['checksum', 'checksum'], ['min_ram', 'min_ram'], ['tags', 'tags'], ['virtual_size', 'virtual_size'],
];

/** The sample metadata of one image. */
export function imageMetadata(image: GlanceImage): Record<string, MetadataValue> {
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, field] of FIELDS) metadata[key] = (image[field] ?? null) as MetadataValue;
  return metadata;
}

export class ImageSizePollster implements Pollster<GlanceImage> {
  readonly defaultDiscovery = 'images';

  *getSamples(cycle: PollCycle, resources: readonly GlanceImage[]): Iterable<Sample> {
    for (const image of resources) {
      yield makeSample({
        name: 'image.size',
        type: 'gauge',
        unit: 'B',
        volume: typeof image['size'] === 'number' ? image['size'] : null,
        user_id: null,
        project_id: typeof image['owner'] === 'string' ? image['owner'] : null,
        resource_id: image.id,
        timestamp: cycle.timestamp,
        resource_metadata: imageMetadata(image),
      });
    }
  }
}
