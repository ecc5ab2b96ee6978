/**
 * What the publisher last wrote of each resource's attributes, as a hash (upstream's
 * `_hash_resource` in its oslo.cache region, which is off by default, so upstream PATCHes every
 * resource of every batch). Always on here, bounded, least recently used out first.
 */
import { createHash } from 'node:crypto';
import { dumpsPyJson, type PyValue } from '@ceilometer-ts/sdk';

/** Resources remembered at most (about 100 bytes each). */
export const DEFAULT_ATTRIBUTE_CACHE_SIZE = 100_000;

/** The hash of `attributes` without `metrics`, independent of key order. */
export function hashAttributes(attributes: Readonly<Record<string, unknown>>): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(attributes).sort()) if (key !== 'metrics') sorted[key] = attributes[key];
  return createHash('sha1').update(dumpsPyJson(sorted as PyValue)).digest('base64');
}

/** Resource id to attribute hash, least recently used dropped first. */
export class AttributeCache {
  readonly #entries = new Map<string, string>();

  constructor(readonly maxEntries = DEFAULT_ATTRIBUTE_CACHE_SIZE) {}

  /** Whether `hash` is what was last written for `key`. */
  matches(key: string, hash: string): boolean {
    const cached = this.#entries.get(key);
    if (cached === undefined) return false;
    // refresh: a resource seen every cycle must never age out
    this.#entries.delete(key);
    this.#entries.set(key, cached);
    return cached === hash;
  }

  set(key: string, hash: string): void {
    this.#entries.delete(key);
    this.#entries.set(key, hash);
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
