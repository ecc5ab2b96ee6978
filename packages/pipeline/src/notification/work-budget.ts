/**
 * The work one notification may cause. Samples built from a payload share it (see
 * `meter/payload-metadata.ts`), so building them costs memory proportional to the message; but every
 * publisher serialises each sample's metadata, so the *output* grows as samples x payload: a
 * 568 KB `magnum.bay.metrics.update` with 10,000 metrics stands for 5.7 GB of metadata. A
 * notification over budget is poison: logged, dead-lettered, never published.
 */
import { PyFloat, type MetadataValue, type Sample } from '@ceilometer-ts/sdk';

/** Limits per notification; 0 turns a limit off (`[notification] max_samples_per_notification`, `max_metadata_bytes_per_notification`). */
export interface WorkBudget {
  readonly maxSamples: number;
  /** Estimated serialised metadata of all the notification's samples (JSON bytes, approximately). */
  readonly maxMetadataBytes: number;
}

/** 10,000 samples, 256 MiB of metadata. */
export const DEFAULT_WORK_BUDGET: WorkBudget = { maxSamples: 10_000, maxMetadataBytes: 256 * 1024 * 1024 };

/** No limits. */
export const UNLIMITED_WORK_BUDGET: WorkBudget = { maxSamples: 0, maxMetadataBytes: 0 };

/**
 * Estimates the JSON size of `value`. Sizes of objects already measured are reused (`memo`), so
 * samples sharing one payload cost a walk of the payload once plus their own top-level keys.
 */
function jsonSize(value: MetadataValue, memo: WeakMap<object, number>): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < 1e15 ? String(value).length : 24;
    case 'boolean':
      return value ? 4 : 5;
    case 'bigint':
      return value.toString().length;
    default:
      break;
  }
  if (value instanceof PyFloat) return 24;
  const known = memo.get(value);
  if (known !== undefined) return known;
  let size = 2;
  if (Array.isArray(value)) {
    for (const item of value as readonly MetadataValue[]) size += jsonSize(item, memo) + 2;
  } else {
    for (const [k, v] of Object.entries(value)) size += k.length + 4 + jsonSize(v, memo) + 2;
  }
  memo.set(value, size);
  return size;
}

/**
 * Why a notification's samples exceed the budget, or undefined when they fit. `messageBytes` (the
 * size as delivered) skips the walk when even twice the message per sample fits: metadata is made
 * of the message's own values, so the common small notification costs nothing to check.
 */
export function exceedsWorkBudget(samples: readonly Sample[], budget: WorkBudget, messageBytes?: number): string | undefined {
  if (budget.maxSamples > 0 && samples.length > budget.maxSamples) {
    return `${samples.length} samples exceed [notification] max_samples_per_notification (${budget.maxSamples})`;
  }
  if (budget.maxMetadataBytes <= 0) return undefined;
  if (messageBytes !== undefined && samples.length * (2 * messageBytes + 1024) <= budget.maxMetadataBytes) return undefined;
  const memo = new WeakMap<object, number>();
  let bytes = 0;
  for (const sample of samples) {
    bytes += jsonSize(sample.resource_metadata, memo);
    if (bytes > budget.maxMetadataBytes) {
      return `metadata of ${samples.length} samples exceeds [notification] max_metadata_bytes_per_notification (${budget.maxMetadataBytes} bytes)`;
    }
  }
  return undefined;
}
