/**
 * `tenant` (upstream's `TenantDiscovery`): every Keystone project, domain by domain; with
 * `[polling] ignore_disabled_projects`, only enabled projects of enabled domains (`enabled=True`
 * on both listings). Resources are Keystone's project records (`id`, `name`, `domain_id`, ...).
 */
import { KeystoneApi, sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { INJECT_TOKENS, GLOBAL_DISCOVERY_GROUP, PLUGIN_CONTEXT, type Discovery, type IdentifiedResource, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { ignoreDisabledProjects } from './options.js';

/** A Keystone project as the discovery hands it to pollsters. */
export interface KeystoneProject extends IdentifiedResource {
  readonly name?: string;
  readonly domain_id?: string;
  readonly enabled?: boolean;
}

function isProject(record: Record<string, unknown>): record is KeystoneProject {
  return typeof record['id'] === 'string';
}

export class TenantDiscovery implements Discovery<KeystoneProject> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly groupId = GLOBAL_DISCOVERY_GROUP;
  readonly #enabledOnly: boolean;

  constructor(private readonly ctx: PluginContext) {
    this.#enabledOnly = ignoreDisabledProjects(ctx.config);
  }

  async discover(cycle: PollCycle): Promise<readonly KeystoneProject[]> {
    const session = sharedOpenStackSession(this.ctx);
    if (!session) {
      this.ctx.logger.warn('tenant discovery needs Keystone ([service_credentials] auth_url is not set): no project discovered');
      return [];
    }
    const keystone = new KeystoneApi(session);
    const filter = this.#enabledOnly ? { enabled: true } : {};
    const domains = await keystone.domains(filter, cycle.signal);
    const enabled = this.#enabledOnly ? 'enabled ' : '';
    this.ctx.logger.debug(`Found ${domains.length} ${enabled}Keystone domains`);
    const perDomain = await Promise.all(
      domains.map(async (domain) => {
        const projects = (await keystone.projects(String(domain['id']), filter, cycle.signal)).filter(isProject);
        this.ctx.logger.debug(`Found ${projects.length} ${enabled}projects in domain ${String(domain['name'])}`);
        return projects;
      }),
    );
    return perDomain.flat();
  }
}
