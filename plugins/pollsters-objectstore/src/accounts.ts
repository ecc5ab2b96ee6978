/**
 * The per-project Swift account calls the storage pollsters share, once per cycle per method
 * (upstream's `swift.head_account` / `swift.get_account` cache keys): `HEAD` for the account
 * totals, `GET` for the containers. A 404 (no account) warns and a 403 (no role on the account)
 * logs an error, and the project is left out; any other failure fails the pollster this cycle,
 * as upstream. No object-store in the catalog: one warning, no samples.
 */
import { CatalogGuard, configuredServiceType, sharedOpenStackSession, SwiftApi, type SwiftAccountResult, type SwiftAccountStats, type SwiftContainer } from '@ceilometer-ts/openstack-client';
import type { IdentifiedResource, PluginContext, PollCycle } from '@ceilometer-ts/sdk';
import { resellerPrefix } from './options.js';

/** What the `tenant` discovery gives: Keystone projects. */
export type Tenant = IdentifiedResource;

/** One project's answer. */
export interface TenantAccount<T> {
  readonly tenant: string;
  readonly value: T;
}

/** The guards are per process, so that "not in the catalog" is said once. */
const GUARD_SERVICE = 'pollsters-objectstore.catalog-guard';

export class SwiftAccounts {
  constructor(private readonly ctx: PluginContext) {}

  /** `HEAD` of every project's account, once per cycle. */
  heads(cycle: PollCycle, tenants: readonly Tenant[]): Promise<TenantAccount<SwiftAccountStats>[]> {
    return cycle.cache.getOrLoad('swift.head_account', () => this.#each(cycle, tenants, (swift, id) => swift.headAccount(id, cycle.signal)));
  }

  /** `GET` of every project's account (its containers), once per cycle. */
  containers(cycle: PollCycle, tenants: readonly Tenant[]): Promise<TenantAccount<SwiftContainer[]>[]> {
    return cycle.cache.getOrLoad('swift.get_account', () => this.#each(cycle, tenants, (swift, id) => swift.listContainers(id, cycle.signal)));
  }

  async #each<T>(cycle: PollCycle, tenants: readonly Tenant[], call: (swift: SwiftApi, id: string) => Promise<SwiftAccountResult<T>>): Promise<TenantAccount<T>[]> {
    const session = sharedOpenStackSession(this.ctx);
    if (!session || tenants.length === 0) return [];
    const swift = new SwiftApi(session, { serviceType: configuredServiceType(this.ctx.config, 'swift', 'object-store'), resellerPrefix: resellerPrefix(this.ctx.config) });
    const guard = this.ctx.services.getOrCreate(GUARD_SERVICE, () => new CatalogGuard(this.ctx.logger));
    // The endpoint once up front: without object-store there is nothing to ask for any project.
    const found = await guard.list(swift.serviceType, 'the Swift pollsters', async () => [await swift.accountUrl(String(tenants[0]!.id))]);
    if (found.length === 0 || cycle.signal.aborted) return [];
    const answers = await Promise.all(tenants.map(async (t) => ({ tenant: String(t.id), result: await call(swift, String(t.id)) })));
    const accounts: TenantAccount<T>[] = [];
    for (const { tenant, result } of answers) {
      if (result.status === 'ok') accounts.push({ tenant, value: result.value });
      else if (result.status === 'not-found') this.ctx.logger.warn(`Swift tenant id ${tenant} not found.`);
      else this.ctx.logger.error(`The credentials configured does not have correct roles to access Swift tenant id ${tenant}.`);
    }
    return accounts;
  }
}
