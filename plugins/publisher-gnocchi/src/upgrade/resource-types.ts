/**
 * The resource types ceilometer needs in Gnocchi: upstream's initial types (`resources_initial`,
 * never changed) and its ordered update steps (`resources_update_operations`, 19.0's list followed
 * by the steps master added since), kept as data in `data/resource-types.json`; and what a
 * definitions file needs on top (its types and their sample and event attributes).
 */
import { readFileSync } from 'node:fs';
import type { ResourceDefinition } from '../definitions/resource-definition.js';

/** One attribute type as Gnocchi takes it (`{"type": "string", "max_length": 255, "required": false}`). */
export type AttributeSchema = Readonly<Record<string, unknown>>;

/** One upstream update step. */
export type ResourceTypeUpdate =
  | { readonly desc: string; readonly type: 'update_attribute_type'; readonly resource_type: string; readonly data: readonly { readonly op: string; readonly path: string; readonly value?: AttributeSchema }[] }
  | { readonly desc: string; readonly type: 'create_resource_type'; readonly resource_type: string; readonly data: readonly { readonly attributes: Readonly<Record<string, AttributeSchema>> }[] };

interface ResourceTypesData {
  readonly initial: Readonly<Record<string, Readonly<Record<string, AttributeSchema>>>>;
  readonly updates: readonly ResourceTypeUpdate[];
}

/** Upstream's initial types and update steps. */
export const UPSTREAM_RESOURCE_TYPES: ResourceTypesData = JSON.parse(
  readFileSync(new URL('../../data/resource-types.json', import.meta.url), 'utf8'),
) as ResourceTypesData;

/** Fields every Gnocchi resource has: never declared as attributes of a type. */
export const STANDARD_RESOURCE_FIELDS: ReadonlySet<string> = new Set([
  'id', 'type', 'original_resource_id', 'project_id', 'user_id', 'started_at', 'ended_at', 'revision_start', 'revision_end',
  'creator', 'created_by_user_id', 'created_by_project_id', 'metrics',
]);

/** How an attribute a definitions file names but no upstream step declares is created. */
export const DEFAULT_ATTRIBUTE_SCHEMA: AttributeSchema = Object.freeze({ type: 'string', min_length: 0, max_length: 255, required: false });

/** Resource type to the attribute names a definitions file writes (samples' `attributes`, events' `event_attributes`). */
export function attributesNeeded(resources: readonly ResourceDefinition[]): Map<string, Set<string>> {
  const needed = new Map<string, Set<string>>();
  for (const rd of resources) {
    const names = needed.get(rd.resourceType) ?? new Set<string>();
    for (const name of [...rd.attributeNames, ...Object.keys(rd.eventAttributes)]) if (!STANDARD_RESOURCE_FIELDS.has(name)) names.add(name);
    needed.set(rd.resourceType, names);
  }
  return needed;
}
