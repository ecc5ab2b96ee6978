/**
 * The service catalog of a Keystone v3 token: endpoint lookup by service type, interface and
 * region, as keystoneauth's `get_endpoint(service_type=..., interface=..., region_name=...)`.
 */
import type { EndpointInterface } from './credentials.js';
import { OpenStackEndpointNotFoundError } from './errors.js';

/** One endpoint as Keystone v3 lists it. */
export interface CatalogEndpoint {
  readonly interface: string;
  readonly url: string;
  readonly region_id?: string | null;
  readonly region?: string | null;
}

/** One service as Keystone v3 lists it. */
export interface CatalogService {
  readonly type: string;
  readonly name?: string;
  readonly endpoints: readonly CatalogEndpoint[];
}

function isService(value: unknown): value is CatalogService {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['type'] === 'string' && Array.isArray(v['endpoints']);
}

/** A token's catalog. */
export class ServiceCatalog {
  readonly services: readonly CatalogService[];

  constructor(raw: unknown) {
    this.services = Array.isArray(raw) ? raw.filter(isService) : [];
  }

  /**
   * The URL (no trailing slash) of the first endpoint of `serviceType` on `iface` in `region` (any
   * region when null). Throws {@link OpenStackEndpointNotFoundError} when there is none.
   */
  endpoint(serviceType: string, iface: EndpointInterface, region: string | null): string {
    for (const service of this.services) {
      if (service.type !== serviceType) continue;
      for (const ep of service.endpoints) {
        if (ep.interface !== iface) continue;
        if (region !== null && ep.region_id !== region && ep.region !== region) continue;
        return ep.url.replace(/\/+$/, '');
      }
    }
    const available = this.services.flatMap((s) => s.endpoints.map((e) => `${s.type}/${e.interface}/${e.region_id ?? e.region ?? '-'}`));
    throw new OpenStackEndpointNotFoundError(serviceType, iface, region, available);
  }
}
