/**
 * Gnocchi's own activity (upstream's `_is_gnocchi_activity`): samples of the project Gnocchi runs
 * in (`filter_project` in `filter_domain`, looked up once in Keystone through
 * `[service_credentials]`), and swift_account samples of that project's account, are not
 * published, so Gnocchi storing measures in Swift does not measure itself forever.
 */
import type { Logger, Sample } from '@ceilometer-ts/sdk';
import { isStaticCredentials, OpenStackConnectionError, OpenStackHttpError, type OpenStackSession } from '@ceilometer-ts/openstack-client';
import { GnocchiUnavailableError } from './errors.js';
import type { ResourceDefinition } from './definitions/resource-definition.js';

/** Resolves and applies the filter. */
export class ProjectFilter {
  #projectId: string | null | undefined;
  #pending: Promise<string | null> | undefined;

  /**
   * @param keystone the `[service_credentials]` session (null: none configured, or a static
   *   gnocchi-basic / gnocchi-noauth one, where no project can be looked up).
   */
  constructor(
    readonly project: string | null,
    readonly domain: string | null,
    private readonly keystone: OpenStackSession | null,
    private readonly logger: Logger,
  ) {
    if (project === null) this.#projectId = null;
  }

  /** Gnocchi's project id, looked up on first use (null: nothing to filter). Throws while Keystone is unavailable. */
  projectId(): Promise<string | null> {
    if (this.#projectId !== undefined) return Promise.resolve(this.#projectId);
    this.#pending ??= this.#resolve().then(
      (id) => {
        this.#projectId = id;
        this.#pending = undefined;
        return id;
      },
      (err: unknown) => {
        this.#pending = undefined;
        throw err;
      },
    );
    return this.#pending;
  }

  /** A filter over samples for one batch. */
  predicate(projectId: string | null, metricMap: ReadonlyMap<string, ResourceDefinition>): (sample: Sample) => boolean {
    if (projectId === null) return () => false;
    return (s) => s.project_id === projectId || (s.resource_id === projectId && metricMap.get(s.name)?.resourceType === 'swift_account');
  }

  async #resolve(): Promise<string | null> {
    const project = this.project as string;
    const keystone = this.keystone;
    if (keystone === null || isStaticCredentials(keystone.credentials)) {
      this.logger.info('filter_project %s not applied: [service_credentials] is not a Keystone configuration', project);
      return null;
    }
    // NOTE: Keystone at auth_url, which every deployment reaches, rather than the catalog's
    // identity endpoint on the configured interface, which some catalogs lack
    const identity = keystone.credentials.authUrl;
    try {
      const domains = await keystone.list('identity', `${identity}/domains`, 'domains', {}, { query: { name: this.domain } });
      const domainId = domains[0]?.['id'];
      const projects = typeof domainId === 'string'
        ? await keystone.list('identity', `${identity}/projects`, 'projects', {}, { query: { name: project, domain_id: domainId } })
        : [];
      const id = projects[0]?.['id'];
      if (typeof id !== 'string') {
        this.logger.warn('Filtered project [%s] not found in keystone, ignoring the filter_project option', project);
        return null;
      }
      this.logger.debug('Filtered project [%s] found with ID [%s].', project, id);
      return id;
    } catch (err) {
      if (err instanceof OpenStackConnectionError || (err instanceof OpenStackHttpError && err.status >= 500)) {
        throw new GnocchiUnavailableError(`cannot look filter_project ${project} up in Keystone: ${err.message}`, err instanceof OpenStackHttpError ? 'http-status' : 'unreachable', { cause: err });
      }
      this.logger.error({ err }, 'Failed to retrieve filtered project [%s]: %s', project, (err as Error).message);
      throw new GnocchiUnavailableError(`cannot look filter_project ${project} up in Keystone: ${(err as Error).message}`, 'error', { cause: err });
    }
  }
}
