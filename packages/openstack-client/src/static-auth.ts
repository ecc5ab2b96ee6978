/**
 * The authenticator of a static session (`gnocchi-basic`, `gnocchi-noauth`): fixed headers, and a
 * catalog that answers every service type with the configured endpoint, as gnocchiclient's plugins'
 * `get_endpoint` does.
 */
import { ServiceCatalog } from './catalog.js';
import type { EndpointInterface } from './credentials.js';
import type { AuthState, SessionAuthenticator } from './keystone-auth.js';
import type { StaticEndpointCredentials } from './static-credentials.js';

/** A catalog with one endpoint for every service type, interface and region. */
export class StaticCatalog extends ServiceCatalog {
  constructor(readonly url: string) {
    super([]);
  }

  override endpoint(_serviceType: string, _iface: EndpointInterface, _region: string | null): string {
    return this.url;
  }
}

/** Never expires, never renews. */
export class StaticAuth implements SessionAuthenticator {
  readonly renewable = false;
  readonly #state: AuthState;

  constructor(credentials: StaticEndpointCredentials) {
    this.#state = Object.freeze({
      token: '',
      headers: credentials.headers,
      expiresAt: Infinity,
      catalog: new StaticCatalog(credentials.endpoint),
      projectId: credentials.projectId,
      userId: credentials.userId,
    });
  }

  state(): Promise<AuthState> {
    return Promise.resolve(this.#state);
  }

  invalidate(_token: string): void {}
}
