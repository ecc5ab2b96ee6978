/**
 * Typed errors of the OpenStack client. Messages name the service, method and URL (never a token,
 * password or secret: URLs here carry no credentials, and response bodies are cut short).
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** Base of every error this client throws on purpose. */
export abstract class OpenStackError extends CeilometerError {}

/** Where a failed request went. */
export interface RequestTarget {
  /** Service type (`compute`, `identity`, ...). */
  readonly service: string;
  readonly method: string;
  /** The URL without userinfo. */
  readonly url: string;
}

/** The API answered with a non-2xx status (after the retries for 5xx were spent). */
export class OpenStackHttpError extends OpenStackError {
  readonly code = 'CEILO_ERR_OPENSTACK_HTTP' as const;
  readonly service: string;
  readonly method: string;
  readonly url: string;
  constructor(readonly status: number, target: RequestTarget, readonly detail: string, options?: ErrorOptions) {
    super(`${target.service}: ${target.method} ${target.url} answered HTTP ${status}${detail ? `: ${detail}` : ''}`, options);
    this.service = target.service;
    this.method = target.method;
    this.url = target.url;
  }
}

/** No answer: connection refused or reset, DNS failure, TLS failure or timeout (after the retries). */
export class OpenStackConnectionError extends OpenStackError {
  readonly code = 'CEILO_ERR_OPENSTACK_CONNECTION' as const;
  readonly service: string;
  readonly method: string;
  readonly url: string;
  constructor(target: RequestTarget, readonly reason: string, options?: ErrorOptions) {
    super(`${target.service}: ${target.method} ${target.url} failed: ${reason}`, options);
    this.service = target.service;
    this.method = target.method;
    this.url = target.url;
  }
}

/**
 * Keystone refused the credentials (401/403 on `POST /v3/auth/tokens`), or they are incomplete in
 * the configuration. `status` is 0 for a configuration problem.
 */
export class OpenStackAuthError extends OpenStackError {
  readonly code = 'CEILO_ERR_OPENSTACK_AUTH' as const;
  constructor(message: string, readonly status = 0, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The catalog has no endpoint for a service type, interface and region. */
export class OpenStackEndpointNotFoundError extends OpenStackError {
  readonly code = 'CEILO_ERR_OPENSTACK_NO_ENDPOINT' as const;
  constructor(readonly serviceType: string, readonly interfaceName: string, readonly region: string | null, available: readonly string[]) {
    super(
      `no ${interfaceName} endpoint for service type "${serviceType}"${region ? ` in region ${region}` : ''} in the Keystone catalog` +
        ` (catalog has: ${available.length > 0 ? available.join(', ') : 'nothing'})`,
    );
  }
}
