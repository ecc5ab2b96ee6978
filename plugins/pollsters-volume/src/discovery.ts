/**
 * The Cinder discoveries of upstream master (`ceilometer/volume/discovery.py`): `volumes`,
 * `volume_snapshots`, `volume_backups` (every project's), `volume_pools` (detailed scheduler
 * pools, capabilities lifted) and `volume_services`. Records are Cinder's; pools and services get
 * an `id` (the pool's name, `<binary>@<host>`) for the agent's de-duplication and partitioning. In
 * upstream's `global` partitioning group. Cinder missing from the catalog: one warning, nothing
 * discovered; other failures propagate (the agent logs `Unable to discover resources`, the other
 * discoveries go on).
 */
import { CatalogGuard, CinderApi, configuredServiceType, sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { INJECT_TOKENS, GLOBAL_DISCOVERY_GROUP, PLUGIN_CONTEXT, type Discovery, type IdentifiedResource, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';

/** A Cinder record as discovered. */
export type CinderRecord = IdentifiedResource;

type Listing = (cinder: CinderApi, signal: AbortSignal) => Promise<Record<string, unknown>[]>;

const withId = (id: (r: Record<string, unknown>) => unknown) => (records: Record<string, unknown>[]): CinderRecord[] =>
  records.flatMap((r) => {
    const key = id(r);
    return typeof key === 'string' ? [{ ...r, id: key }] : [];
  });

abstract class CinderDiscovery implements Discovery<CinderRecord> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly groupId = GLOBAL_DISCOVERY_GROUP;
  protected abstract readonly what: string;
  protected abstract readonly listing: Listing;
  protected readonly identify = withId((r) => r['id']);
  readonly #guard: CatalogGuard;

  constructor(private readonly ctx: PluginContext) {
    this.#guard = new CatalogGuard(ctx.logger);
  }

  async discover(cycle: PollCycle): Promise<readonly CinderRecord[]> {
    const session = sharedOpenStackSession(this.ctx);
    if (session === null) return [];
    const cinder = new CinderApi(session, { serviceType: configuredServiceType(this.ctx.config, 'cinder', 'volumev3') });
    return this.identify(await this.#guard.list(cinder.serviceType, `${this.what} discovery`, () => this.listing(cinder, cycle.signal)));
  }
}

/** `volumes`: every volume of every project. */
export class VolumeDiscovery extends CinderDiscovery {
  protected readonly what = 'volumes';
  protected readonly listing: Listing = (c, s) => c.volumes(s);
}

/** `volume_snapshots`: every snapshot of every project. */
export class VolumeSnapshotsDiscovery extends CinderDiscovery {
  protected readonly what = 'volume_snapshots';
  protected readonly listing: Listing = (c, s) => c.snapshots(s);
}

/** `volume_backups`: every backup of every project. */
export class VolumeBackupsDiscovery extends CinderDiscovery {
  protected readonly what = 'volume_backups';
  protected readonly listing: Listing = (c, s) => c.backups(s);
}

/** `volume_pools`: the scheduler's pools, with their capabilities. */
export class VolumePoolsDiscovery extends CinderDiscovery {
  protected readonly what = 'volume_pools';
  protected readonly listing: Listing = (c, s) => c.pools(s);
  protected override readonly identify = withId((r) => r['name']);
}

/** `volume_services`: Cinder's services (scheduler, volume, backup). */
export class VolumeServicesDiscovery extends CinderDiscovery {
  protected readonly what = 'volume_services';
  protected readonly listing: Listing = (c, s) => c.services(s);
  protected override readonly identify = withId((r) => (typeof r['binary'] === 'string' && typeof r['host'] === 'string' ? `${r['binary']}@${r['host']}` : undefined));
}
