/**
 * Storing one batch of grouped measures (upstream's `batch_measures` and `_if_not_cached`): one
 * batch call with `create_metrics=true`; when Gnocchi answers "Unknown resources", those resources
 * are created (with their type and attributes) and the batch is sent again; then the attributes
 * that changed since they were last written are PATCHed, one call per resource, skipped when
 * their hash is unchanged. Requests per batch do not grow with the number of samples.
 */
import type { Logger, PyValue } from '@ceilometer-ts/sdk';
import { hashAttributes, type AttributeCache } from './attribute-cache.js';
import type { ResourcesDefinitions } from './definitions/load-definitions.js';
import { GnocchiUnavailableError } from './errors.js';
import { describeAnswer, errorDescription, type GnocchiAnswer, type GnocchiApi } from './gnocchi-api.js';
import { batchBody, countMeasures, type ResourceMeasures } from './measures-batch.js';
import { forEachLimit } from './parallel.js';

/** The ids (as sent) of an "Unknown resources" answer, or undefined for any other answer. */
export function unknownResourceIds(answer: GnocchiAnswer): string[] | undefined {
  if (answer.status !== 400) return undefined;
  const description = errorDescription(answer.body) as { cause?: unknown; detail?: unknown } | undefined;
  if (typeof description !== 'object' || description === null || description.cause !== 'Unknown resources' || !Array.isArray(description.detail)) return undefined;
  return description.detail.flatMap((d: unknown) => {
    const r = d as { original_resource_id?: unknown; resource_id?: unknown } | null;
    const id = r?.original_resource_id ?? r?.resource_id;
    return typeof id === 'string' ? [id] : [];
  });
}

const ok = (answer: GnocchiAnswer): boolean => answer.status >= 200 && answer.status < 300;

/** Sample publishing state shared by the batches of one publisher. */
export class SamplePublishing {
  #policiesReady = false;

  constructor(
    private readonly api: GnocchiApi,
    private readonly definitions: ResourcesDefinitions,
    private readonly cache: AttributeCache,
    private readonly parallel: number,
    private readonly logger: Logger,
  ) {}

  /** Creates the file's archive policies once (409 "already exists" is fine); throws while Gnocchi is unavailable. */
  async ensureArchivePolicies(): Promise<void> {
    if (this.#policiesReady) return;
    for (const policy of this.definitions.archivePolicies) {
      const answer = await this.api.createArchivePolicy(policy as PyValue);
      if (!ok(answer) && answer.status !== 409) {
        this.logger.error('cannot create archive policy %s: %s', policy.name, describeAnswer(answer));
      }
    }
    this.#policiesReady = true;
  }

  /** Stores `resources` (the map loses the resources that were dropped) and updates their attributes. */
  async publish(resources: Map<string, ResourceMeasures>): Promise<void> {
    const created = new Set<string>();
    await this.#store(resources, created);
    await this.#updateAttributes(resources, created);
    this.logger.debug('%d measures posted against %d resources', countMeasures(resources.values()), resources.size);
  }

  async #store(resources: Map<string, ResourceMeasures>, created: Set<string>): Promise<void> {
    let answer = await this.api.batchMeasures(batchBody(resources.values()));
    if (ok(answer)) return;
    const unknown = unknownResourceIds(answer);
    if (unknown !== undefined) {
      await this.#create(unknown.flatMap((id) => resources.get(id) ?? []), resources, created);
      if (resources.size === 0) return;
      answer = await this.api.batchMeasures(batchBody(resources.values()));
      if (ok(answer)) return;
    }
    if (answer.status !== 400 || resources.size === 1) {
      this.#dropAll(resources, answer);
      return;
    }
    // a 400 for something a resource holds (a missing archive policy, a bad value): one call per
    // resource, so only the resources Gnocchi refuses are dropped
    await forEachLimit([...resources.values()], this.parallel, async (r) => {
      const one = new Map([[r.id, r]]);
      let single = await this.api.batchMeasures(batchBody([r]));
      if (unknownResourceIds(single) !== undefined) {
        await this.#create([r], one, created);
        if (one.size === 0) {
          resources.delete(r.id);
          return;
        }
        single = await this.api.batchMeasures(batchBody([r]));
      }
      if (!ok(single)) {
        this.#drop(r, single);
        resources.delete(r.id);
      }
    });
  }

  /** Creates each resource; those Gnocchi refuses are logged and removed from `resources`. */
  async #create(list: readonly ResourceMeasures[], resources: Map<string, ResourceMeasures>, created: Set<string>): Promise<void> {
    await forEachLimit(list, this.parallel, async (r) => {
      const body = { id: r.id, user_id: r.userId, ...r.attributes } as PyValue;
      const answer = await this.api.createResource(r.type, body);
      if (ok(answer)) {
        created.add(r.id);
        this.cache.set(r.id, hashAttributes(r.attributes));
        this.logger.debug('Resource %s created', r.id);
      } else if (answer.status !== 409) {
        // created in the meantime (409) is fine; anything else: these measures cannot be stored
        this.logger.error('Error creating resource %s (type %s): %s; its %d measures are dropped', r.id, r.type, describeAnswer(answer), countMeasures([r]));
        resources.delete(r.id);
      }
    });
  }

  #drop(r: ResourceMeasures, answer: GnocchiAnswer): void {
    this.logger.error(
      { resource: r.id, type: r.type, metrics: [...r.metrics.keys()] },
      'Gnocchi refused the measures of resource %s (type %s): %s; %d measures dropped', r.id, r.type, describeAnswer(answer), countMeasures([r]),
    );
  }

  #dropAll(resources: Map<string, ResourceMeasures>, answer: GnocchiAnswer): void {
    const ids = [...resources.keys()];
    this.logger.error(
      { resources: ids.slice(0, 20), status: answer.status },
      'Gnocchi refused a batch of %d resources (%s%s): %s; %d measures dropped',
      ids.length, ids.slice(0, 5).join(', '), ids.length > 5 ? ', ...' : '', describeAnswer(answer), countMeasures(resources.values()),
    );
    resources.clear();
  }

  /** PATCHes changed attributes; never throws (the measures are stored: an unchanged cache entry retries later). */
  async #updateAttributes(resources: Map<string, ResourceMeasures>, created: ReadonlySet<string>): Promise<void> {
    const changed: [ResourceMeasures, string][] = [];
    for (const r of resources.values()) {
      if (created.has(r.id) || Object.keys(r.attributes).length === 0) continue;
      const hash = hashAttributes(r.attributes);
      if (!this.cache.matches(r.id, hash)) changed.push([r, hash]);
    }
    if (changed.length === 0) return;
    try {
      await forEachLimit(changed, this.parallel, async ([r, hash]) => {
        const answer = await this.api.updateResource(r.type, r.id, r.attributes as PyValue);
        if (ok(answer)) {
          this.cache.set(r.id, hash);
          this.logger.debug('Resource %s updated', r.id);
        } else {
          this.logger.error('Gnocchi refused the attributes of resource %s (type %s): %s', r.id, r.type, describeAnswer(answer));
        }
      });
    } catch (err) {
      if (!(err instanceof GnocchiUnavailableError)) throw err;
      this.logger.warn('attributes of %d resource(s) not updated, retried with their next samples: %s', changed.length, err.message);
    }
  }
}
