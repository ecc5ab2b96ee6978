/**
 * The `local://` resource: this machine, whatever host name the URL carries.
 */
import { resourceKey } from '@ceilometer-ts/sdk';

/** The resource the `local_host` discovery returns. */
export const LOCAL_HOST_URL = 'local://localhost';

/** A local resource resolved for polling. */
export interface LocalHost {
  /** Resource id of host-level samples: the host name. */
  readonly id: string;
  /** `resource_url` metadata: the URL without credentials, query or fragment. */
  readonly url: string;
}

/**
 * Resolves a polled resource to this host, or undefined when it is not a `local://` URL (an
 * `snmp://` resource in the same source belongs to another inspector's pollsters).
 */
export function toLocalHost(resource: unknown, hostId: string): LocalHost | undefined {
  const key = resourceKey(resource);
  if (!key.startsWith('local:')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(key);
  } catch {
    return undefined;
  }
  return { id: hostId, url: `local://${parsed.host || 'localhost'}` };
}
