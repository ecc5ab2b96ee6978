/**
 * The shape of the central discoveries that list one OpenStack API through the agent's shared
 * session (Glance's images, Cinder's volumes, snapshots, backups, pools and services, Neutron's
 * floating IPs, VPN services, ...): no `[service_credentials]`, nothing; the service missing from
 * the catalog, one warning per service type and nothing ({@link CatalogGuard}); other failures
 * propagate unless the discovery handles them ({@link ListingDiscovery.onListingError}). Records are
 * the API's, kept when they have a string `id` (or the one {@link ListingDiscovery.identify} gives).
 * In upstream's `global` partitioning group.
 */
import { GLOBAL_DISCOVERY_GROUP, INJECT_TOKENS, PLUGIN_CONTEXT, type Discovery, type IdentifiedResource, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import type { OpenStackSession } from './session.js';
import { CatalogGuard, sharedOpenStackSession } from './shared-session.js';

/** An API wrapper that knows its catalog service type (`GlanceApi`, `CinderApi`, `NeutronApi`). */
export interface ServiceApi {
  readonly serviceType: string;
}

export abstract class ListingDiscovery<Api extends ServiceApi> implements Discovery<IdentifiedResource> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly groupId: string | null = GLOBAL_DISCOVERY_GROUP;
  /** What is listed, for log lines (`volumes`, `floating IPs`). */
  protected abstract readonly what: string;
  readonly #guard: CatalogGuard;

  constructor(protected readonly ctx: PluginContext) {
    this.#guard = new CatalogGuard(ctx.logger);
  }

  /** The API wrapper on the shared session (service type from `[service_types]`). */
  protected abstract api(session: OpenStackSession): Api;
  /** The listing itself (every page). */
  protected abstract list(api: Api, signal: AbortSignal): Promise<Record<string, unknown>[]>;

  /** The records kept, each with its partitioning and de-duplication `id` (default: their own string `id`). */
  protected identify(records: readonly Record<string, unknown>[]): IdentifiedResource[] {
    return records.filter((r): r is IdentifiedResource => typeof r['id'] === 'string');
  }

  /** A failed listing (not a missing catalog entry): rethrown by default, so the agent logs it. */
  protected onListingError(err: unknown): readonly IdentifiedResource[] {
    throw err;
  }

  async discover(cycle: PollCycle): Promise<readonly IdentifiedResource[]> {
    const session = sharedOpenStackSession(this.ctx);
    if (session === null) return [];
    const api = this.api(session);
    try {
      return this.identify(await this.#guard.list(api.serviceType, `${this.what} discovery`, () => this.list(api, cycle.signal)));
    } catch (err) {
      return this.onListingError(err);
    }
  }
}
