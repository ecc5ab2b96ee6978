/**
 * Upstream's `sample.add_reserved_user_metadata`: the `metering.*` members of a server's user
 * metadata (and listed extra keys) copied into `resource_metadata.user_metadata`.
 */
import type { ConfigView } from './options.js';

/** `[DEFAULT] reserved_metadata_namespace`, `reserved_metadata_length`, `reserved_metadata_keys`. */
export interface ReservedMetadataOptions {
  /** Prefixes; default `['metering.']`. */
  readonly namespaces: readonly string[];
  /** Longest string value kept; default 256. */
  readonly length: number;
  /** Extra keys taken whole; default none. */
  readonly keys: readonly string[];
}

/** Upstream's defaults. */
export const DEFAULT_RESERVED_METADATA: ReservedMetadataOptions = Object.freeze({ namespaces: ['metering.'], length: 256, keys: [] });

function crop(value: unknown, limit: number): unknown {
  if (typeof value !== 'string') return value;
  return Array.from(value).slice(0, limit).join('');
}

/**
 * Adds `user_metadata` to `dest` from the reserved members of `source` (prefix removed, dots made
 * underscores, strings cropped); members whose key is already in `dest` are left out.
 */
export function addReservedUserMetadata(options: ReservedMetadataOptions, source: Readonly<Record<string, unknown>>, dest: Record<string, unknown>): void {
  const user: Record<string, unknown> = {};
  for (const prefix of options.namespaces) {
    for (const [k, v] of Object.entries(source)) {
      if (!k.startsWith(prefix)) continue;
      const key = k.slice(prefix.length).replace(/\./g, '_');
      if (!Object.hasOwn(dest, key)) user[key] = crop(v, options.length);
    }
  }
  for (const wanted of options.keys) {
    for (const [k, v] of Object.entries(source)) {
      const key = k.replace(/\./g, '_');
      if (k === wanted && !Object.hasOwn(dest, key)) user[key] = crop(v, options.length);
    }
  }
  if (Object.keys(user).length > 0) dest['user_metadata'] = user;
}

/**
 * `[DEFAULT] reserved_metadata_*` as declared by the core; upstream's defaults for options not
 * declared (a plugin tested without the core's declarations).
 */
export function reservedMetadataOptions(config: ConfigView): ReservedMetadataOptions {
  const read = <T>(name: string, fallback: T): T => (config.has('DEFAULT', name) ? (config.get<T | null | undefined>('DEFAULT', name) ?? fallback) : fallback);
  return {
    namespaces: read<readonly string[]>('reserved_metadata_namespace', DEFAULT_RESERVED_METADATA.namespaces),
    length: read<number>('reserved_metadata_length', DEFAULT_RESERVED_METADATA.length),
    keys: read<readonly string[]>('reserved_metadata_keys', DEFAULT_RESERVED_METADATA.keys),
  };
}
