/**
 * One OpenStack session per agent process, shared by every plugin through the agent's service
 * registry (one token, one set of keep-alive sockets), and upstream's "service not in the catalog"
 * rule for the central discoveries: one warning per service type, then nothing discovered.
 */
import type { ConfigView, Logger, PluginContext } from '@ceilometer-ts/sdk';
import { OpenStackEndpointNotFoundError } from './errors.js';
import { createOpenStackSession, type OpenStackSession } from './session.js';

/** Service registry name of the shared `[service_credentials]` session (null: none configured). */
export const OPENSTACK_SESSION_SERVICE = 'openstack-client.session';

/** The agent's `[service_credentials]` session, created on first use; null when no Keystone is configured. */
export function sharedOpenStackSession(ctx: PluginContext): OpenStackSession | null {
  return ctx.services.getOrCreate<OpenStackSession | null>(OPENSTACK_SESSION_SERVICE, () => createOpenStackSession(ctx.config, ctx.logger));
}

/** `[service_types] <name>`, or `fallback` when the option is not declared or empty. */
export function configuredServiceType(config: ConfigView, name: string, fallback: string): string {
  if (!config.has('service_types', name)) return fallback;
  const value = config.get<string | null | undefined>('service_types', name);
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/**
 * Runs a listing against one service; when the catalog has no such service it warns once per
 * service type (debug afterwards) and yields nothing, as upstream's polling manager skips a
 * discovery whose service is not registered in Keystone. Other errors propagate.
 */
export class CatalogGuard {
  readonly #warned = new Set<string>();

  constructor(private readonly logger: Logger) {}

  async list<T>(serviceType: string, what: string, call: () => Promise<T[]>): Promise<T[]> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof OpenStackEndpointNotFoundError)) throw err;
      const message = `skipping ${what}: the ${serviceType} service is not registered in Keystone (${err.message})`;
      if (this.#warned.has(serviceType)) this.logger.debug(message);
      else {
        this.#warned.add(serviceType);
        this.logger.warn(message);
      }
      return [];
    }
  }
}
