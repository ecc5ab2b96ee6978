/** Reading Cinder records: fields copied as metadata (null when Cinder sends none), ids as strings. */
import type { MetadataValue } from '@ceilometer-ts/sdk';

/** `{field: record[field] ?? null}` for each field, as upstream's `getattr(obj, k)` over `FIELDS`. */
export function fieldsOf(record: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, MetadataValue> {
  const metadata: Record<string, MetadataValue> = {};
  for (const field of fields) metadata[field] = (record[field] ?? null) as MetadataValue;
  return metadata;
}

/** The value if it is a string, else null. */
export const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * A Cinder capacity as a number: numbers as they are, numeric strings parsed (`"20.0"`), anything
 * else (`"infinite"`, `"unknown"`, absent) undefined.
 */
export function capacity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
