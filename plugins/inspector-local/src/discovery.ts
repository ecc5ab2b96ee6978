/**
 * The `local_host` discovery: this machine as a `local://localhost` resource.
 */
import { inject, injectable, PLUGIN_CONTEXT, type Discovery, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { LOCAL_HOST_URL } from './local-host.js';

/**
 * Returns `['local://localhost']`. Not partitioned (groupId null): every agent measures its own host,
 * so several agents sharing work must never hand this resource to one another.
 */
@injectable()
export class LocalHostDiscovery implements Discovery<string> {
  readonly groupId = null;

  constructor(@inject(PLUGIN_CONTEXT) readonly ctx?: PluginContext) {}

  async discover(_cycle: PollCycle, _param?: string): Promise<readonly string[]> {
    return [LOCAL_HOST_URL];
  }
}
