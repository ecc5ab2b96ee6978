/**
 * `images` (upstream's `ceilometer/image/discovery.py`): every image Glance lists to the
 * `[service_credentials]` user, as Glance's v2 records. In upstream's `global` partitioning group,
 * so central agents sharing a coordination backend split the images. Glance missing from the
 * catalog: one warning, nothing discovered. Other failures propagate: the agent logs
 * `Unable to discover resources` and the other discoveries go on.
 */
import { configuredServiceType, GlanceApi, ListingDiscovery, type OpenStackSession } from '@ceilometer-ts/openstack-client';
import type { IdentifiedResource } from '@ceilometer-ts/sdk';

/** A Glance image record as discovered. */
export type GlanceImage = IdentifiedResource;

export class ImagesDiscovery extends ListingDiscovery<GlanceApi> {
  protected readonly what = 'images';

  protected api(session: OpenStackSession): GlanceApi {
    return new GlanceApi(session, { serviceType: configuredServiceType(this.ctx.config, 'glance', 'image') });
  }

  protected list(glance: GlanceApi, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    return glance.images(signal);
  }
}
