/**
 * The Cinder discoveries of upstream master (`ceilometer/volume/discovery.py`): `volumes`,
 * `volume_snapshots`, `volume_backups` (every project's), `volume_pools` (detailed scheduler
 * pools, capabilities lifted) and `volume_services`. Records are Cinder's; pools and services get
 * an `id` (the pool's name, `<binary>@<host>`) for the agent's de-duplication and partitioning. In
 * upstream's `global` partitioning group. Cinder missing from the catalog: one warning, nothing
 * discovered; other failures propagate (the agent logs `Unable to discover resources`, the other
 * discoveries go on).
 */
import { CinderApi, configuredServiceType, ListingDiscovery, type OpenStackSession } from '@ceilometer-ts/openstack-client';
import type { IdentifiedResource } from '@ceilometer-ts/sdk';

/** A Cinder record as discovered. */
export type CinderRecord = IdentifiedResource;

/** Records with the `id` `key` gives them (pools and services have none of their own). */
const withId = (records: readonly Record<string, unknown>[], key: (r: Record<string, unknown>) => unknown): CinderRecord[] =>
  records.flatMap((r) => {
    const id = key(r);
    return typeof id === 'string' ? [{ ...r, id }] : [];
  });

abstract class CinderDiscovery extends ListingDiscovery<CinderApi> {
  protected api(session: OpenStackSession): CinderApi {
    return new CinderApi(session, { serviceType: configuredServiceType(this.ctx.config, 'cinder', 'volumev3') });
  }
}

/** `volumes`: every volume of every project. */
export class VolumeDiscovery extends CinderDiscovery {
  protected readonly what = 'volumes';
  protected list(cinder: CinderApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return cinder.volumes(signal);
  }
}

/** `volume_snapshots`: every snapshot of every project. */
export class VolumeSnapshotsDiscovery extends CinderDiscovery {
  protected readonly what = 'volume_snapshots';
  protected list(cinder: CinderApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return cinder.snapshots(signal);
  }
}

/** `volume_backups`: every backup of every project. */
export class VolumeBackupsDiscovery extends CinderDiscovery {
  protected readonly what = 'volume_backups';
  protected list(cinder: CinderApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return cinder.backups(signal);
  }
}

/** `volume_pools`: the scheduler's pools, with their capabilities. */
export class VolumePoolsDiscovery extends CinderDiscovery {
  protected readonly what = 'volume_pools';
  protected list(cinder: CinderApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return cinder.pools(signal);
  }
  protected override identify(records: readonly Record<string, unknown>[]): CinderRecord[] {
    return withId(records, (r) => r['name']);
  }
}

/** `volume_services`: Cinder's services (scheduler, volume, backup). */
export class VolumeServicesDiscovery extends CinderDiscovery {
  protected readonly what = 'volume_services';
  protected list(cinder: CinderApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return cinder.services(signal);
  }
  protected override identify(records: readonly Record<string, unknown>[]): CinderRecord[] {
    return withId(records, (r) => (typeof r['binary'] === 'string' && typeof r['host'] === 'string' ? `${r['binary']}@${r['host']}` : undefined));
  }
}
