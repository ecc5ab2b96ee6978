/**
 * What every dynamic pollster of the process shares: the settings, the OpenStack session (the
 * process's shared one, looked up on first use: the client and got are imported only then) and the
 * names already built.
 */
import type { PluginContext } from '@ceilometer-ts/sdk';
import type { OpenStackSession } from '@ceilometer-ts/openstack-client';
import type { GatherRuntime } from './gatherer.js';
import { dynamicPollsterSettings, type DynamicPollsterSettings } from './options.js';

const RUNTIME_SERVICE = 'pollsters-dynamic.runtime';

export class DynamicPollsterRuntime implements GatherRuntime {
  readonly settings: DynamicPollsterSettings;
  /**
   * Pollster name → the namespace whose builder built it: a definition in two running namespaces is
   * built once (a second build for the same namespace, as after a reload, builds it again).
   */
  readonly built = new Map<string, string>();
  #session: Promise<OpenStackSession | null> | undefined;

  private constructor(private readonly ctx: PluginContext) {
    this.settings = dynamicPollsterSettings(ctx.config);
  }

  /** The process's runtime. */
  static of(ctx: PluginContext): DynamicPollsterRuntime {
    return ctx.services.getOrCreate(RUNTIME_SERVICE, () => new DynamicPollsterRuntime(ctx));
  }

  get allowedCommands(): ReadonlySet<string> {
    return this.settings.allowedCommands;
  }

  session(): Promise<OpenStackSession | null> {
    // The process's one session (token, sockets), shared with the other OpenStack plugins.
    return (this.#session ??= import('@ceilometer-ts/openstack-client').then(({ sharedOpenStackSession }) => sharedOpenStackSession(this.ctx)));
  }
}
