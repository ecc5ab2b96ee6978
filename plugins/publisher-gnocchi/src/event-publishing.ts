/**
 * Events as upstream's `publish_events`: the first definition whose `event_create`,
 * `event_delete` or `event_update` pattern matches the event type creates the resource from the
 * event's traits (`event_attributes`), updates its attributes (skipped when unchanged), or sets
 * `ended_at` on it and on its `event_associated_resources` (found with a search query). Gnocchi
 * being unavailable rejects the call (the delivery queue sends the events again; creating twice
 * answers 409, ignored); a 4xx is logged with the resource and the event goes on.
 */
import { utcNowIsoTimestamp, type Event, type Logger, type PyValue } from '@ceilometer-ts/sdk';
import { hashAttributes, type AttributeCache } from './attribute-cache.js';
import type { ResourcesDefinitions } from './definitions/load-definitions.js';
import type { EventOperation, ResourceDefinition } from './definitions/resource-definition.js';
import { describeAnswer, type GnocchiApi } from './gnocchi-api.js';

const ok = (status: number): boolean => status >= 200 && status < 300;

/** Event publishing state of one publisher. */
export class EventPublishing {
  readonly #loggedTypes = new Set<string>();

  constructor(
    private readonly api: GnocchiApi,
    private readonly definitions: ResourcesDefinitions,
    private readonly cache: AttributeCache,
    private readonly logger: Logger,
  ) {}

  async publish(events: readonly Event[]): Promise<void> {
    for (const event of events) {
      const match = this.#match(event.event_type);
      if (match === undefined) {
        if (!this.#loggedTypes.has(event.event_type)) {
          this.#loggedTypes.add(event.event_type);
          this.logger.debug('No gnocchi definition for event type: %s', event.event_type);
        }
        continue;
      }
      const [rd, operation] = match;
      if (operation === 'create') await this.#create(rd, event);
      else if (operation === 'update') await this.#update(rd, event);
      else await this.#delete(rd, event);
    }
  }

  #match(eventType: string): [ResourceDefinition, EventOperation] | undefined {
    for (const rd of this.definitions.resources) {
      const operation = rd.eventMatch(eventType);
      if (operation) return [rd, operation];
    }
    return undefined;
  }

  async #create(rd: ResourceDefinition, event: Event): Promise<void> {
    const { type, ...resource } = rd.eventResource(event);
    const answer = await this.api.createResource(String(type), resource as PyValue);
    if (answer.status === 409) this.logger.debug('Create event received on existing resource (%s), ignore it.', String(resource['id']));
    else if (!ok(answer.status)) this.logger.error('Failed to create resource %s (type %s) from event %s: %s', String(resource['id']), String(type), event.message_id, describeAnswer(answer));
  }

  async #update(rd: ResourceDefinition, event: Event): Promise<void> {
    const { type, id, ...attributes } = rd.eventResource(event);
    const key = String(id);
    const hash = hashAttributes(attributes);
    if (this.cache.matches(key, hash)) return;
    const answer = await this.api.updateResource(String(type), key, attributes as PyValue);
    if (ok(answer.status)) this.cache.set(key, hash);
    else if (answer.status === 404) this.logger.debug('Update event received on unexisting resource (%s), ignore it.', key);
    else this.logger.error('Fail to update the resource %s (type %s): %s', key, String(type), describeAnswer(answer));
  }

  async #delete(rd: ResourceDefinition, event: Event): Promise<void> {
    const endedAt = utcNowIsoTimestamp();
    const resource = rd.eventResource(event);
    const id = String(resource['id']);
    const toEnd: { type: string; id: string }[] = [{ type: rd.resourceType, id }];
    for (const [type, template] of Object.entries(rd.eventAssociatedResources)) {
      toEnd.push(...(await this.#search(type, template.replace(/%s/g, id).replace(/%%/g, '%'))));
    }
    for (const r of toEnd) {
      const answer = await this.api.updateResource(r.type, r.id, { ended_at: endedAt });
      if (answer.status === 404) this.logger.debug('Delete event received on unexisting resource (%s), ignore it.', r.id);
      else if (!ok(answer.status)) this.logger.error('Fail to end the resource %s (type %s): %s', r.id, r.type, describeAnswer(answer));
      else this.logger.debug('Resource %s ended at %s', r.id, endedAt);
    }
  }

  async #search(type: string, query: string): Promise<{ type: string; id: string }[]> {
    let filter: PyValue;
    try {
      filter = JSON.parse(query) as PyValue;
    } catch (err) {
      this.logger.error("Fail to search resource type %s with '%s': %s", type, query, (err as Error).message);
      return [];
    }
    const answer = await this.api.searchResources(type, filter);
    if (!ok(answer.status) || !Array.isArray(answer.body)) {
      this.logger.error("Fail to search resource type %s with '%s': %s", type, query, describeAnswer(answer));
      return [];
    }
    return answer.body.flatMap((r: unknown) => {
      const found = r as { id?: unknown; type?: unknown } | null;
      return typeof found?.id === 'string' ? [{ type: typeof found.type === 'string' ? found.type : type, id: found.id }] : [];
    });
  }
}
