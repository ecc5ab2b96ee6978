/**
 * `naive` (and `workload_partitioning`) discovery (upstream's `discover_nova_polling`): this host's
 * servers from Nova, refreshed at most every `[compute] resource_update_interval` seconds with
 * `changes-since` the previous run, and fully every `resource_cache_expiry` seconds (an instance
 * migrated away is forgotten). Deleted and error instances are dropped.
 */
import type { ComputeInstance, Logger } from '@ceilometer-ts/sdk';
import { flavorIdToLookUp, novaServerInstance } from './nova-server.js';
import type { NovaPort, NovaRecord } from './nova-port.js';

export interface NaiveOptions {
  readonly host: string;
  /** Seconds. */
  readonly resourceUpdateInterval: number;
  /** Seconds. */
  readonly resourceCacheExpiry: number;
  readonly logger: Logger;
  nova(): Promise<NovaPort | null>;
  /** Wall clock (ms since the epoch); replaceable in tests. */
  readonly now?: () => number;
}

const DROPPED_STATES = new Set(['deleted', 'error']);

/** The instance cache of one discovery. */
export class NaiveInstanceCache {
  readonly #instances = new Map<string, ComputeInstance>();
  #lastRun: number | undefined;
  #lastCacheExpire: number | undefined;
  #warnedNoCredentials = false;

  constructor(private readonly options: NaiveOptions) {}

  async instances(signal?: AbortSignal): Promise<ComputeInstance[]> {
    const now = (this.options.now ?? Date.now)();
    const sinceUpdate = this.#lastRun === undefined ? 0 : (now - this.#lastRun) / 1000;
    const sinceExpire = this.#lastCacheExpire === undefined ? 0 : (now - this.#lastCacheExpire) / 1000;
    if (this.#lastRun === undefined || sinceUpdate >= this.options.resourceUpdateInterval) {
      const nova = await this.options.nova();
      if (!nova) {
        this.#noCredentials();
        return [];
      }
      let changesSince: string | null = null;
      const incremental = this.#lastRun !== undefined && sinceExpire < this.options.resourceCacheExpiry;
      if (incremental) changesSince = new Date(this.#lastRun!).toISOString().replace('Z', '+00:00');
      let records: NovaRecord[];
      try {
        records = await nova.serversDetailForHost(this.options.host, changesSince, signal);
      } catch (err) {
        // Upstream returns nothing this cycle; the client has logged the failure.
        this.options.logger.warn({ err }, `cannot list the servers of host ${this.options.host} from Nova: ${(err as Error).message}`);
        return [];
      }
      if (!incremental) {
        this.#instances.clear();
        this.#lastCacheExpire = now;
      }
      this.#lastRun = now;
      const flavors = new Map<string, Promise<NovaRecord | null>>();
      for (const record of records) {
        const id = String(record.id);
        if (DROPPED_STATES.has(String(record['OS-EXT-STS:vm_state']))) {
          this.#instances.delete(id);
          continue;
        }
        this.#instances.set(id, novaServerInstance(record, await this.#flavor(nova, record, flavors, signal)));
      }
    }
    return [...this.#instances.values()];
  }

  /** The flavor of a record without an embedded one, fetched once per listing (upstream's per-call cache). */
  async #flavor(nova: NovaPort, record: NovaRecord, cache: Map<string, Promise<NovaRecord | null>>, signal?: AbortSignal): Promise<NovaRecord | null> {
    const id = flavorIdToLookUp(record);
    if (id === null || !nova.flavor) return null;
    let flavor = cache.get(id);
    if (!flavor) {
      flavor = nova.flavor(id, signal).catch(() => null);
      cache.set(id, flavor);
    }
    return flavor;
  }

  #noCredentials(): void {
    const message =
      "instance_discovery_method naive needs Nova's API, which is not available ([service_credentials] configures no credentials): no instance discovered";
    if (this.#warnedNoCredentials) this.options.logger.debug(message);
    else {
      this.#warnedNoCredentials = true;
      this.options.logger.warn(`${message}; said once`);
    }
  }
}
