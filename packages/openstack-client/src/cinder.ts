/**
 * The Cinder calls of upstream master's `ceilometer/cinder_client.py`: volumes, snapshots and
 * backups of every project (`all_tenants=True`), detailed scheduler pools and services, each every
 * page (`<key>_links`), as raw records. Microversion 3.64, as upstream master asks (3.41 for
 * snapshots' `user_id`, 3.56 for backups' `user_id` and project, 3.63 for `volume_type_id`).
 */
import type { OpenStackSession } from './session.js';

/** Upstream master's cinderclient microversion. */
export const CINDER_MICROVERSION = '3.64';

/** Options of {@link CinderApi}. */
export interface CinderApiOptions {
  /** Service type (`[service_types] cinder`, default `volumev3`). */
  readonly serviceType?: string;
}

const HEADERS = { 'openstack-api-version': `volume ${CINDER_MICROVERSION}` };
const ALL_TENANTS = { all_tenants: 'True' };

/** Cinder's v3 API through an {@link OpenStackSession}. */
export class CinderApi {
  readonly serviceType: string;

  constructor(private readonly session: OpenStackSession, options: CinderApiOptions = {}) {
    this.serviceType = options.serviceType ?? 'volumev3';
  }

  /** `GET volumes/detail?all_tenants=True`. */
  volumes(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('volumes/detail', 'volumes', ALL_TENANTS, signal);
  }

  /** `GET snapshots/detail?all_tenants=True`. */
  snapshots(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('snapshots/detail', 'snapshots', ALL_TENANTS, signal);
  }

  /** `GET backups/detail?all_tenants=True`. */
  backups(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('backups/detail', 'backups', ALL_TENANTS, signal);
  }

  /**
   * `GET scheduler-stats/get_pools?detail=True`. As cinderclient does, each pool's `capabilities`
   * are lifted to the pool itself (`total_capacity_gb`, `pool_name`, ...) and the key dropped.
   */
  async pools(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    const pools = await this.#list('scheduler-stats/get_pools', 'pools', { detail: 'True' }, signal);
    return pools.map((pool) => {
      const { capabilities, ...rest } = pool;
      return typeof capabilities === 'object' && capabilities !== null ? { ...rest, ...(capabilities as Record<string, unknown>) } : rest;
    });
  }

  /** `GET os-services`. */
  services(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.#list('os-services', 'services', {}, signal);
  }

  #list(path: string, key: string, query: Record<string, string>, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.session.list(this.serviceType, path, key, {}, { headers: HEADERS, query, ...(signal ? { signal } : {}) });
  }
}
