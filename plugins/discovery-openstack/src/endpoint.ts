/**
 * `endpoint` (upstream's `EndpointDiscovery`): the catalog URLs of the service type given as the
 * discovery parameter (`endpoint:image`), or of every service, on `[service_credentials]
 * interface` and `region_name`. None found: a warning and nothing, as upstream.
 */
import { KeystoneApi, sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { INJECT_TOKENS, GLOBAL_DISCOVERY_GROUP, PLUGIN_CONTEXT, type Discovery, type PluginContext } from '@ceilometer-ts/sdk';

export class EndpointDiscovery implements Discovery<string> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly groupId = GLOBAL_DISCOVERY_GROUP;

  constructor(private readonly ctx: PluginContext) {}

  async discover(_cycle: unknown, param?: string): Promise<readonly string[]> {
    const session = sharedOpenStackSession(this.ctx);
    const urls = session ? await new KeystoneApi(session).catalogUrls(param ?? null) : [];
    if (urls.length === 0) this.ctx.logger.warn(`No endpoints found for service ${param ?? '<all services>'}`);
    return urls;
  }
}
