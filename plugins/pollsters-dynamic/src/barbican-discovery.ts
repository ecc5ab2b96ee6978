/**
 * `barbican` (upstream's NonOpenStackCredentialsDiscovery): the credentials of a non-OpenStack
 * dynamic pollster, the payload of a Barbican secret (`barbican:<secret id>`); without a secret id,
 * or without Barbican in the catalog, the text "No secrets found" as upstream (definitions then
 * give `authentication_parameters`).
 */
import { inject, injectable, GLOBAL_DISCOVERY_GROUP, PLUGIN_CONTEXT, type Discovery, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { DynamicPollsterRuntime } from './runtime.js';

const NO_SECRETS = 'No secrets found';

@injectable()
export class BarbicanCredentialsDiscovery implements Discovery<string> {
  readonly groupId = GLOBAL_DISCOVERY_GROUP;
  constructor(@inject(PLUGIN_CONTEXT) private readonly ctx: PluginContext) {}

  async discover(cycle: PollCycle, param?: string): Promise<readonly string[]> {
    if (!param) return [NO_SECRETS];
    const session = await DynamicPollsterRuntime.of(this.ctx).session();
    if (!session) return [NO_SECRETS];
    let endpoint: string;
    try {
      endpoint = await session.endpoint('key-manager');
    } catch (err) {
      this.ctx.logger.warn({ err }, `No Barbican endpoints found to execute the credentials discovery process to [${param}].`);
      return [NO_SECRETS];
    }
    const url = new URL(`/v1/secrets/${encodeURIComponent(param)}/payload`, endpoint).toString();
    const res = await session.request('key-manager', url, { headers: { accept: 'text/plain' }, signal: cycle.signal });
    return [typeof res.body === 'string' ? res.body : JSON.stringify(res.body)];
  }
}
