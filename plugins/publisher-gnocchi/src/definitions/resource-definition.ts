/**
 * One entry of gnocchi_resources.yaml `resources:` (upstream's `ResourcesDefinition`): the resource
 * type, its metrics with their archive policies, the attributes read from samples (jsonpath over
 * `sample.as_dict()`), and what events create, update and end its resources.
 */
import { isPyDict, type Event, type Sample } from '@ceilometer-ts/sdk';
import { fnmatch } from './fnmatch.js';
import { AttributeDefinitions, DefinitionError } from '@ceilometer-ts/jsonpath';

/** What an event does to a resource. */
export type EventOperation = 'create' | 'update' | 'delete';

/** One metric of a resource type. */
export interface MetricDefinition {
  readonly archive_policy_name: string;
  /** Other keys written under the metric (passed on as upstream does). */
  readonly [key: string]: unknown;
}

/** The archive policy choices that apply to every definition of a file. */
export interface ArchivePolicyChoice {
  /** `archive_policy_default` of the file (`ceilometer-low` when absent). */
  readonly fallback: string;
  /** The publisher URL's `archive_policy`, overriding every metric's. */
  readonly override: string | null;
}

function stringList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new DefinitionError(`${path} must be an event type pattern or a list of them`, [path]);
}

function stringMap(value: unknown, path: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPyDict(value)) throw new DefinitionError(`${path} must be a mapping`, [path]);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new DefinitionError(`${path}.${k} must be a string`, [path, k]);
  }
  return value as Record<string, string>;
}

/** A compiled resource definition. */
export class ResourceDefinition {
  readonly resourceType: string;
  readonly metrics: ReadonlyMap<string, MetricDefinition>;
  readonly #attributes: AttributeDefinitions;
  /** Attribute names read from samples (what `ceilometer-upgrade` makes sure the type has). */
  readonly attributeNames: readonly string[];
  readonly eventCreate: readonly string[];
  readonly eventUpdate: readonly string[];
  readonly eventDelete: readonly string[];
  /** Resource attribute to trait name. */
  readonly eventAttributes: Readonly<Record<string, string>>;
  /** Resource type to search query template (`'{"=": {"instance_id": "%s"}}'`). */
  readonly eventAssociatedResources: Readonly<Record<string, string>>;
  /** The deprecated resource-level `archive_policy`, when given (warned by the loader). */
  readonly deprecatedArchivePolicy: string | undefined;

  /** @throws DefinitionError with the path of the offending key inside the entry. */
  constructor(cfg: unknown, policy: ArchivePolicyChoice) {
    if (!isPyDict(cfg)) throw new DefinitionError('a resource definition must be a mapping');
    const type = cfg['resource_type'];
    if (type === undefined) throw new DefinitionError('Required field resource_type not specified', ['resource_type']);
    if (typeof type !== 'string') throw new DefinitionError('Required field resource_type should be a string', ['resource_type']);
    this.resourceType = type;
    const rawMetrics = cfg['metrics'];
    if (rawMetrics === undefined) throw new DefinitionError('Required field metrics not specified', ['metrics']);
    if (!Array.isArray(rawMetrics) && !isPyDict(rawMetrics)) throw new DefinitionError('Required field metrics should be a mapping or a list', ['metrics']);
    const legacy = cfg['archive_policy'];
    this.deprecatedArchivePolicy = typeof legacy === 'string' ? legacy : undefined;
    const metrics = new Map<string, MetricDefinition>();
    const entries: [unknown, unknown][] = Array.isArray(rawMetrics) ? rawMetrics.map((m) => [m, null]) : Object.entries(rawMetrics);
    for (const [name, extra] of entries) {
      if (typeof name !== 'string') throw new DefinitionError(`metric names must be strings, not ${String(name)}`, ['metrics']);
      if (extra !== null && extra !== undefined && !isPyDict(extra)) throw new DefinitionError(`metric ${name} must map to nothing or to a mapping`, ['metrics', name]);
      const given = (extra ?? {}) as Record<string, unknown>;
      let archive = typeof given['archive_policy_name'] === 'string' && given['archive_policy_name'] ? given['archive_policy_name'] : policy.fallback;
      if (policy.override) archive = policy.override;
      // NOTE: after the override, as upstream keeps the deprecated key's odd precedence
      if (this.deprecatedArchivePolicy !== undefined) archive = this.deprecatedArchivePolicy;
      metrics.set(name, { ...given, archive_policy_name: archive });
    }
    this.metrics = metrics;
    try {
      this.#attributes = new AttributeDefinitions(cfg['attributes']);
    } catch (err) {
      if (err instanceof DefinitionError) throw new DefinitionError(err.message, ['attributes', ...err.path], { cause: err });
      throw err;
    }
    this.attributeNames = this.#attributes.names;
    this.eventCreate = stringList(cfg['event_create'], 'event_create');
    this.eventUpdate = stringList(cfg['event_update'], 'event_update');
    this.eventDelete = stringList(cfg['event_delete'], 'event_delete');
    this.eventAttributes = stringMap(cfg['event_attributes'], 'event_attributes');
    this.eventAssociatedResources = stringMap(cfg['event_associated_resources'], 'event_associated_resources');
    if (this.supportsEvents && this.eventAttributes['id'] === undefined) {
      throw new DefinitionError('Required field id not specified', ['event_attributes', 'id']);
    }
  }

  /** Whether any of `event_create`, `event_update`, `event_delete` is set. */
  get supportsEvents(): boolean {
    return this.eventCreate.length + this.eventUpdate.length + this.eventDelete.length > 0;
  }

  /** What `eventType` does to this type's resources (create, then delete, then update, as upstream). */
  eventMatch(eventType: string): EventOperation | undefined {
    if (this.eventCreate.some((p) => fnmatch(eventType, p))) return 'create';
    if (this.eventDelete.some((p) => fnmatch(eventType, p))) return 'delete';
    if (this.eventUpdate.some((p) => fnmatch(eventType, p))) return 'update';
    return undefined;
  }

  /** The attributes a sample gives (nulls left out), in definition order. */
  sampleAttributes(sample: Sample, into: Record<string, unknown>): void {
    // NOTE: a Sample has exactly the keys of upstream's sample.as_dict(): no copy needed
    try {
      Object.assign(into, this.#attributes.evaluate(sample));
    } catch {
      // a path that cannot be evaluated on this sample (sub() on a non-string): no attributes from it
    }
  }

  /** `{type, <attr>: <trait value>...}` from an event's traits (nulls left out). */
  eventResource(event: Event): Record<string, unknown> {
    const traits = new Map(event.traits.map((t) => [t.name, t.value]));
    const resource: Record<string, unknown> = { type: this.resourceType };
    for (const [attr, trait] of Object.entries(this.eventAttributes)) {
      const value = traits.get(trait);
      if (value !== null && value !== undefined) resource[attr] = value;
    }
    return resource;
  }
}
