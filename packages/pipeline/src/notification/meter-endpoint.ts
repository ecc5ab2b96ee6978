/**
 * `meter`: samples from any notification that a meters.yaml definition matches (upstream's
 * ProcessMeterNotifications). The definitions are loaded by the agent (`[meter]
 * meter_definitions_dirs`) and handed over through the endpoint context.
 */
import { ExtensionLoadError, type Sample } from '@ceilometer-ts/sdk';
import type { EndpointContext, SampleEndpoint } from './endpoint.js';
import type { MeterDefinitionsLike, Notification } from './types.js';

/** Applies meter definitions to notifications. */
export class MeterNotificationEndpoint implements SampleEndpoint {
  readonly #ctx: EndpointContext | undefined;
  #definitions: MeterDefinitionsLike | undefined;

  /** Either an endpoint context (registry) or the definitions themselves (tests, embedding). */
  constructor(source: EndpointContext | MeterDefinitionsLike) {
    if ('toSamples' in source) this.#definitions = source;
    else this.#ctx = source;
  }

  async setup(): Promise<void> {
    if (this.#definitions) return;
    if (!this.#ctx?.loadMeterDefinitions) throw new ExtensionLoadError('meter endpoint: no meter definitions loader in the endpoint context');
    this.#definitions = await this.#ctx.loadMeterDefinitions();
  }

  accepts(notification: Notification): boolean {
    return this.#definitions?.matches(notification.event_type) ?? false;
  }

  buildSamples(notification: Notification): readonly Sample[] {
    return this.#definitions?.toSamples(notification) ?? [];
  }
}
