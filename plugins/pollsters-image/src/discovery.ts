/**
 * `images` (upstream's `ceilometer/image/discovery.py`): every image Glance lists to the
 * `[service_credentials]` user, as Glance's v2 records. In upstream's `global` partitioning group,
 * so central agents sharing a coordination backend split the images. Glance missing from the
 * catalog: one warning, nothing discovered. Other failures propagate: the agent logs
 * `Unable to discover resources` and the other discoveries go on.
 */
import { CatalogGuard, configuredServiceType, GlanceApi, sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { INJECT_TOKENS, GLOBAL_DISCOVERY_GROUP, PLUGIN_CONTEXT, type Discovery, type IdentifiedResource, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';

/** A Glance image record as discovered. */
export type GlanceImage = IdentifiedResource;

const isImage = (r: Record<string, unknown>): r is GlanceImage => typeof r['id'] === 'string';

export class ImagesDiscovery implements Discovery<GlanceImage> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly groupId = GLOBAL_DISCOVERY_GROUP;
  readonly #guard: CatalogGuard;

  constructor(private readonly ctx: PluginContext) {
    this.#guard = new CatalogGuard(ctx.logger);
  }

  async discover(cycle: PollCycle): Promise<readonly GlanceImage[]> {
    const session = sharedOpenStackSession(this.ctx);
    if (!session) return [];
    const glance = new GlanceApi(session, { serviceType: configuredServiceType(this.ctx.config, 'glance', 'image') });
    const images = await this.#guard.list(glance.serviceType, 'images discovery', () => glance.images(cycle.signal));
    return images.filter(isImage);
  }
}
