/**
 * The `gnocchi://` publisher (upstream's ceilometer.publisher.gnocchi.GnocchiPublisher): samples
 * become measures of the metrics of Gnocchi resources described by gnocchi_resources.yaml, one
 * batch call per pipeline batch; events create, update and end resources.
 *
 * Failures: an unavailable Gnocchi (no connection, timeout, 5xx after the transport's quick
 * retries) rejects the publish call with {@link GnocchiUnavailableError}, so the notification
 * agent's delivery queue holds the batch and sends it again with backoff (acknowledging the
 * messages once the batch is queued). A 4xx is logged with the resource it concerns and that
 * resource's measures are dropped; the rest of the batch is stored.
 */
import {
  inject, injectable, INVOKE_ARGS, PLUGIN_CONTEXT, toPublisherTarget,
  type Event, type Logger, type PluginContext, type Publisher, type PublisherArg, type PublisherTarget, type Sample,
} from '@ceilometer-ts/sdk';
import { createOpenStackSession, SERVICE_CREDENTIALS_GROUP, type OpenStackSession } from '@ceilometer-ts/openstack-client';
import { configValue } from '@ceilometer-ts/publisher-common';
import { AttributeCache } from './attribute-cache.js';
import { loadResourcesDefinitions, resolveDefinitionsFile, type ResourcesDefinitions } from './definitions/load-definitions.js';
import { EventPublishing } from './event-publishing.js';
import { GnocchiApi } from './gnocchi-api.js';
import { createGnocchiSession } from './gnocchi-session.js';
import { groupSamples } from './measures-batch.js';
import { ProjectFilter } from './project-filter.js';
import { SamplePublishing } from './sample-publishing.js';
import { parseGnocchiSettings, type GnocchiPublisherSettings } from './settings.js';

/**
 * Publishes to Gnocchi.
 * @example `gnocchi://?filter_project=service&archive_policy=horizon-mimic`
 */
@injectable()
export class GnocchiPublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly settings: GnocchiPublisherSettings;
  readonly definitions: ResourcesDefinitions;
  readonly api: GnocchiApi;
  readonly #logger: Logger;
  readonly #keystone: OpenStackSession | null;
  readonly #projectFilter: ProjectFilter;
  readonly #samples: SamplePublishing;
  readonly #events: EventPublishing;
  readonly #unknownMeters = new Set<string>();
  #badVolumes = 0;

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    this.target = toPublisherTarget(args);
    this.#logger = ctx.logger;
    this.settings = parseGnocchiSettings(this.target.url);
    const file = resolveDefinitionsFile(ctx.config, this.settings.resourcesDefinitionFile, ctx.logger);
    this.definitions = loadResourcesDefinitions(file, this.settings.archivePolicyOverride, ctx.logger);
    const { session, settings } = createGnocchiSession(ctx.config, ctx.logger, { timeoutMs: this.settings.timeoutMs });
    this.api = new GnocchiApi(session, settings);
    // upstream looks the project up with the [service_credentials] Keystone client
    this.#keystone = !this.settings.enableFilterProject
      ? null
      : settings.authSection === SERVICE_CREDENTIALS_GROUP
        ? session
        : createOpenStackSession(ctx.config, ctx.logger);
    this.#projectFilter = new ProjectFilter(this.settings.filterProject, this.settings.filterDomain, this.#keystone, ctx.logger);
    const parallel = Math.max(1, configValue(ctx.config, 'DEFAULT', 'max_parallel_requests', 64));
    const cache = new AttributeCache();
    this.#samples = new SamplePublishing(this.api, this.definitions, cache, parallel, ctx.logger);
    this.#events = new EventPublishing(this.api, this.definitions, cache, ctx.logger);
    ctx.logger.debug({ definitions: file, resources: this.definitions.resources.length, metrics: this.definitions.metricMap.size }, 'GnocchiPublisher initialised');
  }

  async publishSamples(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.#samples.ensureArchivePolicies();
    const projectId = await this.#projectFilter.projectId();
    const isGnocchiActivity = this.#projectFilter.predicate(projectId, this.definitions.metricMap);
    const resources = groupSamples(samples, {
      metricMap: this.definitions.metricMap,
      isGnocchiActivity,
      unknownMeter: (name) => {
        if (this.#unknownMeters.has(name)) return;
        this.#unknownMeters.add(name);
        this.#logger.warn('metric %s is not handled by Gnocchi', name);
      },
      badVolume: (sample) => {
        this.#badVolumes += 1;
        if (this.#badVolumes === 1 || this.#badVolumes % 1000 === 0) {
          this.#logger.warn('sample %s of resource %s has no numeric volume (%s): not published (%d such samples so far)', sample.name, sample.resource_id, String(sample.volume), this.#badVolumes);
        }
      },
    });
    if (resources.size === 0) return;
    await this.#samples.publish(resources);
  }

  publishEvents(events: readonly Event[]): Promise<void> {
    return this.#events.publish(events);
  }

  /** Every call finishes before its promise settles, so closing only releases the sockets. */
  close(): Promise<void> {
    this.api.session.close();
    if (this.#keystone !== null && this.#keystone !== this.api.session) this.#keystone.close();
    return Promise.resolve();
  }
}
