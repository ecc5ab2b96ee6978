/**
 * `local_node` (upstream's `LocalNodeDiscovery`): this host's own BMC, reached in-band, named
 * `[DEFAULT] host`. Partitioning group `LocalNode-<host>`, as upstream.
 */
import { INJECT_TOKENS, PLUGIN_CONTEXT, type Discovery, type PluginContext } from '@ceilometer-ts/sdk';
import type { IpmiTarget } from '../target.js';

export class LocalNodeDiscovery implements Discovery<IpmiTarget> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly #host: string;

  constructor(ctx: PluginContext) {
    this.#host = ctx.config.get<string>('DEFAULT', 'host');
  }

  get groupId(): string {
    return `LocalNode-${this.#host}`;
  }

  discover(): Promise<readonly IpmiTarget[]> {
    return Promise.resolve([{ node: this.#host }]);
  }
}
