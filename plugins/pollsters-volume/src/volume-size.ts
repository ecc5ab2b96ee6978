/**
 * `volume.size`, `volume.snapshot.size` and `volume.backup.size` (upstream master's
 * `ceilometer/volume/cinder.py`): one gauge per record, in GiB (`size`), resource the record's id,
 * user its `user_id`, project the admin attribute Cinder adds (`os-vol-tenant-attr:tenant_id`,
 * `os-extended-snapshot-attributes:project_id`, `os-backup-project-attr:project_id`). Metadata:
 * master's fields, null where Cinder sends none; volumes also get `image_id` (from
 * `volume_image_metadata`) and `instance_id` (the first attachment's server).
 */
import { makeSample, type MetadataValue, type PollCycle, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import type { CinderRecord } from './discovery.js';
import { capacity, fieldsOf, stringOrNull } from './record-metadata.js';

/** How one meter reads its records. */
interface SizeMeter {
  readonly name: string;
  readonly projectField: string;
  metadata(record: CinderRecord): Record<string, MetadataValue>;
}

const VOLUME_FIELDS = [
  'name', 'status', 'volume_type', 'volume_type_id', 'availability_zone', 'os-vol-host-attr:host',
  'migration_status', 'attachments', 'snapshot_id', 'source_volid',
];
const SNAPSHOT_FIELDS = ['name', 'volume_id', 'status', 'description', 'metadata', 'os-extended-snapshot-attributes:progress'];
const BACKUP_FIELDS = ['name', 'is_incremental', 'object_count', 'container', 'volume_id', 'status', 'description'];

/** The sample metadata of one volume. */
export function volumeMetadata(volume: CinderRecord): Record<string, MetadataValue> {
  const metadata = fieldsOf(volume, VOLUME_FIELDS);
  const image = volume['volume_image_metadata'] as Record<string, unknown> | null | undefined;
  metadata['image_id'] = image && typeof image === 'object' && Object.keys(image).length > 0 ? stringOrNull(image['image_id']) : null;
  const attachments = volume['attachments'];
  const first = Array.isArray(attachments) && attachments.length > 0 ? (attachments[0] as Record<string, unknown> | null) : null;
  metadata['instance_id'] = first ? stringOrNull(first['server_id']) : null;
  return metadata;
}

abstract class SizePollster implements Pollster<CinderRecord> {
  abstract readonly defaultDiscovery: string;
  protected abstract readonly meter: SizeMeter;

  *getSamples(cycle: PollCycle, resources: readonly CinderRecord[]): Iterable<Sample> {
    const { name, projectField } = this.meter;
    for (const record of resources) {
      yield makeSample({
        name,
        type: 'gauge',
        unit: 'GiB',
        volume: capacity(record['size']) ?? null,
        user_id: stringOrNull(record['user_id']),
        project_id: stringOrNull(record[projectField]),
        resource_id: record.id,
        timestamp: cycle.timestamp,
        resource_metadata: this.meter.metadata(record),
      });
    }
  }
}

export class VolumeSizePollster extends SizePollster {
  readonly defaultDiscovery = 'volumes';
  protected readonly meter: SizeMeter = { name: 'volume.size', projectField: 'os-vol-tenant-attr:tenant_id', metadata: volumeMetadata };
}

export class VolumeSnapshotSize extends SizePollster {
  readonly defaultDiscovery = 'volume_snapshots';
  protected readonly meter: SizeMeter = {
    name: 'volume.snapshot.size', projectField: 'os-extended-snapshot-attributes:project_id', metadata: (r) => fieldsOf(r, SNAPSHOT_FIELDS),
  };
}

export class VolumeBackupSize extends SizePollster {
  readonly defaultDiscovery = 'volume_backups';
  protected readonly meter: SizeMeter = {
    name: 'volume.backup.size', projectField: 'os-backup-project-attr:project_id', metadata: (r) => fieldsOf(r, BACKUP_FIELDS),
  };
}
