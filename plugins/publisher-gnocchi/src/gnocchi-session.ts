/**
 * The session the Gnocchi client uses, as upstream's `gnocchi_client.get_gnocchiclient`: the
 * credentials of `[gnocchi] auth_section` (default `[service_credentials]`): Keystone (endpoint of
 * service type `metric` from the catalog), or gnocchiclient's `gnocchi-basic` / `gnocchi-noauth`
 * (a static endpoint); keep-alive sockets bounded by `[DEFAULT] max_parallel_requests`.
 */
import type { ConfigView, Logger } from '@ceilometer-ts/sdk';
import {
  normalizeInterface, OpenStackSession, readSessionCredentials, SERVICE_CREDENTIALS_GROUP, type EndpointInterface,
} from '@ceilometer-ts/openstack-client';
import { configValue } from '@ceilometer-ts/publisher-common';
import { GnocchiPublisherConfigError } from './errors.js';
import { GNOCCHI_GROUP } from './options.js';

/** Where Gnocchi is and how to reach it. */
export interface GnocchiSessionSettings {
  /** The config group the credentials come from. */
  readonly authSection: string;
  /** `[gnocchi] interface`, else the auth section's. */
  readonly interface: EndpointInterface;
  /** `[gnocchi] region_name`, else the auth section's (null: any region). */
  readonly region: string | null;
}

/** How {@link createGnocchiSession} builds the transport. */
export interface GnocchiSessionOptions {
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  /** Quick retries inside one call (connection errors, 5xx) before it fails to its caller. */
  readonly retries?: number;
  /** Renew a Keystone token this long before it expires (default 60 s). */
  readonly renewBeforeMs?: number;
}

/** The auth section, interface and region the config names. */
export function gnocchiSessionSettings(config: ConfigView): GnocchiSessionSettings {
  const authSection = configValue<string>(config, GNOCCHI_GROUP, 'auth_section', SERVICE_CREDENTIALS_GROUP) || SERVICE_CREDENTIALS_GROUP;
  const own = configValue<string | undefined>(config, GNOCCHI_GROUP, 'interface', undefined);
  const section = configValue<string | undefined>(config, authSection, 'interface', undefined);
  return {
    authSection,
    interface: normalizeInterface(own ?? section ?? 'public'),
    region: configValue<string | undefined>(config, GNOCCHI_GROUP, 'region_name', undefined) ?? configValue<string | undefined>(config, authSection, 'region_name', undefined) ?? null,
  };
}

/**
 * A session for Gnocchi. @throws GnocchiPublisherConfigError when the auth section configures no
 * way to reach Gnocchi; OpenStackAuthError for incomplete credentials.
 */
export function createGnocchiSession(config: ConfigView, logger: Logger, options: GnocchiSessionOptions = {}): { session: OpenStackSession; settings: GnocchiSessionSettings } {
  const settings = gnocchiSessionSettings(config);
  const credentials = readSessionCredentials(config, settings.authSection);
  if (credentials === null) {
    throw new GnocchiPublisherConfigError(
      `no way to reach Gnocchi: [${settings.authSection}] has neither auth_url (Keystone) nor auth_type gnocchi-basic / gnocchi-noauth with endpoint`,
    );
  }
  const session = new OpenStackSession(credentials, logger, {
    maxSockets: configValue(config, 'DEFAULT', 'max_parallel_requests', 64),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.renewBeforeMs !== undefined ? { renewBeforeMs: options.renewBeforeMs } : {}),
  });
  return { session, settings };
}
