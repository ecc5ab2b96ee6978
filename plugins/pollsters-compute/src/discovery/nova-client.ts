/**
 * The Nova port over `@ceilometer-ts/openstack-client` (Keystone session from
 * `[service_credentials]`, catalog lookup, retries, pagination), created once on first use.
 */
import type { ConfigView, Logger } from '@ceilometer-ts/sdk';
import type { NovaPort, NovaPortFactory } from './nova-port.js';

/** A factory making the port once; null when `[service_credentials]` names no Keystone. */
export function novaPortFactory(config: ConfigView, logger: Logger): NovaPortFactory {
  let port: Promise<NovaPort | null> | undefined;
  return () =>
    (port ??= (async () => {
      // No credentials, no Nova: say nothing (libvirt_metadata works without it; naive says it once).
      if (!credentialsConfigured(config)) return null;
      // Imported here: the client (and got) stays out of a compute agent that never asks Nova.
      const { createOpenStackSession, NovaApi } = await import('@ceilometer-ts/openstack-client');
      const session = createOpenStackSession(config, logger);
      return session === null ? null : new NovaApi(session);
    })());
}

/** Whether `[service_credentials]` names a Keystone (what a session needs first). */
function credentialsConfigured(config: ConfigView): boolean {
  if (!config.has('service_credentials', 'auth_url')) return false;
  const url = config.get<string | null | undefined>('service_credentials', 'auth_url');
  return typeof url === 'string' && url !== '';
}
