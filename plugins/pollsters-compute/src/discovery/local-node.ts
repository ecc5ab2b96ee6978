/** `local_node` (upstream's `LocalNodeDiscovery`): this host's name, group `LocalNode-<host>`. */
import { INJECT_TOKENS, PLUGIN_CONTEXT, type Discovery, type PluginContext } from '@ceilometer-ts/sdk';
import { computeSettings } from '../options.js';

export class LocalNodeDiscovery implements Discovery<string> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly groupId: string;
  readonly #host: string;

  constructor(ctx: PluginContext) {
    this.#host = computeSettings(ctx.config).host;
    this.groupId = `LocalNode-${this.#host}`;
  }

  discover(): Promise<readonly string[]> {
    return Promise.resolve([this.#host]);
  }
}
