/**
 * The Nova port over `@ceilometer-ts/openstack-client` (Keystone session from
 * `[service_credentials]`, catalog lookup, retries, pagination), created once on first use.
 *
 * TODO(issue-10): the client package is written in parallel; until it is a dependency of this
 * package it is loaded by name at run time, and a missing client reads as "no credentials".
 */
import type { ConfigView, Logger } from '@ceilometer-ts/sdk';
import type { NovaPort, NovaPortFactory } from './nova-port.js';

/** The part of `@ceilometer-ts/openstack-client` used here (the agreed API). */
interface OpenStackClientModule {
  createOpenStackSession(config: ConfigView, logger: Logger): unknown;
  NovaApi: new (session: unknown) => NovaPort;
}

const CLIENT_PACKAGE = '@ceilometer-ts/openstack-client';

/** A factory making the port once; null when credentials are not configured or the client is absent. */
export function novaPortFactory(config: ConfigView, logger: Logger): NovaPortFactory {
  let port: Promise<NovaPort | null> | undefined;
  return () =>
    (port ??= (async () => {
      // No credentials, no Nova: say nothing (libvirt_metadata works without it; naive says it once).
      if (!credentialsConfigured(config)) return null;
      let client: OpenStackClientModule;
      try {
        client = (await import(CLIENT_PACKAGE)) as OpenStackClientModule;
      } catch (err) {
        logger.warn({ err }, `${CLIENT_PACKAGE} is not installed: Nova cannot be asked (${(err as Error).message})`);
        return null;
      }
      const session = client.createOpenStackSession(config, logger);
      return session === null ? null : new client.NovaApi(session);
    })());
}

/** Whether `[service_credentials]` names a Keystone (what a session needs first). */
function credentialsConfigured(config: ConfigView): boolean {
  if (!config.has('service_credentials', 'auth_url')) return false;
  const url = config.get<string | null | undefined>('service_credentials', 'auth_url');
  return typeof url === 'string' && url !== '';
}
