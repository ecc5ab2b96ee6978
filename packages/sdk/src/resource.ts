/**
 * A resource handed by a discovery to a pollster. Discoveries may return any shape; these are the
 * shapes the core understands when it de-duplicates, blacklists and partitions resources.
 */

/** Something a pollster polls: a URL string (`snmp://10.0.0.5`), or an object with an identity. */
export type Resource = string | IdentifiedResource;

/** A resource object with an identity: what the polling agent de-duplicates and blacklists by. */
export interface IdentifiedResource {
  /** Stable identity used for de-duplication, blacklisting and hash-ring partitioning. */
  readonly id: string;
  readonly [key: string]: unknown;
}

/** The key the polling agent uses for a resource (upstream uses `str(resource)` or its id). */
export function resourceKey(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  if (resource && typeof resource === 'object' && 'id' in resource) return String((resource as IdentifiedResource).id);
  return JSON.stringify(resource);
}
